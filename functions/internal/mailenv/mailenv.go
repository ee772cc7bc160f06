// Package mailenv is the mail sender of the functions that send email, read from the
// environment: with OUTBOX_DIR set, .eml files in that folder (package notify's Outbox), dated
// by the function's clock; otherwise Amazon SES v2 from EMAIL_FROM, through the configuration set
// SES_CONFIGURATION_SET (which reports bounces and complaints), at the endpoint package lambdaenv
// finds for it. Only the functions that send import it, so that the others (which owe emails
// to the outbox instead) do not link the SES client.
package mailenv

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// Sender is the mail sender the environment names (see the package documentation).
func Sender(env *lambdaenv.Env) notify.Sender {
	if dir := os.Getenv("OUTBOX_DIR"); dir != "" {
		return notify.Outbox{Dir: dir, From: os.Getenv("EMAIL_FROM"), Now: env.Clock.Now}
	}
	client := sesv2.NewFromConfig(env.AWS, func(o *sesv2.Options) { o.BaseEndpoint = lambdaenv.Endpoint(env.AWS, sesv2.ServiceID) })
	return SES{Client: client, From: os.Getenv("EMAIL_FROM"), ConfigurationSet: os.Getenv("SES_CONFIGURATION_SET")}
}

// SES sends messages through Amazon SES v2 from the address From, through the configuration
// set ConfigurationSet when it is not empty (it reports bounces and complaints).
type SES struct {
	Client           *sesv2.Client
	From             string
	ConfigurationSet string
}

// Send sends m.
func (s SES) Send(ctx context.Context, m notify.Message) error {
	utf8 := aws.String("UTF-8")
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(s.From),
		Destination:      &types.Destination{ToAddresses: []string{m.To}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: utf8},
			Body: &types.Body{
				Text: &types.Content{Data: aws.String(m.Text), Charset: utf8},
				Html: &types.Content{Data: aws.String(m.HTML), Charset: utf8},
			},
		}},
	}
	if s.ConfigurationSet != "" {
		in.ConfigurationSetName = aws.String(s.ConfigurationSet)
	}
	if _, err := s.Client.SendEmail(ctx, in); err != nil {
		return fmt.Errorf("mailenv: ses: %w", err)
	}
	return nil
}
