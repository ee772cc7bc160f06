// Command matcher pairs mentors with mentees.
//
// In AWS Lambda it handles staff's events ({"cycle", "mode": review|edit|propose|commit|rematch, …}; see
// package season). Outside Lambda, `matcher -event JSON` runs one such event against the table
// the environment names (the local stack's, for instance), and `matcher -instance FILE` solves
// the JSON instance in FILE (or standard input for "-") and prints the optimal assignment.
//
// Environment for events: those of packages lambdaenv (TABLE_NAME, CALENDAR_FILE, the SDK's
// standard variables) and mailenv (EMAIL_FROM, SES_CONFIGURATION_SET, OUTBOX_DIR), SITE_URL
// (where personal links point), optionally WEIGHTS_FILE (other weights than the built-in ones), and for the report mode REPORTS_DIR (a
// local folder) or REPORTS_BUCKET (the private staff bucket, whose links open each file in the S3
// console for as long as the bucket keeps it: STAFF_FILE_DAYS days) and STAFF_EMAILS (who is sent
// the links).
//
// The emails a run owes its participants (introductions, outcomes, the notices that a match
// ended) are recorded with the items that owe them and sent by the sender function from the
// table's stream (package outbox). Outside Lambda there may be no stream nor any other sender:
// `matcher -event` then sends what is owed itself once the run has answered, as the local stack's
// sender would (their markers keep the two from sending one email twice); whatever cannot be
// sent stays owed for the next sender.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/mailenv"
	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
)

func main() {
	instance := flag.String("instance", "", "solve the JSON instance in this file (- for standard input) and print the assignment")
	repeat := flag.Int("repeat", 1, "solve this many times and print the seconds each solve took to stderr as JSON")
	event := flag.String("event", "", "run one matcher event (JSON) against the table the environment names and print the result")
	flag.Parse()
	inLambda := os.Getenv("AWS_LAMBDA_RUNTIME_API") != ""
	if inLambda || *event != "" {
		runner, sender, err := newRunner(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, "matcher:", err)
			os.Exit(1)
		}
		if inLambda {
			lambda.Start(func(ctx context.Context, raw json.RawMessage) (*season.Result, error) {
				ev, err := season.ParseEvent(raw)
				if err != nil {
					return nil, err
				}
				return runner.Run(ctx, ev)
			})
		}
		code := runOnce(runner, *event, os.Stdout, os.Stderr)
		if code == 0 {
			sendOwed(sender, os.Stderr)
		}
		os.Exit(code)
	}
	if *instance == "" || flag.NArg() > 0 || *repeat < 1 {
		fmt.Fprintln(os.Stderr, "usage: matcher -instance FILE [-repeat N]   (FILE may be - for standard input)")
		fmt.Fprintln(os.Stderr, "       matcher -event '{\"cycle\": \"2026-27\", \"mode\": \"propose\"}'")
		os.Exit(2)
	}
	if err := solve(*instance, *repeat, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "matcher:", err)
		if errors.Is(err, match.ErrMalformed) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// solve reads the instance at path ("-" for stdin), solves it and writes the assignment to out;
// solving repeat times, it also writes {"solve_seconds": [...]} to timings, decoding excluded.
func solve(path string, repeat int, stdin io.Reader, out, timings io.Writer) error {
	in := stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	p, err := match.Decode(in)
	if err != nil {
		return err
	}
	var a match.Assignment
	seconds := make([]float64, repeat)
	for i := range seconds {
		start := time.Now()
		if a, err = match.Solve(p); err != nil {
			return err
		}
		seconds[i] = time.Since(start).Seconds()
	}
	if repeat > 1 {
		if err := json.NewEncoder(timings).Encode(map[string][]float64{"solve_seconds": seconds}); err != nil {
			return err
		}
	}
	return json.NewEncoder(out).Encode(a)
}

// newRunner is the composition root for events: environment (package lambdaenv) and weights →
// runner, and the sender of what its runs owe for use outside Lambda.
func newRunner(ctx context.Context) (*season.Runner, *outbox.Sender, error) {
	env, err := lambdaenv.Load(ctx)
	if err != nil {
		return nil, nil, err
	}
	weights, err := scoring.LoadWeights(os.Getenv("WEIGHTS_FILE"))
	if err != nil {
		return nil, nil, err
	}
	r := &season.Runner{
		Store:    env.Store,
		Calendar: env.Calendar,
		Weights:  weights,
		Mail:     mailenv.Sender(env),
		SiteURL:  os.Getenv("SITE_URL"),
		Log:      slog.New(slog.NewJSONHandler(os.Stderr, nil)),
		Now:      env.Clock.Now,
		Staff:    lambdaenv.Addresses("STAFF_EMAILS"),
	}
	switch dir, bucket := os.Getenv("REPORTS_DIR"), os.Getenv("REPORTS_BUCKET"); {
	case dir != "":
		r.Files = report.Folder{Dir: dir}
	case bucket != "":
		days, err := strconv.Atoi(os.Getenv("STAFF_FILE_DAYS"))
		if err != nil || days < 1 {
			return nil, nil, fmt.Errorf("STAFF_FILE_DAYS must be the days the staff bucket keeps a file, not %q", os.Getenv("STAFF_FILE_DAYS"))
		}
		client := s3.NewFromConfig(env.AWS, func(o *s3.Options) { o.BaseEndpoint = lambdaenv.Endpoint(env.AWS, s3.ServiceID) })
		r.Files = report.Bucket{Client: client, Name: bucket}
		r.LinkNote = linkNote(days)
	}
	maker := &links.Maker{Store: env.Store, SiteURL: r.SiteURL, Now: env.Clock.Now}
	sender := &outbox.Sender{Store: env.Store, Mail: r.Mail, Links: maker.ForRecipients(env.Calendar), Log: r.Log, Now: env.Clock.Now}
	return r, sender, nil
}

// sendOwed sends what is owed now (outside Lambda, after a run), saying on errOut what could not
// be sent; that stays owed.
func sendOwed(s *outbox.Sender, errOut io.Writer) {
	if _, err := (&outbox.Poller{Sender: s}).Drain(context.Background()); err != nil {
		fmt.Fprintln(errOut, "matcher: some emails could not be sent yet; they stay owed for the next sender:", err)
	}
}

// linkNote tells staff how the bucket's links work and for how long: the bucket deletes a file
// days after it was written.
func linkNote(days int) string {
	return fmt.Sprintf("Each link opens the file in the AWS console once you are signed in (choose Open or Download). "+
		"It works for %d days from today; then the file is deleted, so run the step again for a new copy. "+
		"In CloudShell, ./matcher download followed by the cycle copies all the cycle's files there.", days)
}

// runOnce runs the event given as JSON and prints the result; the exit status is 2 for a request
// staff must correct, 1 for a fault.
func runOnce(r *season.Runner, event string, out, errOut io.Writer) int {
	ev, err := season.ParseEvent([]byte(event))
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 2
	}
	res, err := r.Run(context.Background(), ev)
	if err != nil {
		fmt.Fprintln(errOut, err)
		if errors.Is(err, season.ErrInput) {
			return 2
		}
		return 1
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.Encode(res)
	return 0
}
