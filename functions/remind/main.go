// Command remind keeps the program year moving: run daily by its schedule, it sends what the
// calendar says is due that day (goals, tracker and survey notes, monthly tips, the weekly staff
// digest), each at most once per person; see package remind.
//
// In AWS Lambda it handles the schedule's event ({} or {"now": "<RFC 3339>"}). Outside Lambda,
// `remind -event '{"now": "2026-11-24T09:00:00-06:00"}'` runs once as of that time (`-event '{}'`:
// now, on the day TODAY names if set) against the table the environment names (the local
// stack's, for instance) and prints what it sent.
//
// Environment: those of packages lambdaenv (TABLE_NAME, CALENDAR_FILE, the SDK's standard
// variables) and mailenv (EMAIL_FROM, SES_CONFIGURATION_SET, OUTBOX_DIR), SITE_URL (where links
// in emails point) and STAFF_EMAILS (the staff digest's addresses, separated by commas).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/mailenv"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
)

func main() {
	event := flag.String("event", "", `run once as of the event's time ({"now": "<RFC 3339>"}) and print what was sent`)
	flag.Parse()
	inLambda := os.Getenv("AWS_LAMBDA_RUNTIME_API") != ""
	if !inLambda && (*event == "" || flag.NArg() > 0) {
		fmt.Fprintln(os.Stderr, `usage: remind -event '{"now": "2026-11-24T09:00:00-06:00"}'`)
		os.Exit(2)
	}
	r, clock, err := newReminder(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "remind:", err)
		os.Exit(1)
	}
	if inLambda {
		lambda.Start(func(ctx context.Context, ev remind.Event) (*remind.Result, error) {
			return r.Run(ctx, at(ev, clock))
		})
	}
	os.Exit(runOnce(r, clock, *event, os.Stdout, os.Stderr))
}

// newReminder is the composition root: environment (package lambdaenv) → reminder and its clock.
func newReminder(ctx context.Context) (*remind.Reminder, program.Clock, error) {
	env, err := lambdaenv.Load(ctx)
	if err != nil {
		return nil, program.Clock{}, err
	}
	return &remind.Reminder{
		Store:    env.Store,
		Calendar: env.Calendar,
		Mail:     mailenv.Sender(env),
		SiteURL:  os.Getenv("SITE_URL"),
		Staff:    lambdaenv.Addresses("STAFF_EMAILS"),
		Log:      slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	}, env.Clock, nil
}

// at is the time an event runs as: its own, or the clock's.
func at(ev remind.Event, clock program.Clock) time.Time {
	if ev.Now.IsZero() {
		return clock.Now()
	}
	return ev.Now
}

// runOnce runs the event given as JSON and prints the result; the exit status is 2 for a bad
// event, 1 for a fault.
func runOnce(r *remind.Reminder, clock program.Clock, event string, out, errOut io.Writer) int {
	var ev remind.Event
	dec := json.NewDecoder(strings.NewReader(event))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil {
		fmt.Fprintln(errOut, "remind: bad event:", err)
		return 2
	}
	res, err := r.Run(context.Background(), at(ev, clock))
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.Encode(res)
	if err != nil {
		fmt.Fprintln(errOut, "remind:", err)
		return 1
	}
	return 0
}
