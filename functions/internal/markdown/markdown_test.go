package markdown_test

import (
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
)

// Mailto writes to the one address it is given: everything that could end a link, add a
// recipient or a header, or be read as markup is percent-encoded, and what is no address to
// write to gives no URL.
func TestMailto(t *testing.T) {
	cases := []struct{ name, address, want string }{
		{"an ordinary address", "ana.souza@example.org", "mailto:ana.souza@example.org"},
		{"a tag after a plus", "ana+mentoring@example.org", "mailto:ana+mentoring@example.org"},
		{"an apostrophe", "pat.o'brien@example.org", "mailto:pat.o%27brien@example.org"},
		{"a quoted part with a space and an @", `"ana @home"@example.org`, "mailto:%22ana%20%40home%22@example.org"},
		{"a second recipient", "ana@example.org,eve@evil.example", "mailto:ana%40example.org%2Ceve@evil.example"},
		{"a header", "ana@example.org?bcc=eve@evil.example", "mailto:ana%40example.org%3Fbcc%3Deve@evil.example"},
		{"a fragment and a percent", "a#b%41@example.org", "mailto:a%23b%2541@example.org"},
		{"markup", "<b>@example.org", "mailto:%3Cb%3E@example.org"},
		{"letters beyond ASCII", "zoë@example.org", "mailto:zo%C3%AB@example.org"},
		{"no @", "ana at example.org", ""},
		{"nothing before the @", "@example.org", ""},
		{"nothing after the @", "ana@", ""},
		{"a line break", "ana@example.org\nbcc: eve@evil.example", ""},
		{"a tab", "ana@example.org\t", ""},
		{"nothing", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := markdown.Mailto(c.address)
			if got != c.want {
				t.Errorf("Mailto(%q) = %q, want %q", c.address, got, c.want)
			}
			if got != "" && !markdown.Linkable(got) {
				t.Errorf("Mailto(%q) = %q, which is no link's target", c.address, got)
			}
		})
	}
}
