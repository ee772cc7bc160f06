package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
)

// event is an HTTP API (payload 2.0) request as API Gateway sends it to the function.
func event(method, path, query string, cookies []string, body string) []byte {
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: method + " " + path, RawPath: path, RawQueryString: query, Cookies: cookies,
		Headers: map[string]string{"host": "abcdef1234.execute-api.us-east-1.amazonaws.com", "x-forwarded-proto": "https"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{RequestID: "req-" + method, Stage: "$default",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: "198.51.100.7"}},
		Body: body,
	}
	if body != "" {
		ev.Headers["content-type"] = forms.JSON
	}
	b, err := json.Marshal(ev)
	if err != nil {
		panic(err)
	}
	return b
}

// TestBuiltFunctionUnderTheEmulator builds this function as make build does (for this machine's
// architecture), runs it under the AWS Lambda Runtime Interface Emulator against dynalite with
// the demo pairs, and follows a personal link: exchanged for a cookie, the pair's page in the
// site's layout (fetched from the site's address), then goals sent with the cookie.
func TestBuiltFunctionUnderTheEmulator(t *testing.T) {
	dir := t.TempDir()
	rie, bootstrap := emulator.MustBuild(t, "./functions/participants")
	endpoint, table := dynalite.TestTable(t)
	ctx := context.Background()
	st := store.New(store.Local(endpoint), table)
	if err := store.EnsureTable(ctx, store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	calFile := filepath.Join(dir, "calendar.toml")
	if err := os.WriteFile(calFile, local.DemoCalendar(time.Now()), 0o644); err != nil {
		t.Fatal(err)
	}
	cal, err := program.LoadCalendar(calFile)
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/participants/" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`<!doctype html><html><head><title>For matched pairs</title></head><body><header>the site's header</header>` +
			`<main id=main><h1>For matched pairs</h1></main></body></html>`))
	}))
	defer site.Close()
	seedOutbox := filepath.Join(dir, "seed")
	if n, err := local.SeedDemoPairs(ctx, st, cal, notify.Outbox{Dir: seedOutbox, From: "mentoring@example.org"}, site.URL,
		slog.New(slog.NewTextHandler(os.Stderr, nil)), time.Now); err != nil || n == 0 {
		t.Fatalf("seeding: %d pairs, %v", n, err)
	}
	intros, err := notify.ReadOutbox(seedOutbox)
	if err != nil || len(intros) == 0 {
		t.Fatalf("%d introductions, %v", len(intros), err)
	}
	token := regexp.MustCompile(`\?(token=[0-9a-f]{64}\S*)`).FindStringSubmatch(intros[0].Text)
	if token == nil {
		t.Fatalf("no personal link in %q", intros[0].Text)
	}

	emu, err := emulator.Start(rie, bootstrap, []string{
		"TABLE_NAME=" + table, "AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "EMAIL_FROM=mentoring@example.org",
		"OUTBOX_DIR=" + filepath.Join(dir, "outbox"), "CALENDAR_FILE=" + calFile, "SITE_URL=" + site.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	invoke := func(ev []byte) events.APIGatewayV2HTTPResponse {
		t.Helper()
		out, err := emu.Invoke(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		var res events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("not an HTTP API response: %s", out)
		}
		return res
	}

	res := invoke(event("GET", forms.PairPath, token[1], nil, ""))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Headers["Location"], forms.PairPath+"?with=") || len(res.Cookies) != 1 ||
		!regexp.MustCompile(`^__Host-alsc_session=[0-9a-f]{64}; Path=/;`).MatchString(res.Cookies[0]) ||
		!strings.Contains(res.Cookies[0], "HttpOnly; Secure; SameSite=Lax") {
		t.Fatalf("exchange: %d %v %v", res.StatusCode, res.Headers, res.Cookies)
	}
	cookie, _, _ := strings.Cut(res.Cookies[0], ";")
	res = invoke(event("GET", forms.PairPath, "", []string{cookie}, ""))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "the site's header") || !strings.Contains(res.Body, `href="/api/pair/goals"`) ||
		res.Headers["Referrer-Policy"] != "no-referrer" {
		t.Fatalf("pair page: %d %v %s", res.StatusCode, res.Headers, res.Body)
	}
	res = invoke(event("GET", forms.PairPath+"/goals", "", []string{cookie}, ""))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "the site's header") || !strings.Contains(res.Body, `id="form-goals"`) {
		t.Fatalf("goals page: %d %v %s", res.StatusCode, res.Headers, res.Body)
	}
	goals := `{"goal_1": "Run a summer reading kickoff", "objectives_1": ["skills"], "measure_1": "It happens in June."}`
	res = invoke(event("POST", forms.GoalsForm.Action, "", []string{cookie}, goals))
	if res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, `"id"`) {
		t.Fatalf("goals: %d %s", res.StatusCode, res.Body)
	}
	res = invoke(event("GET", forms.PairPath, "", []string{"__Host-alsc_session=" + strings.Repeat("0", 64)}, ""))
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an unknown link: %d", res.StatusCode)
	}
	// The function sends nothing itself: the goals' item owes the partner's copy, which the
	// sender (another function, on the table's stream) sends.
	if copies, err := notify.ReadOutbox(filepath.Join(dir, "outbox")); err != nil || len(copies) != 0 {
		t.Errorf("the function sent %+v (%v) itself", copies, err)
	}
	sender := &outbox.Sender{Store: st, Mail: notify.Outbox{Dir: filepath.Join(dir, "outbox"), From: "mentoring@example.org"},
		Links: (&links.Maker{Store: st, SiteURL: site.URL}).ForRecipients(cal)}
	if n, err := sender.Sweep(ctx, time.Now().Add(time.Second)); n != 1 || err != nil {
		t.Errorf("the sender sent %d (%v), want the partner's copy", n, err)
	}
	copies, err := notify.ReadOutbox(filepath.Join(dir, "outbox"))
	if err != nil || len(copies) != 1 || !strings.Contains(copies[0].Text, "Run a summer reading kickoff") {
		t.Errorf("the partner's copy: %v %+v", err, copies)
	}
}
