// Command participants is the Lambda function behind the pair's page and the participant forms:
// GET /api/pair, POST /api/goals, /api/trackers, /api/surveys, /api/rematch-requests,
// /api/withdrawals and /api/links (a new personal link).
//
// Environment: those of package lambdaenv (TABLE_NAME, EMAIL_FROM, CALENDAR_FILE, OUTBOX_DIR, the
// SDK's standard variables), SITE_URL: the site's address, where personal links point and
// whose pages give the function's own pages their layout, and STAFF_EMAILS: who is told at once
// when a participant asks for help.
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
	env, err := lambdaenv.Load(context.Background())
	if err != nil {
		log.Error("environment", "err", err)
		os.Exit(1)
	}
	site := os.Getenv("SITE_URL")
	h := web.Participants(web.ParticipantsConfig{
		Calendar: env.Calendar,
		Store:    env.Store,
		Mail:     env.Mail,
		Pages:    web.SitePages(site),
		SiteURL:  site,
		Staff:    lambdaenv.Addresses("STAFF_EMAILS"),
		Log:      log,
	})
	lambda.Start(httpadapter.NewV2(web.RequestID(h)).ProxyWithContext)
}
