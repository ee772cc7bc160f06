package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/origin"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
)

// TestBuiltFunctionAnswersOnlyCloudFront runs the built function with an origin secret, as
// template.yaml deploys it, and sends it the same application directly (as a request to the
// API's own address would arrive) and then with the header CloudFront adds.
func TestBuiltFunctionAnswersOnlyCloudFront(t *testing.T) {
	dir := t.TempDir()
	rie, bootstrap := emulator.MustBuild(t, "./functions/apply")
	endpoint, table := dynalite.TestTable(t)
	if err := store.EnsureTable(context.Background(), store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	cal := filepath.Join(dir, "demo.toml")
	if err := os.WriteFile(cal, local.DemoCalendar(time.Now()), 0o644); err != nil {
		t.Fatal(err)
	}
	const secret = "0f8fad5b-d9cb-469f-a165-70867728950e"
	emu, err := emulator.Start(rie, bootstrap, []string{
		"TABLE_NAME=" + table, "AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "EMAIL_FROM=mentoring@example.org",
		"OUTBOX_DIR=" + filepath.Join(dir, "outbox"), "CALENDAR_FILE=" + cal, "ORIGIN_SECRET=" + secret,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()

	withHeader := func(value string) []byte {
		var ev map[string]any
		if err := json.Unmarshal(postJSON, &ev); err != nil {
			t.Fatal(err)
		}
		if value != "" {
			ev["headers"].(map[string]any)[strings.ToLower(origin.Header)] = value
		}
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct {
		name, header string
		status       int
	}{
		{"direct to the API", "", http.StatusForbidden},
		{"a guessed secret", "not-the-secret", http.StatusForbidden},
		{"through CloudFront", secret, http.StatusCreated},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := emu.Invoke(context.Background(), withHeader(c.header))
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				StatusCode int `json:"statusCode"`
			}
			if err := json.Unmarshal(out, &res); err != nil || res.StatusCode != c.status {
				t.Fatalf("answered %s (%v), want status %d", out, err, c.status)
			}
		})
	}
}
