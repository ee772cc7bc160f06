package notify_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
)

// Every email address an email gives, a person's or the partner's, is a link that writes to it:
// in the HTML part its words are the address and its target the mailto URL, and the plain text
// shows the address once. The introductions, the rematch introductions, the first-contact nudge
// and staff's alert that a pair needs help each give one.
func TestEveryAddressIsAMailtoLink(t *testing.T) {
	var giving []string
	for _, name := range textNames(t) {
		s, m := rendered(t, name)
		for _, a := range s.mails {
			t.Run(name+"/"+a, func(t *testing.T) { notifytest.WritesTo(t, m, a) })
		}
		if len(s.mails) > 0 {
			giving = append(giving, name)
		}
	}
	for _, name := range []string{"first-contact", "match-introduction", "rematch-introduction", "staff-help"} {
		if !slices.Contains(giving, name) {
			t.Errorf("%s gives no email address, want one (the texts that do: %v)", name, giving)
		}
	}
}

// The partner's address in an introduction is shown as it was typed, whatever it holds: a link
// whose target has every character that could end the link, add a recipient or a header, or be
// read as markup percent-encoded; and, when it is no address to write to (no "@", a line break,
// nothing at all), the address as text with no link. The plain text shows it once either way.
func TestAnIntroductionLinksThePartnersAddressSafely(t *testing.T) {
	const open = `<li style="margin:0 0 6px">Email: `
	const link = `<a style="color:#0a5a8c;text-decoration:underline" href="`
	cases := []struct {
		name, address, html, text string
	}{
		{"an ordinary address", "ana.souza@example.org",
			open + link + `mailto:ana.souza@example.org">ana.souza@example.org</a></li>`, "- Email: ana.souza@example.org\n"},
		{"a tag after a plus", "ana+mentoring@example.org",
			open + link + `mailto:ana+mentoring@example.org">ana+mentoring@example.org</a></li>`, "- Email: ana+mentoring@example.org\n"},
		{"an apostrophe", "pat.o'brien@example.org",
			open + link + `mailto:pat.o%27brien@example.org">pat.o&#39;brien@example.org</a></li>`, "- Email: pat.o'brien@example.org\n"},
		{"quoted, with a space", `"ana souza"@example.org`,
			open + link + `mailto:%22ana%20souza%22@example.org">&#34;ana souza&#34;@example.org</a></li>`, "- Email: \"ana souza\"@example.org\n"},
		{"markup", `"<b>x</b>"@example.org`,
			open + link + `mailto:%22%3Cb%3Ex%3C%2Fb%3E%22@example.org">&#34;&lt;b&gt;x&lt;/b&gt;&#34;@example.org</a></li>`, "- Email: \"<b>x</b>\"@example.org\n"},
		{"a second recipient and a header", "ana@example.org,eve@evil.example?bcc=mallory@evil.example",
			open + link + `mailto:ana%40example.org%2Ceve%40evil.example%3Fbcc%3Dmallory@evil.example">ana@example.org,eve@evil.example?bcc=mallory@evil.example</a></li>`,
			"- Email: ana@example.org,eve@evil.example?bcc=mallory@evil.example\n"},
		{"Markdown", "[x](javascript:alert(1))@example.org",
			open + link + `mailto:%5Bx%5D%28javascript%3Aalert%281%29%29@example.org">[x](javascript:alert(1))@example.org</a></li>`,
			"- Email: [x](javascript:alert(1))@example.org\n"},
		{"no @", "ana at example.org", open + "ana at example.org</li>", "- Email: ana at example.org\n"},
		{"a line break", "ana@example.org\nbcc: eve@evil.example", open + "ana@example.org<br>\nbcc: eve@evil.example</li>", "- Email: ana@example.org\nbcc: eve@evil.example\n"},
		{"nothing", "", open + "</li>", "- Email: \n"},
	}
	text := notify.MustLoad("match-introduction")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := sampleOf(text)
			s.data["PartnerEmail"] = c.address
			m, err := text.Render("a@example.org", s.data, s.blocks)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.HTML, c.html) {
				t.Errorf("the HTML part lacks %s:\n%s", c.html, m.HTML)
			}
			if !strings.Contains(m.Text, c.text) || strings.Contains(m.Text, "mailto:") {
				t.Errorf("the plain text lacks %q, or holds a mailto URL:\n%s", c.text, m.Text)
			}
			if c.address != "" && strings.Count(m.Text, c.address) != 1 {
				t.Errorf("the plain text shows %q %d times, want once", c.address, strings.Count(m.Text, c.address))
			}
			if n := strings.Count(m.HTML, "<a "); n != 4+min(1, len(markdown.Mailto(c.address))) {
				t.Errorf("%d links in the HTML part, want the activities', the pair page's, the footer's two and the address's if it is one", n)
			}
		})
	}
}

// An address in a block is linked the same way, with markdown.Link and markdown.Mailto: a mailto
// link whose words are the address, shown once in the plain text, or the address as text when
// it is none.
func TestAnAddressInABlockIsAMailtoLink(t *testing.T) {
	var items []markdown.Inline
	for _, a := range []string{"ana@example.org", "pat.o'brien@example.org", "ana at example.org"} {
		items = append(items, markdown.Link(a, markdown.Mailto(a)))
	}
	m, err := notify.MustLoad("staff-digest").Render("s@example.org", map[string]string{"Cycle": "2026-27", "Day": "May 3, 2027"},
		markdown.Blocks{"Body": markdown.Join(markdown.Heading(markdown.Plain("Who to write to")), markdown.List(items...))})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<li style="margin:0 0 6px"><a style="color:#0a5a8c;text-decoration:underline" href="mailto:ana@example.org">ana@example.org</a></li>`,
		`<li style="margin:0 0 6px"><a style="color:#0a5a8c;text-decoration:underline" href="mailto:pat.o%27brien@example.org">pat.o'brien@example.org</a></li>`,
		`<li style="margin:0 0 6px">ana at example.org</li>`,
	} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("the HTML part lacks %s:\n%s", want, m.HTML)
		}
	}
	if want := "- ana@example.org\n- pat.o'brien@example.org\n- ana at example.org\n"; !strings.Contains(m.Text, want) || strings.Contains(m.Text, "mailto:") {
		t.Errorf("the plain text lacks %q, or holds a mailto URL:\n%s", want, m.Text)
	}
}
