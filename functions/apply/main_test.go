package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
)

// Real HTTP API (payload 2.0) events, as API Gateway sends them to the function.
var (
	//go:embed testdata/post-json.json
	postJSON []byte
	//go:embed testdata/post-form.json
	postForm []byte
)

// TestBuiltFunctionUnderTheEmulator builds this function as make build does (for this machine's
// architecture), runs it under the AWS Lambda Runtime Interface Emulator against dynalite, and
// sends it API Gateway events: each application is stored owing its receipt.
func TestBuiltFunctionUnderTheEmulator(t *testing.T) {
	dir := t.TempDir()
	rie, bootstrap := emulator.MustBuild(t, "./functions/apply")
	endpoint, table := dynalite.TestTable(t)
	if err := store.EnsureTable(context.Background(), store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	demo, past := filepath.Join(dir, "demo.toml"), filepath.Join(dir, "past.toml")
	os.WriteFile(demo, local.DemoCalendar(time.Now()), 0o644)
	os.WriteFile(past, local.DemoCalendar(time.Now().AddDate(-1, 0, -30)), 0o644)

	cases := []struct {
		name     string
		calendar string
		event    []byte
		status   int
		location string
		email    string
	}{
		{"JSON while open", demo, postJSON, http.StatusCreated, "", "ines.lindqvist@example.org"},
		{"JSON replayed", demo, postJSON, http.StatusOK, "", ""},
		{"plain form, base64 body", demo, postForm, http.StatusSeeOther, "/apply/thanks/?role=mentee", "ines.form@example.org"},
		{"window closed", past, postJSON, http.StatusForbidden, "", ""},
	}
	outbox := filepath.Join(dir, "outbox")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			emu, err := emulator.Start(rie, bootstrap, []string{
				"TABLE_NAME=" + table, "AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_REGION=us-east-1",
				"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "EMAIL_FROM=mentoring@example.org",
				"OUTBOX_DIR=" + outbox, "CALENDAR_FILE=" + c.calendar,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer emu.Stop()
			out, err := emu.Invoke(context.Background(), c.event)
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				StatusCode int               `json:"statusCode"`
				Headers    map[string]string `json:"headers"`
				Body       string            `json:"body"`
			}
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("not an HTTP API response: %s", out)
			}
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.status, res.Body)
			}
			if res.Headers["Location"] != c.location {
				t.Errorf("Location %q, want %q", res.Headers["Location"], c.location)
			}
			if c.status == http.StatusForbidden && !strings.Contains(res.Body, "open on") && !strings.Contains(res.Body, "closed on") {
				t.Errorf("the refusal does not say when: %s", res.Body)
			}
			if c.email != "" {
				a, err := store.New(store.Local(endpoint), table).Application(context.Background(), local.DemoCycle, forms.RoleMentee, c.email)
				if err != nil {
					t.Fatalf("not stored: %v", err)
				}
				if c.status == http.StatusCreated && !strings.Contains(res.Body, a.ID) {
					t.Errorf("answered %s, stored id %s", res.Body, a.ID)
				}
				if len(a.Owes) != 1 || a.Owes[0].ID != "receipt-"+a.ID || a.Owes[0].Text != "application-received" {
					t.Errorf("the application owes %+v, want its receipt", a.Owes)
				}
			}
		})
	}
	// The receipts are owed, for the sender to send: the function itself sends nothing.
	if mails, err := filepath.Glob(filepath.Join(outbox, "*.eml")); err != nil || len(mails) != 0 {
		t.Errorf("%d emails in the outbox (%v), want none", len(mails), err)
	}
}
