// Package report writes what staff read: documents built as Markdown by the code and rendered
// to one printable HTML page by goldmark (no scripts; small inline SVG charts where a picture
// reads faster than a table), CSV files that open correctly in Excel and LibreOffice, and the
// place they are kept (a local folder, or a private bucket with links that expire).
package report

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
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

// part is Markdown, or a chart.
type part struct {
	markdown string
	chart    *chart
}

// chart is a bar chart's title and bars.
type chart struct {
	title string
	bars  []Bar
}

// Printf adds Markdown; values that came from people must go through Escape.
func (d *Document) Printf(format string, args ...any) { fmt.Fprintf(&d.md, format, args...) }

// Table adds a Markdown table; its cells are escaped.
func (d *Document) Table(header []string, rows [][]string) { table(&d.md, header, rows) }

func table(b *strings.Builder, header []string, rows [][]string) {
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + Escape(strings.ReplaceAll(c, "\n", " ")) + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	row(header)
	b.WriteString("|" + strings.Repeat(" --- |", len(header)) + "\n")
	for _, r := range rows {
		row(r)
	}
	b.WriteString("\n")
}

// Chart adds a bar chart: a picture on the page (see Bars), a table in the Markdown.
func (d *Document) Chart(title string, bars []Bar) {
	d.flush()
	d.parts = append(d.parts, part{chart: &chart{title, bars}})
}

func (d *Document) flush() {
	if d.md.Len() > 0 {
		d.parts = append(d.parts, part{markdown: d.md.String()})
		d.md.Reset()
	}
}

// Markdown is the document as Markdown, for people who edit it: each chart is a table of its
// bars.
func (d *Document) Markdown() string {
	d.flush()
	var b strings.Builder
	b.WriteString("# " + Escape(d.Title) + "\n\n")
	for _, p := range d.parts {
		if p.chart == nil {
			b.WriteString(p.markdown)
			continue
		}
		rows := make([][]string, len(p.chart.bars))
		for i, bar := range p.chart.bars {
			rows[i] = []string{bar.Label, strconv.Itoa(bar.Value)}
		}
		table(&b, []string{p.chart.title, "Number"}, rows)
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
		if p.chart != nil {
			body.WriteString(Bars(p.chart.title, p.chart.bars))
			continue
		}
		if err := markdown.Convert([]byte(p.markdown), &body); err != nil {
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
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2;overflow-wrap:anywhere}h2{margin-top:2rem;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
figure{margin:1rem 0}svg text{font:13px Helvetica,Arial,sans-serif;fill:#1a1a1a}blockquote{border-left:3px solid #999;margin:.5rem 0;padding-left:1rem}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}`

// Escape makes text a person typed plain text in Markdown, escaping only what Markdown would
// read as markup, so that the Markdown reads as the person wrote it ("51%", "Yes, as a mentor",
// "=SUM(A1:A9)" stay as they are): every * ` | ~; a _ at a word's edge; a \ before punctuation;
// a ] that could close a link; a < that could open a tag; an & that could begin an entity; and at
// the start, a mark that would begin a heading, list, quote or break.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	mark := blockMark(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		prev := byte(' ')
		if i > 0 {
			prev = s[i-1]
		}
		var escape bool
		switch c {
		case '*', '`', '|', '~':
			escape = true
		case '_':
			escape = !word(prev) || !word(next)
		case '\\':
			escape = next != 0 && strings.IndexByte(punctuation, next) >= 0
		case ']':
			escape = next == '(' || next == '[' || next == ':'
		case '<':
			escape = next == '/' || next == '!' || next == '?' || next >= 'a' && next <= 'z' || next >= 'A' && next <= 'Z'
		case '&':
			escape = entity.MatchString(s[i:])
		}
		escape = escape || i == mark
		if escape {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// punctuation is what a backslash escapes in Markdown: the ASCII punctuation characters.
const punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// entity is an HTML character reference at the start of a text: &amp; &#38; &#x26;.
var entity = regexp.MustCompile(`^&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});`)

// word reports whether c is a letter or digit (or part of a letter beyond ASCII).
func word(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// blockStart matches text that, beginning a line, would begin a block in Markdown: a heading
// (#), a list (- + or "1." followed by a space), a quote (>), a break or underline (--- ===), or a
// task box ([).
var blockStart = regexp.MustCompile(`^(?:#{1,6}(?:\s|$)|[-+=](?:\s|$|[-+=])|>|\[[ xX]\]|[0-9]{1,9}[.)](?:\s|$))`)

// blockMark is where the mark is that would make s begin a block (a number's . or ), else the
// first character), or -1.
func blockMark(s string) int {
	m := blockStart.FindString(s)
	switch {
	case m == "":
		return -1
	case m[0] >= '0' && m[0] <= '9':
		return strings.IndexAny(m, ".)")
	}
	return 0
}
