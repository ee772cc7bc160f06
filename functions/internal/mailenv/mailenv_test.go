package mailenv_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/mailenv"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// TestSESFollowsTheStandardVariables sends an email through the SES client built from the
// environment to a server standing in for SES, and checks the request is signed with the
// environment's credentials and region, addressed to the service-specific endpoint and sent
// through the configuration set the environment names.
func TestSESFollowsTheStandardVariables(t *testing.T) {
	var auth, path, body string
	ses := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		auth, path, body = r.Header.Get("Authorization"), r.URL.Path, string(b)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"MessageId": "m-1"}`)
	}))
	defer ses.Close()
	for k, v := range map[string]string{
		"AWS_REGION": "us-east-2", "AWS_ACCESS_KEY_ID": "AKIDLAMBDA", "AWS_SECRET_ACCESS_KEY": "secret",
		"AWS_SESSION_TOKEN": "token", "AWS_ENDPOINT_URL_SESV2": ses.URL, "AWS_ENDPOINT_URL": "http://127.0.0.1:1",
		"EMAIL_FROM": "mentoring@example.org", "OUTBOX_DIR": "", "TABLE_NAME": "t", "CALENDAR_FILE": "",
		"SES_CONFIGURATION_SET": "mail-events", "ORIGIN_SECRET": "s3cret",
	} {
		t.Setenv(k, v)
	}
	env, err := lambdaenv.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mail := mailenv.Sender(env)
	if _, ok := mail.(mailenv.SES); !ok {
		t.Fatalf("without OUTBOX_DIR the sender is %T, want SES", mail)
	}
	if err := mail.Send(context.Background(), notify.Message{To: "a@example.org", Subject: "Hello", Text: "Hi", HTML: "<p>Hi</p>"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(auth, "Credential=AKIDLAMBDA/") || !strings.Contains(auth, "/us-east-2/ses/aws4_request") {
		t.Errorf("request signed as %q", auth)
	}
	if path != "/v2/email/outbound-emails" || !strings.Contains(body, "a@example.org") {
		t.Errorf("request %s %s", path, body)
	}
	if !strings.Contains(body, `"ConfigurationSetName":"mail-events"`) {
		t.Errorf("not sent through the configuration set: %s", body)
	}
	if env.OriginSecret != "s3cret" {
		t.Errorf("origin secret %q, want ORIGIN_SECRET's", env.OriginSecret)
	}
}

// TestTheOutboxIsDatedByTheFunctionsClock: with OUTBOX_DIR the sender writes .eml files there,
// dated on the day TODAY names (the local stack sets it).
func TestTheOutboxIsDatedByTheFunctionsClock(t *testing.T) {
	t.Setenv("OUTBOX_DIR", t.TempDir())
	t.Setenv("CALENDAR_FILE", "")
	t.Setenv("TODAY", "2027-03-01")
	env, err := lambdaenv.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mail := mailenv.Sender(env)
	if _, ok := mail.(notify.Outbox); !ok {
		t.Fatalf("with OUTBOX_DIR the sender is %T, want the outbox", mail)
	}
	if err := mail.Send(context.Background(), notify.Message{To: "a@example.org", Subject: "s", Text: "t", HTML: "t"}); err != nil {
		t.Fatal(err)
	}
	sent, err := notify.ReadOutboxFiles(os.Getenv("OUTBOX_DIR"))
	if err != nil || len(sent) != 1 || sent[0].Date.In(env.Calendar.Location()).Format(time.DateOnly) != "2027-03-01" {
		t.Errorf("the outbox holds %+v (%v), want one email dated 2027-03-01", sent, err)
	}
}
