package notify

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
)

// plainText renders Markdown as the plain-text part of an email: prose a person reads as it
// stands, each paragraph on one line (mail programs wrap it) and a blank line between
// paragraphs. Emphasis and code marks are dropped, headings are underlined, list items keep their
// bullet or number (their further blocks indented under the first), a hard line break stays a
// line break, and a link shows its address after its words unless they are the address (an
// email address's mailto URL too).
func plainText(md goldmark.Markdown, source []byte) string {
	doc := md.Parser().Parse(text.NewReader(source))
	var blocks []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if b := block(n, source); b != "" {
			blocks = append(blocks, b)
		}
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// block is one block node as plain text, without a trailing line break.
func block(n ast.Node, src []byte) string {
	switch n := n.(type) {
	case *ast.Heading:
		title := inline(n, src)
		return title + "\n" + strings.Repeat("-", utf8.RuneCountInString(title))
	case *ast.List:
		var items []string
		number := n.Start
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			bullet := "- "
			if n.IsOrdered() {
				bullet = strconv.Itoa(number) + ". "
				number++
			}
			var parts []string
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				parts = append(parts, block(c, src))
			}
			sep := "\n"
			if !n.IsTight {
				sep = "\n\n"
			}
			body := strings.Join(parts, sep)
			indent := strings.Repeat(" ", len(bullet))
			items = append(items, bullet+strings.ReplaceAll(body, "\n", "\n"+indent))
		}
		sep := "\n"
		if !n.IsTight {
			sep = "\n\n"
		}
		return strings.Join(items, sep)
	case *ast.Blockquote:
		var parts []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			parts = append(parts, block(c, src))
		}
		return "> " + strings.ReplaceAll(strings.Join(parts, "\n\n"), "\n", "\n> ")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		return strings.TrimRight(b.String(), "\n")
	case *ast.ThematicBreak:
		return "----"
	case *ast.HTMLBlock:
		return ""
	}
	return inline(n, src)
}

// inline is the text of n's inline children.
func inline(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(markdown.Unescape(c.Segment.Value(src)))
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.URL(src))
		case *ast.Link:
			words := inline(c, src)
			b.WriteString(words)
			if dest := markdown.Unescape(c.Destination); dest != words && dest != "mailto:"+words && dest != markdown.Mailto(words) {
				b.WriteString(" (" + dest + ")")
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
		case *ast.Image:
			b.WriteString(inline(c, src))
		case *ast.RawHTML:
		default: // emphasis, code spans: their words only
			b.WriteString(inline(c, src))
		}
	}
	return b.String()
}
