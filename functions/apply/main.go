// Command apply is the Lambda function behind POST /api/applications: it checks, stores and
// confirms mentor and mentee applications.
//
// Environment: TABLE_NAME (the DynamoDB table), EMAIL_FROM (the sender of confirmations),
// optionally CALENDAR_FILE (another program calendar than the built-in one) and OUTBOX_DIR (write
// emails as .eml files there instead of sending them through SES). The SDK's standard variables,
// such as AWS_ENDPOINT_URL_DYNAMODB, apply.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	fail := func(msg string, err error) {
		log.Error(msg, "err", err)
		os.Exit(1)
	}
	ctx := context.Background()
	aws, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail("aws config", err)
	}
	cal, err := program.LoadCalendar(os.Getenv("CALENDAR_FILE"))
	if err != nil {
		fail("calendar", err)
	}
	var mail notify.Sender = notify.SES{Client: sesv2.NewFromConfig(aws), From: os.Getenv("EMAIL_FROM")}
	if dir := os.Getenv("OUTBOX_DIR"); dir != "" {
		mail = notify.Outbox{Dir: dir, From: os.Getenv("EMAIL_FROM")}
	}
	h := web.Apply(web.ApplyConfig{
		Calendar: cal,
		Store:    store.New(dynamodb.NewFromConfig(aws), os.Getenv("TABLE_NAME")),
		Mail:     mail,
		Log:      log,
		MinFill:  web.DefaultMinFill,
		Rate:     web.DefaultRate,
		Burst:    web.DefaultBurst,
	})
	lambda.Start(httpadapter.NewV2(requestID(h)).ProxyWithContext)
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
