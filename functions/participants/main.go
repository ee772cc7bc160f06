// Command participants is the Lambda function behind the pair's pages and the participant forms:
// GET /api/pair and each form's page GET /api/pair/<form>, POST /api/goals, /api/trackers,
// /api/surveys, /api/check-ins, /api/tips, /api/rematch-requests, /api/withdrawals (each of the
// last two asked first by POST /api/pair/rematch and /api/pair/withdrawal) and /api/links (a new
// personal link).
//
// It sends no email: each email a request causes (the partner's copy of goals, the notice that a
// partner left, staff's alerts, a new link) is owed in the request's one write, and the sender
// function sends it (package outbox).
//
// Environment: those of package lambdaenv (TABLE_NAME, CALENDAR_FILE, ORIGIN_SECRET, the SDK's
// standard variables), optionally SITE_URL: the site's address, whose pages give the function's
// own pages their layout (behind CloudFront it is the address each request came through,
// web.ForwardedSite), and STAFF_EMAILS: who is told at once when a participant asks for help.
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
	site := os.Getenv("SITE_URL")
	h := web.Participants(web.ParticipantsConfig{
		Calendar: env.Calendar,
		Store:    env.Store,
		Pages:    web.SitePages(site),
		SiteURL:  site,
		Staff:    lambdaenv.Addresses("STAFF_EMAILS"),
		Log:      log,
		Now:      env.Clock.Now,
	})
	lambda.Start(web.Lambda(env.OriginSecret, h))
}
