// Package notifytest reads the emails an outbox folder holds, and checks what they offer, for
// tests.
package notifytest

import (
	"html"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// Outbox reads every message in the outbox dir, oldest first, failing the test on any error.
func Outbox(tb testing.TB, dir string) []notify.Message {
	tb.Helper()
	m, err := notify.ReadOutbox(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// WritesTo fails the test unless m offers address as a link to write to it: in the HTML part, a
// link whose words are the address and whose target is its mailto URL (markdown.Mailto), and in
// the plain text the address once, with no mailto URL beside it.
func WritesTo(tb testing.TB, m notify.Message, address string) {
	tb.Helper()
	link := `href="` + html.EscapeString(markdown.Mailto(address)) + `">` + html.EscapeString(address) + "</a>"
	if markdown.Mailto(address) == "" || strings.Count(m.HTML, link) != 1 {
		tb.Errorf("the HTML part of %q to %s has no one link %s", m.Subject, m.To, link)
	}
	if n := strings.Count(m.Text, address); n != 1 || strings.Contains(m.Text, "mailto:") {
		tb.Errorf("the plain text of %q to %s shows %s %d times, want once and no mailto URL:\n%s", m.Subject, m.To, address, n, m.Text)
	}
}
