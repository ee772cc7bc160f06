// Command bounces is the Lambda function behind the mail service's event notices: subscribed to
// the SNS topic that the SES configuration set publishes bounces, complaints and rejections to,
// it records each against the applicant it concerns (package mailevents), for staff to see in
// review.
//
// Environment: those of package lambdaenv (TABLE_NAME, CALENDAR_FILE, the SDK's standard
// variables).
package main

import (
	"context"
	"errors"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/mailevents"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env := lambdaenv.MustLoad(log)
	r := &mailevents.Recorder{Store: env.Store, Calendar: env.Calendar}
	lambda.Start(func(ctx context.Context, ev events.SNSEvent) error { return handle(ctx, r, log, ev) })
}

// handle records every notice of the event. An unreadable notice is logged and skipped (a retry
// cannot mend it); a failure to record is returned, so that Lambda retries the event.
func handle(ctx context.Context, r *mailevents.Recorder, log *slog.Logger, ev events.SNSEvent) error {
	var failed error
	for _, rec := range ev.Records {
		problems, err := mailevents.Problems(rec.SNS.Message)
		if err != nil {
			log.Error("mail notice", "message_id", rec.SNS.MessageID, "err", err.Error())
			continue
		}
		kept, err := r.Record(ctx, problems)
		if err != nil {
			failed = errors.Join(failed, err)
		}
		kinds := make([]string, 0, len(problems))
		for _, p := range problems {
			kinds = append(kinds, p.Kind)
		}
		// Counts and kinds only: the notices name people.
		log.Info("mail notice", "message_id", rec.SNS.MessageID, "problems", len(problems), "kinds", kinds, "recorded", kept)
	}
	return failed
}
