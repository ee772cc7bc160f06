// Command apply is the Lambda function behind POST /api/applications: it checks, stores and
// confirms mentor and mentee applications.
//
// Environment: TABLE_NAME (the DynamoDB table), EMAIL_FROM (the sender of confirmations),
// ORIGIN_SECRET (requests without it are refused: package origin), optionally CALENDAR_FILE,
// SES_CONFIGURATION_SET and OUTBOX_DIR: see package lambdaenv.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/origin"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	fail := func(msg string, err error) {
		log.Error(msg, "err", err)
		os.Exit(1)
	}
	env, err := lambdaenv.Load(context.Background())
	if err != nil {
		fail("environment", err)
	}
	h := web.Apply(web.ApplyConfig{
		Calendar: env.Calendar,
		Store:    env.Store,
		Mail:     env.Mail,
		Log:      log,
		MinFill:  web.DefaultMinFill,
		// No per-client limit here: behind CloudFront every request comes from an edge address,
		// and each Lambda instance would count apart. The HTTP API's throttling (template.yaml)
		// answers 429 instead.
	})
	lambda.Start(httpadapter.NewV2(origin.Guard(env.OriginSecret, requestID(h))).ProxyWithContext)
}

// requestID hands API Gateway's request id to the handler, so logs and responses carry it.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context()); ok && rc.RequestID != "" {
			r.Header.Set("X-Request-Id", rc.RequestID)
		}
		next.ServeHTTP(w, r)
	})
}
