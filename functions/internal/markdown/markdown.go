// Package markdown builds Markdown from escaped pieces: the headings, paragraphs and lists an
// email's block placeholders take (package notify renders them). Every piece of text is escaped,
// so that no name or answer is ever read as markup or becomes a link. It links no renderer, so
// that the functions which only owe emails stay small.
package markdown

import (
	"net/url"
	"strings"
	"unicode"
)

// Block is a value of headings, paragraphs and lists for a placeholder that stands alone in
// its paragraph. It is built only from the functions below.
type Block struct{ src string }

// Source is the Markdown as text, to be kept (an email owed in the outbox) and read back with
// Kept.
func (m Block) Source() string { return m.src }

// Kept is Markdown that Source gave earlier, read back from where it was kept. Only what the
// functions below built may be given: a person's words go through them, never straight here.
func Kept(src string) Block { return Block{src} }

// Blocks are the values of placeholders that stand alone in their paragraph, by name.
type Blocks map[string]Block

// Inline is a piece of a paragraph, a heading or a list item.
type Inline struct{ src string }

// Plain is text shown as given; its line breaks are kept, and space at its ends is one space.
func Plain(s string) Inline {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = Escape(strings.TrimSpace(l))
	}
	out := strings.Join(lines, "\\\n")
	if strings.TrimLeft(s, " \t\r\n") != s {
		out = " " + out
	}
	if strings.TrimRight(s, " \t\r\n") != s {
		out += " "
	}
	return Inline{out}
}

// Strong is text shown in bold.
func Strong(s string) Inline { return Inline{"**" + strings.TrimSpace(Plain(s).src) + "**"} }

// Link is the words as a link to address, where address is an http, https or mailto URL;
// any other address (a file's place on this computer, say) follows the words as text, and none
// leaves the words alone: Link(a, Mailto(a)) is an email address a person writes to.
func Link(words, address string) Inline {
	switch {
	case address == "":
		return Plain(words)
	case !Linkable(address):
		return Plain(words + ": " + address)
	}
	return Inline{"[" + Plain(words).src + "](<" + address + ">)"}
}

// Mailto is the mailto URL that writes to address, with every character but letters, digits,
// "-._~!$*+" and the last "@" percent-encoded, so that an apostrophe, a space, a quote, a comma,
// a "?" or a "#" in it stays part of the one address and can neither end the link nor add a
// recipient or a header to the email. It is ""
// when address is no address to write to: empty, without an "@" between two parts, or holding a
// line break or another control character; the address is then shown as text, not linked.
func Mailto(address string) string {
	at := strings.LastIndexByte(address, '@')
	if at <= 0 || at == len(address)-1 || strings.ContainsFunc(address, unicode.IsControl) {
		return ""
	}
	var b strings.Builder
	b.WriteString("mailto:")
	for i := 0; i < len(address); i++ {
		c := address[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$*+", c) >= 0 || i == at {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + string(hexDigits[c>>4]) + string(hexDigits[c&15]))
	}
	return b.String()
}

const hexDigits = "0123456789ABCDEF"

// Heading is a section's heading.
func Heading(in ...Inline) Block { return Block{"## " + oneLine(join(in)) + "\n"} }

// Paragraph is a paragraph of the pieces, one after the other.
func Paragraph(in ...Inline) Block { return Block{join(in) + "\n"} }

// List is a bulleted list, an item for each piece.
func List(items ...Inline) Block {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("- " + strings.ReplaceAll(it.src, "\n", "\n  ") + "\n")
	}
	return Block{b.String()}
}

// Join puts blocks one after the other.
func Join(blocks ...Block) Block {
	parts := make([]string, len(blocks))
	for i, m := range blocks {
		parts[i] = m.src
	}
	return Block{strings.Join(parts, "\n")}
}

func join(in []Inline) string {
	var b strings.Builder
	for _, p := range in {
		b.WriteString(p.src)
	}
	return b.String()
}

// oneLine is inline Markdown with its line breaks made spaces.
func oneLine(s string) string { return strings.ReplaceAll(s, "\\\n", " ") }

// Escape backslash-escapes every ASCII punctuation character of s, which makes each one
// stand for itself in Markdown, in text and in a link's address alike.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(asciiPunctuation, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Unescape is Markdown text without the backslashes that escape punctuation.
func Unescape(s []byte) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(asciiPunctuation, s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// asciiPunctuation are the characters Markdown lets a backslash escape.
const asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// Linkable reports whether address may be a link's target: an absolute http or https URL with
// a host, or a mailto URL, with nothing in it that would end the link early.
func Linkable(address string) bool {
	if strings.ContainsAny(address, " <>\"'\\\t\r\n") {
		return false
	}
	u, err := url.Parse(address)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}
