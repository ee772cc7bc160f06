package stack_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// TestOutboxPage lists an outbox's emails, newest first, shows one, hands out its file, and
// answers anything else under /outbox/ (another name, a path out of the folder) with the site's
// 404 page; no function of the deployed system has the page.
func TestOutboxPage(t *testing.T) {
	dir := t.TempDir()
	loc, _ := time.LoadLocation("America/Chicago")
	for i, to := range []string{"first@example.org", "second@example.org"} {
		at := time.Date(2027, 3, 1, 9+i, 30, 0, 0, loc)
		if err := (local.Outbox(dir, func() time.Time { return at })).Send(context.Background(), local.Email{To: to,
			Subject: "Hello <" + to + ">", Text: "Dear you,", HTML: "<html><head></head><p>Dear you,</p></html>"}); err != nil {
			t.Fatal(err)
		}
	}
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "404.html"), []byte("<!doctype html><title>x</title><main>No such page</main>"), 0o644)
	os.WriteFile(filepath.Join(dir, "..", "secret.eml"), []byte("x"), 0o644)
	srv := httptest.NewServer(stack.Outbox(dir, site, loc))
	defer srv.Close()
	get := func(path string) (int, string, http.Header) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	mails, err := local.ReadOutboxFiles(dir)
	if err != nil || len(mails) != 2 {
		t.Fatalf("%d emails (%v)", len(mails), err)
	}
	code, list, _ := get(stack.OutboxPath)
	second, first := strings.Index(list, "second@example.org"), strings.Index(list, "first@example.org")
	if code != http.StatusOK || second < 0 || first < second || !strings.Contains(list, "March 1, 2027, 10:30 AM") ||
		!strings.Contains(list, "Hello &lt;first@example.org&gt;") || strings.Contains(list, "<first@") {
		t.Errorf("the list (%d):\n%s", code, list)
	}
	self := stack.OutboxPath + strings.ReplaceAll(mails[0].File, " ", "%20")
	code, page, h := get(self)
	if code != http.StatusOK || !strings.Contains(page, "<h1>Hello &lt;first@example.org&gt;</h1>") || strings.Contains(page, "Dear you") ||
		!strings.Contains(page, `<iframe class="email-frame" src="`+stack.OutboxPath+url.PathEscape(mails[0].File)+`?html" title="The email" sandbox="allow-top-navigation-by-user-activation">`) ||
		!strings.Contains(page, "March 1, 2027, 9:30 AM") || h.Get("Content-Security-Policy") != stack.ContentSecurityPolicy+"; frame-src 'self'" {
		t.Errorf("the email's page (%d, %s):\n%s", code, h.Get("Content-Security-Policy"), page)
	}
	// The frame holds the HTML part alone, with its own styles allowed, and links that open in the
	// whole window.
	code, part, h := get(self + "?html")
	if code != http.StatusOK || part != "<html><head>\n<base target=\"_top\"></head><p>Dear you,</p></html>" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "style-src 'unsafe-inline'") || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'self'") ||
		strings.Contains(h.Get("Content-Security-Policy"), "script") || h.Get("X-Frame-Options") != "SAMEORIGIN" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("the email's HTML part (%d, %v):\n%s", code, h, part)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, mails[0].File))
	code, file, h := get(stack.OutboxPath + strings.ReplaceAll(mails[0].File, " ", "%20") + "?download")
	if code != http.StatusOK || file != string(raw) || h.Get("Content-Type") != "message/rfc822" {
		t.Errorf("the download: %d, %s, same bytes: %v", code, h.Get("Content-Type"), file == string(raw))
	}
	for _, path := range []string{"no-such.eml", "..%2Fsecret.eml", "%2E%2E/secret.eml"} {
		if code, body, _ := get(stack.OutboxPath + path); code != http.StatusNotFound || !strings.Contains(body, "No such page") {
			t.Errorf("%s: %d %.80q, want the site's 404 page", path, code, body)
		}
	}
	for _, r := range local.Routes() {
		if strings.HasPrefix(r.Path, stack.OutboxPath) {
			t.Errorf("the deployed system serves %s", r.Path)
		}
	}
	if tmpl, err := os.ReadFile(filepath.Join(devenv.Root(), "template.yaml")); err != nil || strings.Contains(string(tmpl), stack.OutboxPath) {
		t.Errorf("template.yaml names %s (%v)", stack.OutboxPath, err)
	}
}
