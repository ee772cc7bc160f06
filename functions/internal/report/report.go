// Package report writes what staff read: documents built as Markdown by the code and rendered
// to one printable HTML page by goldmark (no scripts; small inline SVG charts where a picture
// reads faster than a table), CSV files that open correctly in Excel and LibreOffice, and the
// place they are kept (a local folder, or a private bucket with links that expire).
package report

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Document is a report being built: Markdown text and charts, in order.
type Document struct {
	Title string
	parts []part
	md    strings.Builder
}

// part is rendered Markdown or a chart's markup.
type part struct {
	markdown bool
	text     string
}

// Printf adds Markdown; values that came from people must go through Escape.
func (d *Document) Printf(format string, args ...any) { fmt.Fprintf(&d.md, format, args...) }

// Table adds a Markdown table; its cells are escaped.
func (d *Document) Table(header []string, rows [][]string) {
	row := func(cells []string) {
		d.md.WriteString("|")
		for _, c := range cells {
			d.md.WriteString(" " + strings.ReplaceAll(Escape(c), "\n", " ") + " |")
		}
		d.md.WriteString("\n")
	}
	d.md.WriteString("\n")
	row(header)
	d.md.WriteString("|" + strings.Repeat(" --- |", len(header)) + "\n")
	for _, r := range rows {
		row(r)
	}
	d.md.WriteString("\n")
}

// Chart adds a chart (see Bars).
func (d *Document) Chart(svg string) {
	d.flush()
	d.parts = append(d.parts, part{text: svg})
}

func (d *Document) flush() {
	if d.md.Len() > 0 {
		d.parts = append(d.parts, part{markdown: true, text: d.md.String()})
		d.md.Reset()
	}
}

// Markdown is the document as Markdown, charts left out (for people who edit it).
func (d *Document) Markdown() string {
	d.flush()
	var b strings.Builder
	b.WriteString("# " + Escape(d.Title) + "\n\n")
	for _, p := range d.parts {
		if p.markdown {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// markdown renders tables; raw HTML in the Markdown is dropped, so nothing a person typed can
// become markup.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table))

// HTML is the document as one page: styles inline, no scripts, printable.
func (d *Document) HTML() ([]byte, error) {
	d.flush()
	var body bytes.Buffer
	for _, p := range d.parts {
		if !p.markdown {
			body.WriteString(p.text)
			continue
		}
		if err := markdown.Convert([]byte(p.text), &body); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"+
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n"+
		"<body>\n<main>\n<h1>%s</h1>\n", html.EscapeString(d.Title), style, html.EscapeString(d.Title))
	out.Write(body.Bytes())
	out.WriteString("</main>\n</body>\n</html>\n")
	return out.Bytes(), nil
}

const style = `body{font:16px/1.5 Georgia,serif;color:#1a1a1a;margin:2rem auto;max-width:64rem;padding:0 1rem}td,th{font-size:14px}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}h2{margin-top:2rem;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
figure{margin:1rem 0}svg text{font:13px Helvetica,Arial,sans-serif;fill:#1a1a1a}blockquote{border-left:3px solid #999;margin:.5rem 0;padding-left:1rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}`

// Escape makes text a person typed plain text in Markdown: every ASCII punctuation character
// is backslash-escaped, so it shows as typed.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune("\\`*_{}[]()#+-.!|<>&~\"'=:;,/?@$%^", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
