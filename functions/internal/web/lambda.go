package web

import (
	"net/http"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"
)

// RequestID hands API Gateway's request id to the handler, so that logs and responses carry it.
// Only the functions' main packages use it, under Lambda.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context()); ok && rc.RequestID != "" {
			r.Header.Set("X-Request-Id", rc.RequestID)
		}
		next.ServeHTTP(w, r)
	})
}
