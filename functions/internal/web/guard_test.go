package web_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// Every route refuses a post that a browser says comes from another site, whoever serves it.
func TestCrossSitePostsAreRefusedOnEveryRoute(t *testing.T) {
	apply := newHarness(t)
	pairs := newPairs(t)
	handlers := map[string]http.Handler{"apply": apply.h, "participants": pairs.h}
	cases := []struct {
		name    string
		headers map[string]string
		refused bool
	}{
		{"Origin of another site", map[string]string{"Origin": "https://evil.example"}, true},
		{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
		{"Sec-Fetch-Site same-site", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://evil.mentoring.example.org"}, true},
		{"opaque origin", map[string]string{"Origin": "null"}, true},
		{"the site's own pages", map[string]string{"Origin": "https://mentoring.example.org", "Sec-Fetch-Site": "same-origin"}, false},
		{"the API's own host", map[string]string{"Origin": "http://example.com"}, false},
		{"a program sending neither", nil, false},
	}
	for _, route := range web.Routes {
		if route.Method != http.MethodPost {
			continue
		}
		for _, c := range cases {
			t.Run(route.Path+"/"+c.name, func(t *testing.T) {
				r := httptest.NewRequest(route.Method, route.Path, strings.NewReader(`{}`))
				r.Header.Set("Content-Type", forms.JSON)
				r.RemoteAddr = "192.0.2.7:1234"
				for k, v := range c.headers {
					r.Header.Set(k, v)
				}
				w := httptest.NewRecorder()
				handlers[route.Function].ServeHTTP(w, r)
				if got := w.Code == http.StatusForbidden && strings.Contains(w.Body.String(), "another website"); got != c.refused {
					t.Errorf("got %d %s; refused as cross-site = %v, want %v", w.Code, w.Body, got, c.refused)
				}
			})
		}
	}
	if n := apply.count(t); n != 0 {
		t.Errorf("%d applications stored", n)
	}
}

// silentServer accepts connections and never answers, as a frozen database does.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	t.Cleanup(func() { l.Close() })
	return "http://" + l.Addr().String()
}

// A database that does not answer ends each request, of either handler, in a 503 with
// Retry-After within the deadline: never a hang.
func TestFrozenDatabaseGives503WithRetryAfter(t *testing.T) {
	const deadline = 300 * time.Millisecond
	st := store.New(store.Local(silentServer(t)), "mentoring")
	cal := program.DefaultCalendar()
	apply := web.Apply(web.ApplyConfig{Calendar: cal, Store: st,
		Now: func() time.Time { return inWindow }, Deadline: deadline})
	pairs := web.Participants(web.ParticipantsConfig{Calendar: cal, Store: st,
		Now: func() time.Time { return inWindow }, Deadline: deadline})
	for _, c := range []struct {
		name, path, contentType, body string
		h                             http.Handler
	}{
		{"application (JSON)", "/api/applications", forms.JSON, formstest.JSON(Mentee()), apply},
		{"application (plain form)", "/api/applications", forms.Encoded, formstest.Encoded(Mentee()), apply},
		{"new link", forms.LinkForm.Action, forms.JSON, `{"email": "someone@example.org"}`, pairs},
		{"goals", forms.GoalsForm.Action, forms.JSON, `{}`, pairs},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", c.path, strings.NewReader(c.body))
			r.Header.Set("Content-Type", c.contentType)
			r.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: strings.Repeat("ab", 32)})
			w := httptest.NewRecorder()
			start := time.Now()
			c.h.ServeHTTP(w, r)
			took := time.Since(start)
			if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "10" {
				t.Errorf("got %d with Retry-After %q, want 503 with Retry-After 10: %s", w.Code, w.Header().Get("Retry-After"), w.Body)
			}
			if took > deadline+2*time.Second {
				t.Errorf("answered after %v, deadline %v", took, deadline)
			}
			if strings.Contains(w.Body.String(), "127.0.0.1") || strings.Contains(w.Body.String(), "dynamodb") {
				t.Errorf("the answer shows internals: %s", w.Body)
			}
		})
	}
}
