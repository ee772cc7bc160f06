// Command apply is the Lambda function behind POST /api/applications: it checks and stores mentor
// and mentee applications, each with its receipt owed in the same write (the sender function
// sends it: package outbox).
//
// Environment: TABLE_NAME (the DynamoDB table), ORIGIN_SECRET (requests without it are refused:
// package origin), optionally CALENDAR_FILE: see package lambdaenv.
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env := lambdaenv.MustLoad(log)
	h := web.NewApply(env.Calendar, env.Store, log, web.WithPages(web.SitePages(os.Getenv("SITE_URL"))), web.WithSiteURL(os.Getenv("SITE_URL")), web.WithClock(env.Clock.Now))
	lambda.Start(web.Lambda(env.OriginSecret, h))
}
