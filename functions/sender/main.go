// Command sender is the Lambda function that sends the emails the table's items owe: it reads
// the table's stream (NEW_IMAGE records) and sends what each changed item owes, at most once per
// email, reporting the records it could not finish so that only they are retried (package
// outbox).
//
// Environment: those of packages lambdaenv (TABLE_NAME, CALENDAR_FILE, the SDK's standard
// variables) and mailenv (EMAIL_FROM, SES_CONFIGURATION_SET, OUTBOX_DIR), and SITE_URL (where
// links in emails point).
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/mailenv"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env := lambdaenv.MustLoad(log)
	maker := &links.Maker{Store: env.Store, SiteURL: os.Getenv("SITE_URL"), Now: env.Clock.Now}
	s := &outbox.Sender{Store: env.Store, Mail: mailenv.Sender(env), Links: maker.ForRecipients(env.Calendar), Log: log, Now: env.Clock.Now}
	lambda.Start(s.Stream)
}
