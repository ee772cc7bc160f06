// Package lambdaenv reads what every function needs from its environment.
//
// That is the table (TABLE_NAME), the program calendar (CALENDAR_FILE, else the built-in one), the day it is
// (TODAY, which only the local stack sets; the real date when unset) and the secret that proves
// a request came through the site's CloudFront distribution (ORIGIN_SECRET; see package origin).
// The functions that send email read their mail sender with package mailenv.
//
// AWS credentials, region and endpoints come from the SDK's standard variables (AWS_REGION,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_DYNAMODB…), which is all Lambda provides. They are read here rather than
// through the SDK's config package, which would also link the shared-file and single-sign-on
// providers a function never uses, making each binary larger and slower to start.
package lambdaenv

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Env is what a function's handler is built from.
type Env struct {
	Store    *store.Store
	Calendar *program.Calendar
	Clock    program.Clock // the real time, unless TODAY moves it to another day
	// OriginSecret is the value package origin expects in every HTTP request; empty outside AWS.
	OriginSecret string
	AWS          aws.Config // for the clients of other services a function needs (see Endpoint)
}

// Load reads the environment.
func Load(ctx context.Context) (*Env, error) {
	cfg := aws.Config{
		Region: firstSet("AWS_REGION", "AWS_DEFAULT_REGION"),
		Credentials: credentials.NewStaticCredentialsProvider(firstSet("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"),
			firstSet("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"), os.Getenv("AWS_SESSION_TOKEN")),
	}
	if url := os.Getenv("AWS_ENDPOINT_URL"); url != "" {
		cfg.BaseEndpoint = aws.String(url)
	}
	cal, err := program.LoadCalendar(os.Getenv("CALENDAR_FILE"))
	if err != nil {
		return nil, err
	}
	clock, err := cal.ClockOn(os.Getenv("TODAY"))
	if err != nil {
		return nil, fmt.Errorf("TODAY: %w", err)
	}
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = Endpoint(cfg, dynamodb.ServiceID) })
	return &Env{Store: store.New(db, os.Getenv("TABLE_NAME")), Calendar: cal, Clock: clock, OriginSecret: os.Getenv("ORIGIN_SECRET"), AWS: cfg}, nil
}

// Endpoint is a service's endpoint: AWS_ENDPOINT_URL_<SERVICE> (the service id in capitals,
// spaces as underscores), else AWS_ENDPOINT_URL, else the SDK's own resolution (nil).
func Endpoint(cfg aws.Config, serviceID string) *string {
	name := "AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(serviceID, " ", "_"))
	if url := os.Getenv(name); url != "" {
		return aws.String(url)
	}
	return cfg.BaseEndpoint
}

// firstSet is the value of the first of the variables that is set and not empty.
func firstSet(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// MustLoad is Load for a function's main: it logs why the environment cannot be read and exits.
func MustLoad(log *slog.Logger) *Env {
	env, err := Load(context.Background())
	if err != nil {
		log.Error("environment", "err", err)
		os.Exit(1)
	}
	return env
}

// Addresses reads a comma-separated list of email addresses from the variable name, dropping blanks.
func Addresses(name string) []string {
	var out []string
	for _, a := range strings.Split(os.Getenv(name), ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}
