package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/net/html"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// office is the ALSC office's entry in the program data, decoded here independently of the
// site's templates.
func office(t *testing.T) (email string, placeholder bool, alsc string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "functions", "internal", "program", "data", "office.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Email       string `toml:"email"`
		Placeholder bool   `toml:"placeholder"`
		ALSC        string `toml:"alsc_url"`
	}
	if err := toml.Unmarshal(b, &o); err != nil || o.Email == "" || o.ALSC == "" {
		t.Fatalf("office.toml: %v %+v", err, o)
	}
	return o.Email, o.Placeholder, o.ALSC
}

// hasLink reports whether the page links to href.
func hasLink(t *testing.T, page, href string) bool {
	t.Helper()
	return slices.ContainsFunc(find(parse(t, page), tag("a")), func(a *html.Node) bool { h, _ := attr(a, "href"); return h == href })
}

// Every page's footer gives the office's address as a mail link (marked as the demo's stand-in
// while it is one), links ALSC's own site and the privacy notice; the header's wordmark is text.
func TestEveryPageGivesTheOfficeAndPrivacy(t *testing.T) {
	email, placeholder, alsc := office(t)
	if !placeholder {
		t.Error("the built-in office address is not marked a placeholder: the demo must not pass a stand-in off as real")
	}
	for _, p := range pages(t) {
		doc := parse(t, p)
		footers := find(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return n.Data == "footer" && c == "site-footer" })
		if len(footers) != 1 {
			t.Errorf("%s: %d site footers", p, len(footers))
			continue
		}
		f := footers[0]
		if want := "write to the ALSC office at " + email + " (a placeholder address for the demo)."; !strings.Contains(text(f), want) {
			t.Errorf("%s: the footer says %q, want %q", p, text(f), want)
		}
		var hrefs []string
		for _, a := range find(f, tag("a")) {
			h, _ := attr(a, "href")
			hrefs = append(hrefs, h)
		}
		for _, want := range []string{"mailto:" + email, alsc, "/privacy/"} {
			if !slices.Contains(hrefs, want) {
				t.Errorf("%s: the footer does not link %s: %v", p, want, hrefs)
			}
		}
		brand := find(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "brand-org" })
		if len(brand) != 1 || text(brand[0]) != "ALSC" || len(find(brand[0], tag("img"))) > 0 {
			t.Errorf("%s: no text wordmark in the header", p)
		}
	}
}

// Every form links the privacy notice, and the applications' consent box does so inside it.
func TestEveryFormLinksThePrivacyNotice(t *testing.T) {
	forms := 0
	for _, p := range pages(t) {
		for _, form := range find(parse(t, p), tag("form")) {
			forms++
			var links int
			for _, a := range find(form, tag("a")) {
				if h, _ := attr(a, "href"); h == "/privacy/" {
					links++
				}
			}
			consent := find(form, func(n *html.Node) bool { id, _ := attr(n, "id"); return id == "section-consent" })
			want := 1 + len(consent)
			if links != want {
				t.Errorf("%s: the form links the privacy notice %d times, want %d", p, links, want)
			}
			for _, c := range consent {
				if !slices.ContainsFunc(find(c, tag("a")), func(a *html.Node) bool { h, _ := attr(a, "href"); return h == "/privacy/" }) {
					t.Errorf("%s: the consent box does not link the privacy notice", p)
				}
			}
			if strings.HasPrefix(p, "/apply/") && len(consent) != 1 {
				t.Errorf("%s: an application without its consent box", p)
			}
		}
	}
	if forms < 3 {
		t.Errorf("%d forms on the site, want the two applications and the new-link form", forms)
	}
}

// The privacy notice says how long answers are kept, from the calendar, in words and dates,
// with the 35 days of point-in-time recovery, who sees what, and whom to ask.
func TestPrivacyNoticeFromTheCalendar(t *testing.T) {
	c := loadCalendar(t)
	email, _, _ := office(t)
	page := text(parse(t, "/privacy/"))
	if c.RetentionDays != 365 {
		t.Fatalf("retention_days is %d: say here how the notice words it", c.RetentionDays)
	}
	want := []string{
		"deleted automatically one year after that year ends",
		"answers from the " + c.Cycles[0].ID + " program year, which ends on " + inWords(c.Cycles[0].Ends, "January 2, 2006") +
			", are deleted from " + inWords(shiftDay(c.Cycles[0].Ends, c.RetentionDays+1), "January 2, 2006"),
		"the last 35 days",
		"The working group", "never your preferences",
		"Your match never sees your preferences",
		"Write to the ALSC office at " + email,
		"To have everything deleted",
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the privacy notice lacks %q", w)
		}
	}
	if n := strings.Count(page, "are deleted from"); n != len(c.Cycles) {
		t.Errorf("the notice dates %d program years' deletion, want the calendar's %d", n, len(c.Cycles))
	}
}

// The resources carry no editing notes; the Core Competencies are linked where the guide names
// them; the Ning site the guide gives, which no longer exists, is named but not linked.
func TestResourcesCompetenciesAndDeadLinks(t *testing.T) {
	res := sectionText(t, "/resources/")
	for _, note := range []string{"unverified", "Link unverified", "we cannot say", "journals.library.ualberta.ca/eblip/index.php"} {
		if strings.Contains(res, note) {
			t.Errorf("the resources page shows an editing note: %q", note)
		}
	}
	const competencies = "https://www.ala.org/alsc/edcareeers/alsccorecomps"
	for _, p := range []string{"/about/", "/activities/", "/activities/competencies/", "/objectives/competencies/"} {
		if !hasLink(t, p, competencies) {
			t.Errorf("%s does not link the Core Competencies (%s)", p, competencies)
		}
	}
	all := sectionText(t, "/")
	if regexp.MustCompile(`<https?://everychildreadytoread\.ning\.com`).MatchString(all) {
		t.Error("a page links the Ning site, which no longer exists")
	}
	if ecr := text(parse(t, "/activities/every-child-ready/")); !strings.Contains(ecr, "is no longer available, so it is not linked here") {
		t.Errorf("the Ning activity does not say the site is gone: %q", ecr)
	}
}
