package notify_test

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/infra/devenv"
)

// maxHTML is the most an email's HTML part may weigh.
const maxHTML = 30 << 10

// Every URL an email carries is a link in its HTML part, with words for a person to read, and is
// written out in full after those words in its plain text; no URL is left as bare text in the
// HTML, and every HTML part stays small.
func TestEveryURLIsALink(t *testing.T) {
	largest, largestName := 0, ""
	for _, name := range textNames(t) {
		s, m := rendered(t, name)
		for _, u := range s.urls {
			link := regexp.MustCompile(`<a style="[^"]*" href="` + regexp.QuoteMeta(html.EscapeString(u)) + `">([^<]+)</a>`).FindStringSubmatch(m.HTML)
			if link == nil || strings.TrimSpace(link[1]) == "" || strings.Contains(link[1], "http") {
				t.Errorf("%s: %s is not a link with words in the HTML part:\n%s", name, u, m.HTML)
				continue
			}
			if words := html.UnescapeString(link[1]); !strings.Contains(m.Text, words+" ("+u+")") {
				t.Errorf("%s: the plain text does not give %s after the words %q:\n%s", name, u, words, m.Text)
			}
		}
		if bare := regexp.MustCompile(`>[^<]*(https?:|mailto:)`).FindString(m.HTML); bare != "" {
			t.Errorf("%s: a URL is text in the HTML part, not a link: %q", name, bare)
		}
		if len(m.HTML) > maxHTML {
			t.Errorf("%s: the HTML part is %d bytes, over %d", name, len(m.HTML), maxHTML)
		}
		if len(m.HTML) > largest {
			largest, largestName = len(m.HTML), name
		}
	}
	t.Logf("the largest HTML part: %s, %d bytes (at most %d)", largestName, largest, maxHTML)
}

// The plain text part is wrapped by the mail program, not by us: a line ends only where a
// paragraph, a list item or a line of its own (a greeting, a signature) ends.
func TestNoTextLineEndsMidSentence(t *testing.T) {
	item := regexp.MustCompile(`^(- |\d+\. |-+$)`)
	for _, name := range textNames(t) {
		_, m := rendered(t, name)
		for _, para := range strings.Split(strings.TrimSpace(m.Text), "\n\n") {
			lines := strings.Split(para, "\n")
			for i, line := range lines[:len(lines)-1] {
				if !strings.ContainsAny(line[len(line)-1:], ",.:;!?") && !item.MatchString(lines[i+1]) {
					t.Errorf("%s: a line ends mid-sentence: %q, then %q", name, line, lines[i+1])
				}
			}
		}
	}
}

// A name or an answer typed by an applicant stays text wherever it goes: in a sentence, in a
// paragraph of its own and inside a block; only the URLs the texts and blocks make links of
// become links, and only web and mail addresses.
func TestValuesStayInert(t *testing.T) {
	hostile := []string{
		`<script>alert(1)</script>`,
		`[x](javascript:alert(1))`,
		`<a href="https://evil.example">x</a>`,
		`*Kim* __Lee__ ` + "`code`" + ` &amp; \*`,
		"# Heading\n\n    indented\n1. one\n- item\n> quote\n---",
		"https://evil.example/link",
	}
	goals := notify.MustLoad("goals-copy")
	for _, v := range hostile {
		data := map[string]string{}
		for _, k := range goals.Placeholders() {
			data[k] = v
		}
		data["LinkURL"] = "https://mentoring.example.org/participants/"
		delete(data, "Goals")
		m, err := goals.Render("a@example.org", data, markdown.Blocks{"Goals": markdown.Join(markdown.Heading(markdown.Plain(v)),
			markdown.Paragraph(markdown.Plain(v)), markdown.List(markdown.Plain(v), markdown.Link(v, "javascript:alert(1)")),
			markdown.Paragraph(markdown.Strong(v), markdown.Link(v, "https://mentoring.example.org/a")))})
		if err != nil {
			t.Fatal(err)
		}
		body := m.HTML[strings.Index(m.HTML, "<body"):]
		for _, tag := range []string{"<script", "<a href", "<em", "<code", "<pre", "<blockquote", "<h1", "<ol", "<hr", "javascript:alert(1)\""} {
			if strings.Contains(body, tag) {
				t.Errorf("%q: the HTML holds %q:\n%s", v, tag, body)
			}
		}
		if n := strings.Count(body, "<a "); n != 4 {
			t.Errorf("%q: %d links in the HTML part, want the text's, the block's web link and the footer's two", v, n)
		}
		if want := strings.Fields(v)[0]; !strings.Contains(body, html.EscapeString(want)) || !strings.Contains(m.Text, want) {
			t.Errorf("%q is not shown as typed (%q)", v, want)
		}
		if !strings.Contains(m.Text, "\n\n"+strings.TrimSpace(strings.Split(v, "\n")[0])+"\n") && !strings.Contains(v, "\n") {
			t.Errorf("%q: the plain text does not show the paragraph as typed:\n%s", v, m.Text)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "/participants/", "data:text/html,x", "https://ok.example/\"onmouseover=\"x", ""} {
		if _, err := notify.MustLoad("new-link").Render("a@example.org", map[string]string{"Name": "A", "Cycle": "c", "LinkURL": bad}); err == nil {
			t.Errorf("the link took %q as its address", bad)
		}
	}
}

// A block is rendered as headings, lists and paragraphs in the HTML part and as their plain text
// in the other, and may stand only where the text gives it a paragraph of its own.
func TestBlocksRenderAsHeadingsAndLists(t *testing.T) {
	digest := notify.MustLoad("staff-digest")
	body := markdown.Join(markdown.Heading(markdown.Plain("Pairs asking for help")),
		markdown.List(markdown.Plain("Jordan <Avery>"), markdown.Plain("Rosa & Delgado")),
		markdown.Heading(markdown.Plain("Files")), markdown.List(markdown.Link("Review page", "https://files.example/r?a=1&b=2"), markdown.Link("Sheet", "/var/reports/sheet.csv")))
	m, err := digest.Render("staff@example.org", map[string]string{"Cycle": "2026-27", "Day": "May 3, 2027"}, markdown.Blocks{"Body": body})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		">Pairs asking for help</h2>\n<ul style=\"margin:0 0 16px;padding-left:24px\">\n<li style=\"margin:0 0 6px\">Jordan &lt;Avery&gt;</li>\n<li style=\"margin:0 0 6px\">Rosa &amp; Delgado</li>\n</ul>",
		`<li style="margin:0 0 6px"><a style="color:#0a5a8c;text-decoration:underline" href="https://files.example/r?a=1&amp;b=2">Review page</a></li>`,
		`<li style="margin:0 0 6px">Sheet: /var/reports/sheet.csv</li>`,
	} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("the HTML part lacks %q:\n%s", want, m.HTML)
		}
	}
	want := "staff report.\n\nPairs asking for help\n---------------------\n\n- Jordan <Avery>\n- Rosa & Delgado\n\nFiles\n-----\n\n" +
		"- Review page (https://files.example/r?a=1&b=2)\n- Sheet: /var/reports/sheet.csv\n\nThis digest is sent every week"
	if !strings.Contains(m.Text, want) {
		t.Errorf("the plain text lacks %q:\n%s", want, m.Text)
	}
	if strings.Contains(m.HTML, "<p style=\"margin:0 0 16px\"><h2") || strings.Count(m.HTML, "<h2") != 2 {
		t.Errorf("the block is not in place of its paragraph:\n%s", m.HTML)
	}
	// A block where the text has a sentence, or given twice, is refused; plain text in a block's
	// place is one paragraph, its line breaks kept.
	if _, err := notify.MustLoad("new-link").Render("a@example.org", map[string]string{"Cycle": "c", "LinkURL": "https://x.example/"},
		markdown.Blocks{"Name": markdown.Paragraph(markdown.Plain("A"))}); err == nil || !strings.Contains(err.Error(), "stand alone") {
		t.Errorf("a block in a sentence: %v", err)
	}
	if _, err := digest.Render("s@example.org", map[string]string{"Cycle": "c", "Day": "d", "Body": "x"}, markdown.Blocks{"Body": body}); err == nil {
		t.Error("a value given both as text and as a block was taken")
	}
	m, err = digest.Render("s@example.org", map[string]string{"Cycle": "c", "Day": "d", "Body": "one <b>\ntwo"})
	if err != nil || !strings.Contains(m.HTML, "<p style=\"margin:0 0 16px\">one &lt;b&gt;<br>\ntwo</p>") || !strings.Contains(m.Text, "\n\none <b>\ntwo\n\n") {
		t.Errorf("plain text in a block's place (%v):\n%s\n%s", err, m.HTML, m.Text)
	}
}

// The emails' colours are the site's own, so that an email looks like ALSC's pages.
func TestColoursAreTheSites(t *testing.T) {
	css, err := os.ReadFile(filepath.Join(devenv.Root(), "site", "assets", "css", "10-base.css"))
	if err != nil {
		t.Fatal(err)
	}
	root := regexp.MustCompile(`(?s):root \{(.*?)\}`).FindSubmatch(css)
	if root == nil {
		t.Fatal("no :root in the site's base CSS")
	}
	site := regexp.MustCompile(`#[0-9a-f]{6}`).FindAllString(string(root[1]), -1)
	m, err := notify.MustLoad("staff-digest").Render("s@example.org", map[string]string{"Cycle": "c", "Day": "d"},
		markdown.Blocks{"Body": markdown.Join(markdown.Heading(markdown.Plain("h")), markdown.List(markdown.Link("a link", "https://x.example/")))})
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`#[0-9a-f]{6}`).FindAllString(m.HTML, -1)
	if len(used) < 10 {
		t.Fatalf("%d colours in the HTML part", len(used))
	}
	for _, c := range used {
		if !slices.Contains(site, c) {
			t.Errorf("the email uses %s, which is not one of the site's colours %v", c, site)
		}
	}
}
