// Package notify sends the program's emails. Their texts are Markdown files under
// content/emails with front matter (subject) and placeholders such as {{ .Name }}; notify
// renders each with goldmark to an HTML document in ALSC's look, between the header
// (header.md) and the footer (footer.md) every email has, and to a plain-text part of
// paragraphs on one line each, for mail programs to wrap. A placeholder that is a link's whole
// address, [Open your pair's page]({{ .LinkURL }}), takes an http, https or mailto URL; a link
// that is an email address, [{{ .PartnerEmail }}](mailto:{{ .PartnerEmail }}), takes the address
// and writes to it (markdown.Mailto); one standing alone in its paragraph may take headings,
// paragraphs and lists (markdown.Blocks, built from escaped pieces by package markdown); every
// other value is text. In AWS it sends through SES v2; the local stack writes
// .eml files to an outbox folder instead.
package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/yuin/goldmark"

	"github.com/ala-alsc/mentoring/content/emails"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
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

// part is literal text followed by the name of a placeholder's value ("" at the end), and where
// the value goes.
type part struct {
	text, key string
	in        slot
}

// slot is where a placeholder stands, which says how its value is put in.
type slot int

const (
	inText  slot = iota // in a sentence: the value escaped, its line breaks kept
	inHref              // a link's whole address: an http, https or mailto URL only
	inBlock             // a paragraph of its own: a value of Blocks, or text as one paragraph
	inMail              // both the words and the address of a mailto link: an email address
)

// splitAt splits s at each match of re, whose first group names the placeholder.
func splitAt(re *regexp.Regexp, s string) []part {
	var parts []part
	at := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		parts = append(parts, part{text: s[at:m[0]], key: s[m[2]:m[3]]})
		at = m[1]
	}
	return append(parts, part{text: s[at:]})
}

// placeholder is how a text names a value: {{ .Name }}. Plain substitution keeps the functions
// free of the template packages, whose run-time method lookups would make every binary larger.
var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// Load reads the email text called name (content/emails/<name>.md); Render puts it between the
// header and the footer every email has.
func Load(name string) (*Text, error) {
	if name == headerName || name == footerName {
		return nil, fmt.Errorf("notify: %s.md is part of every email, not an email of its own", name)
	}
	if _, err := frame(); err != nil {
		return nil, err
	}
	front, body, err := read(name)
	if err != nil {
		return nil, err
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
	// leaves alone; values are then escaped into place, so they are always plain text.
	var marked strings.Builder
	for _, p := range t.body {
		marked.WriteString(p.text)
		if p.key != "" {
			marked.WriteString(markerOpen + p.key + markerClose)
		}
	}
	var out bytes.Buffer
	if err := md.Convert([]byte(marked.String()), &out); err != nil {
		return nil, fmt.Errorf("notify: %s.md: %w", name, err)
	}
	styled := bodyStyle.Replace(out.String())
	mails := 0
	for _, m := range htmlMarker.FindAllStringSubmatch(styled, -1) {
		key, in := m[1], inBlock
		switch {
		case m[4] != "" && m[4] != m[5]:
			return nil, fmt.Errorf("notify: %s.md: a mailto link's words must be its address, [{{ .%s }}](mailto:{{ .%[2]s }})", name, m[4])
		case m[4] != "":
			key, in = m[4], inMail
			mails++
		case m[2] != "":
			key, in = m[2], inHref
		case m[3] != "":
			key, in = m[3], inText
		}
		t.html = append(t.html, part{key: key, in: in})
	}
	texts := htmlMarker.Split(styled, -1)
	for i := range t.html {
		t.html[i].text = texts[i]
	}
	t.html = append(t.html, part{text: texts[len(texts)-1]})
	for _, p := range t.html {
		if strings.Contains(p.text, markerOpen) || strings.Contains(p.text, encodedOpen) {
			return nil, fmt.Errorf("notify: %s.md: a placeholder in a link's address must be the whole address", name)
		}
	}
	t.plain = splitAt(marker, plainText(md, []byte(marked.String())))
	// A mail link names its placeholder twice in the body and stands once in each part.
	if len(t.html) != len(t.body)-mails || len(t.plain) != len(t.body)-mails {
		return nil, fmt.Errorf("notify: %s.md: a placeholder stands where Markdown changes it", name)
	}
	return t, nil
}

// md is the Markdown every text and block is rendered with: CommonMark, no raw HTML.
var md = goldmark.New()

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

// The marker of a placeholder in the Markdown rendered at Load: private-use characters, which
// goldmark percent-encodes in a link's address.
const markerOpen, markerClose = "\ue000", "\ue001"

var (
	encodedOpen = url.PathEscape(markerOpen)
	marker      = regexp.MustCompile(markerOpen + `(\w+)` + markerClose)
	// linkOpen is how a link starts in an email's HTML part, up to its address.
	linkOpen = bodyStyle.Replace(`<a href="`)
	// htmlMarker finds a placeholder standing alone in a paragraph, as a link's address, in text,
	// or as both the words and the address of a mailto link.
	htmlMarker = regexp.MustCompile(regexp.QuoteMeta(paragraph) + markerOpen + `(\w+)` + markerClose + `</p>|href="` + encodedOpen + `(\w+)` +
		url.PathEscape(markerClose) + `"|` + markerOpen + `(\w+)` + markerClose + `|` +
		regexp.QuoteMeta(linkOpen+"mailto:") + encodedOpen + `(\w+)` + url.PathEscape(markerClose) + `">` + markerOpen + `(\w+)` + markerClose + `</a>`)
)

// MustLoad is Load for texts built into the binary, which are known to parse.
func MustLoad(name string) *Text {
	t, err := Load(name)
	if err != nil {
		panic(err)
	}
	return t
}

// Placeholders names the values the text needs, in order of first use.
func (t *Text) Placeholders() []string {
	var out []string
	for _, p := range append(slices.Clone(t.subject), t.body...) {
		if p.key != "" && !slices.Contains(out, p.key) {
			out = append(out, p.key)
		}
	}
	return out
}

// Render fills the text with data for the recipient to, between the header and the footer.
// Values are text: any Markdown or HTML in them is shown as typed, never interpreted; their line
// breaks are kept. A placeholder that is a link's address takes an http, https or mailto URL;
// one that is both the words and the address of a mailto link takes an email address, shown as
// typed and linked with markdown.Mailto, or shown as text alone when that gives no link.
// A placeholder standing alone in its paragraph may instead take its value from blocks, as
// headings, paragraphs and lists.
func (t *Text) Render(to string, data map[string]string, blocks ...markdown.Blocks) (Message, error) {
	f, err := frame()
	if err != nil {
		return Message{}, err
	}
	block := markdown.Blocks{}
	for _, b := range blocks {
		for k, v := range b {
			if _, twice := data[k]; twice {
				return Message{}, fmt.Errorf("notify: %s.md: %s is given both as text and as a block", t.name, k)
			}
			block[k] = v
		}
	}
	for _, p := range append(slices.Clone(t.subject), t.body...) {
		_, isText := data[p.key]
		if _, isBlock := block[p.key]; p.key != "" && !isText && !isBlock {
			return Message{}, fmt.Errorf("notify: %s.md needs a value for %s", t.name, p.key)
		}
	}
	fill := func(parts []part, value func(part) (string, error)) (string, error) {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.text)
			if p.key == "" {
				continue
			}
			v, err := value(p)
			if err != nil {
				return "", fmt.Errorf("notify: %s.md: %s %w", t.name, p.key, err)
			}
			b.WriteString(v)
		}
		return b.String(), nil
	}
	subject, err := fill(t.subject, func(p part) (string, error) {
		if _, ok := block[p.key]; ok {
			return "", errNotAlone
		}
		return data[p.key], nil
	})
	if err != nil {
		return Message{}, err
	}
	subject = strings.TrimSpace(subject)
	body, err := fill(t.html, func(p part) (string, error) {
		b, isBlock := block[p.key]
		v := data[p.key]
		switch {
		case isBlock && p.in != inBlock:
			return "", errNotAlone
		case isBlock:
			return blockHTML(b)
		case p.in == inHref && !markdown.Linkable(v):
			return "", fmt.Errorf("is a link's address, and %q is not an http, https or mailto URL", v)
		case p.in == inHref:
			return `href="` + html.EscapeString(v) + `"`, nil
		case p.in == inMail && markdown.Mailto(v) != "":
			return linkOpen + html.EscapeString(markdown.Mailto(v)) + `">` + html.EscapeString(v) + "</a>", nil
		case p.in == inBlock:
			return paragraph + escapeLines(v) + "</p>", nil
		}
		return escapeLines(v), nil
	})
	if err != nil {
		return Message{}, err
	}
	text, err := fill(t.plain, func(p part) (string, error) {
		if b, ok := block[p.key]; ok {
			return strings.TrimSpace(plainText(md, []byte(b.Source()))), nil
		}
		return data[p.key], nil
	})
	if err != nil {
		return Message{}, err
	}
	return Message{To: to, Subject: subject, Text: strings.TrimSpace(text) + "\n\n" + f.plain,
		HTML: f.document(subject, body)}, nil
}

var errNotAlone = errors.New("is a block of Markdown, which must stand alone in its paragraph")

// blockHTML is the block rendered for an email's HTML part.
func blockHTML(m markdown.Block) (string, error) {
	var out bytes.Buffer
	if err := md.Convert([]byte(m.Source()), &out); err != nil {
		return "", err
	}
	return bodyStyle.Replace(strings.TrimSpace(out.String())), nil
}
