// Package notify sends the program's emails. Their texts are Markdown files under content/emails
// with front matter (subject) and placeholders such as {{ .Name }}; notify renders each to HTML and plain
// text with goldmark (the text part as prose, without Markdown's marks). In AWS it sends through SES v2; the local stack writes .eml files to an
// outbox folder instead.
package notify

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/yuin/goldmark"

	"github.com/ala-alsc/mentoring/content/emails"
	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// Message is a rendered email.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Text is one email text: its subject, its body, and the body rendered once to HTML and to plain
// text, each split at its placeholders.
type Text struct {
	name                       string
	subject, body, html, plain []part
}

// part is literal text followed by the name of a placeholder's value ("" at the end).
type part struct{ text, key string }

// splitAt splits s at each match of re, whose first group names the placeholder.
func splitAt(re *regexp.Regexp, s string) []part {
	var parts []part
	at := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		parts = append(parts, part{s[at:m[0]], s[m[2]:m[3]]})
		at = m[1]
	}
	return append(parts, part{text: s[at:]})
}

// placeholder is how a text names a value: {{ .Name }}. Plain substitution keeps the functions
// free of the template packages, whose run-time method lookups would make every binary larger.
var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// footer is the text whose body closes every email: the program, ALSC's site and the office's
// address (package program's Office), which Render fills in.
const footer = "footer"

// footerValues are the values of the footer's placeholders.
var footerValues = map[string]string{"ALSCURL": program.TheOffice.ALSCURL, "OfficeEmail": program.TheOffice.Contact()}

// Load reads the email text called name (content/emails/<name>.md), followed by the footer.
func Load(name string) (*Text, error) {
	front, body, err := read(name)
	if err != nil {
		return nil, err
	}
	if name != footer {
		_, closing, err := read(footer)
		if err != nil {
			return nil, err
		}
		body = strings.TrimRight(body, "\n") + "\n\n" + closing
	}
	var meta struct {
		Subject string `toml:"subject"`
	}
	if err := toml.Unmarshal([]byte(front), &meta); err != nil {
		return nil, fmt.Errorf("notify: %s.md front matter: %w", name, err)
	}
	if rest := placeholder.ReplaceAllString(meta.Subject+body, ""); strings.Contains(rest, "{{") {
		return nil, fmt.Errorf("notify: %s.md: only placeholders such as {{ .Name }} are allowed", name)
	}
	t := &Text{name: name, subject: splitAt(placeholder, meta.Subject), body: splitAt(placeholder, body)}
	// The body goes through goldmark once, with each placeholder as a marker that Markdown
	// leaves alone; values are then HTML-escaped into place, so they are always plain text.
	var marked strings.Builder
	for _, p := range t.body {
		marked.WriteString(p.text)
		if p.key != "" {
			marked.WriteString(markerOpen + p.key + markerClose)
		}
	}
	md := goldmark.New()
	var out bytes.Buffer
	if err := md.Convert([]byte(marked.String()), &out); err != nil {
		return nil, fmt.Errorf("notify: %s.md: %w", name, err)
	}
	t.html = splitAt(marker, out.String())
	t.plain = splitAt(marker, plainText(md, []byte(marked.String())))
	if len(t.html) != len(t.body) || len(t.plain) != len(t.body) {
		return nil, fmt.Errorf("notify: %s.md: a placeholder stands where Markdown changes it (a link target?)", name)
	}
	return t, nil
}

// read splits the email text called name into its front matter and body.
func read(name string) (front, body string, err error) {
	b, err := fs.ReadFile(emails.FS, name+".md")
	if err != nil {
		return "", "", fmt.Errorf("notify: %w", err)
	}
	front, body, ok := strings.Cut(strings.TrimPrefix(string(b), "+++\n"), "\n+++\n")
	if !ok {
		return "", "", fmt.Errorf("notify: %s.md has no TOML front matter (+++)", name)
	}
	return front, body, nil
}

// escapeLines escapes a value for HTML, keeping its line breaks.
func escapeLines(v string) string { return strings.ReplaceAll(html.EscapeString(v), "\n", "<br>\n") }

// The marker of a placeholder in the Markdown rendered at Load: private-use characters.
const markerOpen, markerClose = "\ue000", "\ue001"

var marker = regexp.MustCompile(markerOpen + `(\w+)` + markerClose)

// MustLoad is Load for texts built into the binary, which are known to parse.
func MustLoad(name string) *Text {
	t, err := Load(name)
	if err != nil {
		panic(err)
	}
	return t
}

// Placeholders names the values the text needs, in order of first use (the footer's are
// Render's own).
func (t *Text) Placeholders() []string {
	var out []string
	for _, p := range append(slices.Clone(t.subject), t.body...) {
		if _, own := footerValues[p.key]; p.key != "" && !own && !slices.Contains(out, p.key) {
			out = append(out, p.key)
		}
	}
	return out
}

// Render fills the text with data for the recipient to. Values are text: any Markdown or HTML in
// them is shown as typed, never interpreted; their line breaks are kept. The footer's values are
// filled in whatever data holds.
func (t *Text) Render(to string, data map[string]string) (Message, error) {
	data = maps.Clone(data)
	if data == nil {
		data = map[string]string{}
	}
	maps.Copy(data, footerValues)
	for _, p := range append(t.subject, t.body...) {
		if _, ok := data[p.key]; !ok && p.key != "" {
			return Message{}, fmt.Errorf("notify: %s.md needs a value for %s", t.name, p.key)
		}
	}
	fill := func(parts []part, value func(string) string) string {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.text)
			if p.key != "" {
				b.WriteString(value(data[p.key]))
			}
		}
		return b.String()
	}
	plain := func(v string) string { return v }
	return Message{To: to, Subject: strings.TrimSpace(fill(t.subject, plain)),
		Text: strings.TrimSpace(fill(t.plain, plain)) + "\n", HTML: fill(t.html, escapeLines)}, nil
}
