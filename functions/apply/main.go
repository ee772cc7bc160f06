// Command apply is the Lambda function behind POST /api/applications: it checks, stores and
// confirms mentor and mentee applications.
//
// Environment: TABLE_NAME (the DynamoDB table), EMAIL_FROM (the sender of confirmations),
// optionally CALENDAR_FILE and OUTBOX_DIR: see package lambdaenv.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
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
	h := web.NewApply(env.Calendar, env.Store, env.Mail, log, web.WithPages(web.SitePages(os.Getenv("SITE_URL"))), web.WithSiteURL(os.Getenv("SITE_URL")))
	lambda.Start(httpadapter.NewV2(web.RequestID(h)).ProxyWithContext)
}
