// Package lambdaenv reads what every function needs from its environment: the table
// (TABLE_NAME), the mail sender (EMAIL_FROM; OUTBOX_DIR writes .eml files instead of sending
// through SES; SES_CONFIGURATION_SET names the SES configuration set that reports bounces),
// the program calendar (CALENDAR_FILE, else the built-in one) and the secret that proves a
// request came through the site's CloudFront distribution (ORIGIN_SECRET; see package origin).
//
// AWS credentials, region and endpoints come from the SDK's standard variables (AWS_REGION,
// AWS_ACCESS_KEY_ID…, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB…), which is all Lambda
// provides. config.LoadDefaultConfig would also link shared-file and single-sign-on providers a
// function never uses, making each binary over a megabyte larger and slower to start.
package lambdaenv

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Env is what a function's handler is built from.
type Env struct {
	Store    *store.Store
	Mail     notify.Sender
	Calendar *program.Calendar
	// OriginSecret is the value package origin expects in every HTTP request; empty outside AWS.
	OriginSecret string
}

// Load reads the environment.
func Load(ctx context.Context) (*Env, error) {
	vars, err := config.NewEnvConfig()
	if err != nil {
		return nil, err
	}
	cfg := aws.Config{Region: vars.Region, Credentials: credentials.StaticCredentialsProvider{Value: vars.Credentials}}
	if vars.BaseEndpoint != "" {
		cfg.BaseEndpoint = aws.String(vars.BaseEndpoint)
	}
	endpoint := func(service string) *string {
		if url, ok, _ := vars.GetServiceBaseEndpoint(ctx, service); ok {
			return aws.String(url)
		}
		return cfg.BaseEndpoint
	}
	cal, err := program.LoadCalendar(os.Getenv("CALENDAR_FILE"))
	if err != nil {
		return nil, err
	}
	db := dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = endpoint(dynamodb.ServiceID) })
	env := &Env{Store: store.New(db, os.Getenv("TABLE_NAME")), Calendar: cal, OriginSecret: os.Getenv("ORIGIN_SECRET")}
	if dir := os.Getenv("OUTBOX_DIR"); dir != "" {
		env.Mail = notify.Outbox{Dir: dir, From: os.Getenv("EMAIL_FROM")}
	} else {
		ses := sesv2.NewFromConfig(cfg, func(o *sesv2.Options) { o.BaseEndpoint = endpoint(sesv2.ServiceID) })
		env.Mail = notify.SES{Client: ses, From: os.Getenv("EMAIL_FROM"), ConfigurationSet: os.Getenv("SES_CONFIGURATION_SET")}
	}
	return env, nil
}
