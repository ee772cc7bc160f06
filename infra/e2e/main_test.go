package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// The site every test here checks: built once from the working tree into a temporary folder
// and served by the local stack's site handler.
var (
	siteDir string
	siteURL string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "alsc-site-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := sitebuild.Build(ctx, filepath.Join(devenv.Root(), "site"), dir); err != nil {
		fmt.Fprintln(os.Stderr, "building the site:", err)
		return 1
	}
	srv := httptest.NewServer(stack.Site(dir))
	defer srv.Close()
	siteDir, siteURL = dir, srv.URL
	return m.Run()
}

// pages lists the URL path of every HTML page of the built site.
func pages(t testing.TB) []string {
	t.Helper()
	out, err := sitebuild.Pages(siteDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("only %d pages built: %v", len(out), out)
	}
	return out
}

// file is the built file behind a URL path, or "" when there is none.
func file(urlPath string) string {
	p := filepath.Join(siteDir, filepath.FromSlash(urlPath))
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		p = filepath.Join(p, "index.html")
	}
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// parse reads and parses the built page at a URL path.
func parse(t testing.TB, urlPath string) *html.Node {
	t.Helper()
	p := file(urlPath)
	if p == "" {
		t.Fatalf("no page at %s", urlPath)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", urlPath, err)
	}
	return doc
}

// find returns every element below n for which match is true, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

var (
	spaces = regexp.MustCompile(`\s+`)
	quotes = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "\u00a0", " ")
)

// normalize folds typographic quotes to straight ones and runs of white space to one space, so
// that text can be compared with the guide's wording.
func normalize(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(quotes.Replace(s), " "))
}

// text is the visible text of n (scripts and styles left out), normalized.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && !inline[n.Data] {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && !inline[n.Data] {
			b.WriteString(" ")
		}
	}
	walk(n)
	return normalize(b.String())
}

var inline = map[string]bool{"a": true, "em": true, "strong": true, "span": true, "code": true, "time": true, "i": true, "b": true, "abbr": true}
