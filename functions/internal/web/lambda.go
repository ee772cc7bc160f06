package web

import (
	"context"
	"net/http"
	"regexp"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/ala-alsc/mentoring/functions/internal/origin"
)

// Lambda is h as every HTTP function serves it under Lambda (HTTP API payload 2.0): refusing
// requests that did not come through the site's distribution (origin secret), with API
// Gateway's request id and the site's address the visitor used.
func Lambda(originSecret string, h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return httpadapter.NewV2(origin.Guard(originSecret, RequestID(ForwardedSite(h)))).ProxyWithContext
}

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

type siteKey struct{}

// hostName is what a host name (with an optional port) may be made of.
var hostName = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$`)

// ForwardedSite tells the handlers the site's address the visitor used, from the X-Forwarded-Host
// header that the CloudFront distribution sets on every API request (template.yaml: ForwardedHost),
// so that pages take the site's layout and emails link to the site. Requests reach the functions
// only through the distribution (package origin), which overwrites any header a client sent.
func ForwardedSite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if host := r.Header.Get("X-Forwarded-Host"); hostName.MatchString(host) {
			r = r.WithContext(context.WithValue(r.Context(), siteKey{}, "https://"+host))
		}
		next.ServeHTTP(w, r)
	})
}

// siteOf is the site's address ForwardedSite found, or "".
func siteOf(ctx context.Context) string {
	s, _ := ctx.Value(siteKey{}).(string)
	return s
}
