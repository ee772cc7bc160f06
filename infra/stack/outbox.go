package stack

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
)

// OutboxPath is where the local stack shows its outbox; AWS has no such page (emails go through
// SES there).
const OutboxPath = "/outbox/"

// emailHeaders are the security headers of an email's HTML part shown alone: its own inline
// styles, nothing loaded, no scripts, framed only by the outbox's page.
var emailHeaders = []Header{
	{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"},
	{"X-Frame-Options", "SAMEORIGIN"},
}

// outboxPageHeaders are the site's, letting the page frame the email it shows.
var outboxPageHeaders = []Header{{"Content-Security-Policy", ContentSecurityPolicy + "; frame-src 'self'"}}

// Outbox serves the emails written to dir at OutboxPath, in the layout of the built site in
// siteDir: a page listing each (date, recipient, subject; the newest first), a page showing one
// (/outbox/FILE) with its HTML part in a frame as a mail program would (/outbox/FILE?html; its
// links open in the whole window), and the .eml file itself (/outbox/FILE?download). Dates are
// written in loc.
func Outbox(dir, siteDir string, loc *time.Location) http.Handler {
	page, email := secureWith(http.HandlerFunc(outbox(dir, siteDir, loc)), outboxPageHeaders...), secureWith(http.HandlerFunc(outbox(dir, siteDir, loc)), emailHeaders...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.URL.Query()["html"]; ok {
			email.ServeHTTP(w, r)
			return
		}
		page.ServeHTTP(w, r)
	})
}

func outbox(dir, siteDir string, loc *time.Location) http.HandlerFunc {
	when := func(t time.Time) string { return t.In(loc).Format("January 2, 2006, 3:04 PM") }
	return func(w http.ResponseWriter, r *http.Request) {
		mails, err := local.ReadOutboxFiles(dir)
		if err != nil {
			http.Error(w, "The outbox cannot be read: "+err.Error(), http.StatusInternalServerError)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, OutboxPath)
		if name == "" {
			var b strings.Builder
			b.WriteString("<h1>Outbox</h1>\n")
			fmt.Fprintf(&b, "<p>Every email the local system has sent: %d, the newest first. They are also files in <code>%s</code>, which any mail program opens.</p>\n",
				len(mails), html.EscapeString(dir))
			b.WriteString("<ul class=\"dates\">\n")
			for _, m := range slices.Backward(mails) {
				fmt.Fprintf(&b, "<li><span class=\"when\">%s</span> <a href=\"%s\">%s</a> <span class=\"year\">to %s</span></li>\n", when(m.Date),
					OutboxPath+url.PathEscape(m.File), html.EscapeString(m.Subject), html.EscapeString(m.To))
			}
			b.WriteString("</ul>\n")
			local.WritePage(w, r, siteDir, "Outbox", b.String())
			return
		}
		i := slices.IndexFunc(mails, func(m local.StoredEmail) bool { return m.File == name })
		if i < 0 {
			notFound(w, siteDir)
			return
		}
		m := mails[i]
		if _, ok := r.URL.Query()["download"]; ok {
			raw, err := os.ReadFile(filepath.Join(dir, m.File))
			if err != nil {
				http.Error(w, "The email cannot be read: "+err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "message/rfc822")
			w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.File))
			w.Write(raw)
			return
		}
		if _, ok := r.URL.Query()["html"]; ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, strings.Replace(m.HTML, "<head>", "<head>\n<base target=\"_top\">", 1))
			return
		}
		self := OutboxPath + url.PathEscape(m.File)
		local.WritePage(w, r, siteDir, m.Subject, fmt.Sprintf(
			"<p><a href=\"%s\">All emails</a></p>\n<h1>%s</h1>\n<dl class=\"email-headers\"><dt>To</dt><dd>%s</dd><dt>Sent</dt><dd>%s</dd></dl>\n"+
				"<iframe class=\"email-frame\" src=\"%s?html\" title=\"The email\" sandbox=\"allow-top-navigation-by-user-activation\"></iframe>\n"+
				"<p><a href=\"%s?download\">Download the email</a> (an .eml file, for a mail program)</p>\n",
			OutboxPath, html.EscapeString(m.Subject), html.EscapeString(m.To), when(m.Date), self, self))
	}
}
