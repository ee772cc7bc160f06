package e2e

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
)

// hrefs lists the same-site link targets of a page (a href and link href), as URLs resolved
// against the page's path.
func hrefs(t testing.TB, pagePath string) []*url.URL {
	t.Helper()
	base := &url.URL{Path: pagePath}
	var out []*url.URL
	for _, n := range find(parse(t, pagePath), func(n *html.Node) bool { return n.Data == "a" || n.Data == "link" }) {
		href, ok := attr(n, "href")
		if !ok || strings.HasPrefix(href, "data:") {
			continue
		}
		u, err := url.Parse(href)
		if err != nil {
			t.Errorf("%s: bad href %q", pagePath, href)
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			continue
		}
		out = append(out, base.ResolveReference(u))
	}
	return out
}

// Every same-site link of every page leads to a built file, and every #fragment to an element
// with that id.
func TestInternalLinksResolve(t *testing.T) {
	for _, p := range pages(t) {
		for _, u := range hrefs(t, p) {
			target := file(u.Path)
			if target == "" {
				t.Errorf("%s links to %s: no such file", p, u)
				continue
			}
			if u.Fragment == "" {
				continue
			}
			ids := find(parse(t, u.Path), func(n *html.Node) bool { id, _ := attr(n, "id"); return id == u.Fragment })
			if len(ids) == 0 {
				t.Errorf("%s links to %s: no element with id %q", p, u, u.Fragment)
			}
		}
	}
}

// Every page is at most two clicks from the home page.
func TestEveryPageWithinTwoClicksOfHome(t *testing.T) {
	depth := map[string]int{"/": 0}
	frontier := []string{"/"}
	for d := 1; d <= 2; d++ {
		var next []string
		for _, p := range frontier {
			for _, u := range hrefs(t, p) {
				if _, seen := depth[u.Path]; !seen && strings.HasSuffix(u.Path, "/") && file(u.Path) != "" {
					depth[u.Path] = d
					next = append(next, u.Path)
				}
			}
		}
		frontier = next
	}
	for _, p := range pages(t) {
		// The thank-you pages are reached by sending a form, not by a link.
		if _, ok := depth[p]; !ok && p != "/404.html" && p != "/apply/thanks/" && p != "/participants/link-sent/" {
			t.Errorf("%s is more than two clicks from the home page", p)
		}
	}
}

// copySite copies what a build reads (site/, content/ and the calendar) into a new folder and
// returns the copy's site folder. A previous build's site/public comes along, unread.
func copySite(t *testing.T) string {
	t.Helper()
	root, dst := devenv.Root(), t.TempDir()
	for _, dir := range []string{"site", "content", filepath.Join("functions", "internal", "program", "data")} {
		if err := os.CopyFS(filepath.Join(dst, dir), os.DirFS(filepath.Join(root, dir))); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dst, "site")
}

// A broken link in the content fails the build, naming the link; a good one builds.
func TestBrokenLinkFailsBuild(t *testing.T) {
	tests := []struct {
		name, markdown string
		wantErr        string // "" when the build must succeed
	}{
		{"link to a page by path builds", "[About](/about/)", ""},
		{"link to a page by file builds", "[Resources](resources.md)", ""},
		{"link to a heading builds", "[Mentees](/how-it-works/#who-can-be-a-mentee)", ""},
		{"link to another site builds", "[ALSC](http://www.ala.org/alsc/community-forums)", ""},
		{"missing page by path fails", "[Gone](/no-such-page/)", `broken link "/no-such-page/"`},
		{"missing page by file fails", "[Gone](no-such-page.md)", `broken link "no-such-page.md"`},
		{"missing nested page fails", "[Gone](/apply/no-such-form/)", `broken link "/apply/no-such-form/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := copySite(t)
			page := "---\ntitle: Link check\n---\nSee " + tt.markdown + ".\n"
			if err := os.WriteFile(filepath.Join(site, "..", "content", "link-check.md"), []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			err := sitebuild.Build(ctx, site, t.TempDir())
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("build failed: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("build succeeded; want it to fail with %s", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("build failed with\n%v\nwant it to say %s", err, tt.wantErr)
			}
		})
	}
}
