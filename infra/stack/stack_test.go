package stack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/stack"
)

const application = `{"role":"mentee","name":"Tomasz Wójcik","email":"tomasz@example.org","organisation":"Library",
"position":"Assistant","city":"Milwaukee","country":"USA","time_zone":"America/Chicago","connection":"Story time.",
"situation":"student","hopes":"Learn.","interests":["programming"],"communication":["email"],"in_person":"no",
"geo_preference":"none","gender_preference":"none","race_preference":"none","consent":true}`

func site(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>home</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func start(t *testing.T, siteDir, endpoint, outbox string) *httptest.Server {
	t.Helper()
	st, err := stack.New(context.Background(), stack.Config{
		SiteDir: siteDir, DynamoDB: endpoint, Outbox: outbox, Calendar: local.DemoCalendar(time.Now()),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st.Handler())
	t.Cleanup(srv.Close)
	return srv
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func post(t *testing.T, url, ct, body string) (int, string) {
	t.Helper()
	res, err := noRedirect.Post(url, ct, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]string
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		t.Fatalf("%s answered %d without a JSON body: %v", url, res.StatusCode, err)
	}
	return res.StatusCode, v["id"]
}

func TestStackServesTheSiteAndEveryRoute(t *testing.T) {
	db := dynalite.TestServer(t)
	srv := start(t, site(t), db.Endpoint, t.TempDir())
	res, err := http.Get(srv.URL + "/")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %v %v", err, res)
	}
	res.Body.Close()
	// An empty JSON body reaches each route's own function: the applications and the new-link
	// request find its answers missing (422); the pair's page and forms need a session (401), and
	// the switch of sessions the personal link it was asked from (400).
	for _, r := range local.Routes() {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			req, err := http.NewRequest(r.Method, srv.URL+r.Path, strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			want := http.StatusUnauthorized
			switch r.Path {
			case "/api/applications", "/api/links":
				want = http.StatusUnprocessableEntity
			case local.SessionPath:
				want = http.StatusBadRequest
			}
			if res.StatusCode != want {
				t.Fatalf("got %d, want %d from the route's own function", res.StatusCode, want)
			}
		})
	}
	if code, id := post(t, srv.URL+"/api/applications", "application/json", application); code != http.StatusCreated || id == "" {
		t.Fatalf("applying: %d %q", code, id)
	}
}

func TestApplicationsSurviveARestart(t *testing.T) {
	data, outbox, siteDir := t.TempDir(), t.TempDir(), site(t)
	db, err := dynalite.Start(context.Background(), dynalite.Options{Path: data})
	if err != nil {
		t.Fatal(err)
	}
	code, first := post(t, start(t, siteDir, db.Endpoint, outbox).URL+"/api/applications", "application/json", application)
	if code != http.StatusCreated {
		t.Fatalf("first run: %d", code)
	}
	db.Stop()

	db, err = dynalite.Start(context.Background(), dynalite.Options{Path: data})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Stop()
	url := start(t, siteDir, db.Endpoint, outbox).URL + "/api/applications"
	if code, again := post(t, url, "application/json", application); code != http.StatusOK || again != first {
		t.Fatalf("after the restart, the same application got %d %q; want 200 with %q", code, again, first)
	}
	// A different application is answered as a first one, stored nowhere, and explained by email.
	if code, other := post(t, url, "application/json", strings.Replace(application, "Learn.", "Learn more.", 1)); code != http.StatusCreated || other == first {
		t.Fatalf("after the restart, a different application got %d %q; want 201 with another id than %q", code, other, first)
	}
	mails, err := filepath.Glob(filepath.Join(outbox, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(mails) != 2 {
		t.Fatalf("%d emails, want the confirmation and the explanation", len(mails))
	}
	if b, err := os.ReadFile(mails[1]); err != nil || !strings.Contains(string(b), "\r\nSubject: Your mentee application was not changed\r\n") {
		t.Errorf("the second email is not the explanation (%v):\n%.300s", err, b)
	}
}

// TestOldPersonalLinksReachThePairsPage: links sent before the pair's page existed pointed at
// /participants/?token=…; the stack sends them on to the pair's page, as the distribution's
// SiteIndexFiles function does (infra/samcheck runs that code), and serves the page otherwise.
func TestOldPersonalLinksReachThePairsPage(t *testing.T) {
	dir := site(t)
	if err := os.MkdirAll(filepath.Join(dir, "participants"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "participants", "index.html"), []byte("<!doctype html><title>pairs</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(stack.Site(dir))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(srv.URL + "/participants/?token=ab12%26x%3D1")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != local.PairPath+"?token=ab12%26x%3D1" ||
		res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("an old link: %d %v", res.StatusCode, res.Header)
	}
	res, err = client.Get(srv.URL + "/participants/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("the page for pairs: %d", res.StatusCode)
	}
}
