// Package notify sends the program's emails. Their texts are Markdown files under content/emails
// with front matter (subject) and Go template placeholders; notify renders each to HTML and plain
// text with goldmark. In AWS it sends through SES v2; the local stack writes .eml files to an
// outbox folder instead.
package notify

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"
	"text/template"

	"github.com/yuin/goldmark"
	"gopkg.in/yaml.v3"

	"github.com/ala-alsc/mentoring/content/emails"
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

// Text is one email text: its subject and body templates.
type Text struct {
	subject *template.Template
	body    *template.Template
}

// Load reads the email text called name (content/emails/<name>.md).
func Load(name string) (*Text, error) {
	b, err := fs.ReadFile(emails.FS, name+".md")
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	front, body, ok := strings.Cut(strings.TrimPrefix(string(b), "---\n"), "\n---\n")
	if !ok {
		return nil, fmt.Errorf("notify: %s.md has no front matter", name)
	}
	var meta struct {
		Subject string `yaml:"subject"`
	}
	if err := yaml.Unmarshal([]byte(front), &meta); err != nil {
		return nil, fmt.Errorf("notify: %s.md front matter: %w", name, err)
	}
	t := &Text{}
	if t.subject, err = template.New("subject").Option("missingkey=error").Parse(meta.Subject); err != nil {
		return nil, fmt.Errorf("notify: %s.md subject: %w", name, err)
	}
	if t.body, err = template.New(name).Option("missingkey=error").Parse(body); err != nil {
		return nil, fmt.Errorf("notify: %s.md: %w", name, err)
	}
	return t, nil
}

// MustLoad is Load for texts built into the binary, which are known to parse.
func MustLoad(name string) *Text {
	t, err := Load(name)
	if err != nil {
		panic(err)
	}
	return t
}

// Render fills the text with data for the recipient to. Values are text: any Markdown or HTML in
// them is shown as typed, never interpreted.
func (t *Text) Render(to string, data map[string]string) (Message, error) {
	var subject, text, md, html bytes.Buffer
	if err := t.subject.Execute(&subject, data); err != nil {
		return Message{}, err
	}
	if err := t.body.Execute(&text, data); err != nil {
		return Message{}, err
	}
	escaped := make(map[string]string, len(data))
	for k, v := range data {
		escaped[k] = escapeMarkdown(v)
	}
	if err := t.body.Execute(&md, escaped); err != nil {
		return Message{}, err
	}
	if err := goldmark.Convert(md.Bytes(), &html); err != nil {
		return Message{}, err
	}
	return Message{To: to, Subject: strings.TrimSpace(subject.String()), Text: strings.TrimSpace(text.String()) + "\n", HTML: html.String()}, nil
}

// escapeMarkdown backslash-escapes every ASCII punctuation character, which CommonMark then
// shows literally (and HTML-escapes where needed).
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
