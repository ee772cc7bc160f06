package e2e

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Every page has one h1, a skip link first that leads to the main landmark, and the header,
// navigation, main and footer landmarks.
func TestPageStructure(t *testing.T) {
	for _, p := range pages(t) {
		t.Run(p, func(t *testing.T) {
			doc := parse(t, p)
			if n := len(find(doc, tag("h1"))); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			if h := find(doc, tag("html")); len(h) != 1 || func() bool { l, _ := attr(h[0], "lang"); return l == "" }() {
				t.Error("no lang on <html>")
			}
			links := find(doc, tag("a"))
			if len(links) == 0 {
				t.Fatal("no links")
			}
			if href, _ := attr(links[0], "href"); href != "#main" {
				t.Errorf("first link goes to %q, want the skip link to #main", href)
			}
			mains := find(doc, tag("main"))
			if len(mains) != 1 {
				t.Fatalf("%d main elements, want 1", len(mains))
			}
			if id, _ := attr(mains[0], "id"); id != "main" {
				t.Errorf("main has id %q, want main", id)
			}
			for _, landmark := range []string{"header", "nav", "footer"} {
				if len(find(doc, tag(landmark))) == 0 {
					t.Errorf("no <%s>", landmark)
				}
			}
			hasForm := len(find(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return n.Data == "form" && c == "program-form" })) > 0
			hasDates := len(find(doc, func(n *html.Node) bool {
				_, w := attr(n, "data-windows")
				_, m := attr(n, "data-month")
				_, c := attr(n, "data-closes")
				return w || m || c
			})) > 0
			for _, n := range find(doc, func(n *html.Node) bool { return n.Data == "script" || n.Data == "iframe" }) {
				src, _ := attr(n, "src")
				if hasForm && n.Data == "script" && strings.HasPrefix(src, "/js/forms.") {
					continue // the forms' own small script
				}
				if hasDates && n.Data == "script" && strings.HasPrefix(src, "/js/window.") {
					continue // restates the page's windows and dates on the visitor's day
				}
				t.Errorf("<%s src=%q>: the site has no scripts or frames", n.Data, src)
			}
			if title := find(doc, tag("title")); len(title) != 1 || strings.TrimSpace(text(title[0])) == "" {
				t.Error("no title")
			}
		})
	}
}
