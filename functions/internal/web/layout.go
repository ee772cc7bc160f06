package web

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
)

// Pages gives the built site's pages. The handlers answer with pages of their own (the pair's
// page, a form shown again with its errors) in the site's layout: they take a page of the site
// and replace its title and the content of its main element, or one form in it.
type Pages interface {
	Page(ctx context.Context, path string) ([]byte, error)
}

// SiteDir reads pages from a built site folder (the local stack, tests).
type SiteDir string

// Page reads the page at path ("/participants/", or a file: "/404.html").
func (d SiteDir) Page(_ context.Context, path string) ([]byte, error) {
	if strings.HasSuffix(path, ".html") {
		return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(path)))
	}
	return os.ReadFile(filepath.Join(string(d), filepath.FromSlash(path), "index.html"))
}

// SiteURL fetches pages from the site's address (in AWS: the CloudFront distribution), each once
// per function instance. With no URL, the address is the one the request came through (see
// ForwardedSite).
type SiteURL struct {
	URL    string
	Client *http.Client

	mu    sync.Mutex
	pages map[string][]byte
}

// SitePages are the pages of the site at url (or, when it is empty, at the address each request
// came through), fetched over HTTP with a short deadline.
func SitePages(url string) Pages {
	return &SiteURL{URL: url, Client: &http.Client{Timeout: 3 * time.Second}}
}

// Page fetches the page at path, or returns it from the cache.
func (s *SiteURL) Page(ctx context.Context, path string) ([]byte, error) {
	s.mu.Lock()
	if b, ok := s.pages[cmp.Or(s.URL, siteOf(ctx))+path]; ok {
		s.mu.Unlock()
		return b, nil
	}
	s.mu.Unlock()
	base := cmp.Or(s.URL, siteOf(ctx))
	if base == "" {
		return nil, errors.New("web: the site's address is not known")
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+path, nil)
	if err != nil {
		return nil, err
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("web: site page %s: %s", path, res.Status)
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.pages == nil {
		s.pages = map[string][]byte{}
	}
	s.pages[base+path] = b
	s.mu.Unlock()
	return b, nil
}

// layoutPage is a site page cut where the handlers' content goes.
type layoutPage struct {
	beforeTitle, beforeMain, afterMain string
}

var errNoLayout = errors.New("web: the site page has no title or main element")

// cut finds the title's text and main's content in a built page. The site is minified, so
// attributes may stand without quotes; only the elements' names are relied on.
func cut(page []byte) (layoutPage, string, error) {
	s := string(page)
	t0 := strings.Index(s, "<title>")
	t1 := strings.Index(s, "</title>")
	m0 := strings.Index(s, "<main")
	m1 := strings.LastIndex(s, "</main>")
	if t0 < 0 || t1 < t0 || m0 < t1 || m1 < m0 {
		return layoutPage{}, "", errNoLayout
	}
	open := strings.Index(s[m0:], ">")
	if open < 0 {
		return layoutPage{}, "", errNoLayout
	}
	mainStart := m0 + open + 1
	return layoutPage{beforeTitle: s[:t0+len("<title>")], beforeMain: s[t1:mainStart], afterMain: s[m1:]}, s[mainStart:m1], nil
}

// fallback is the page used when the site's layout cannot be had: plain, but complete.
var fallback = func() []byte {
	var b bytes.Buffer
	if err := fallbackPage().Render(context.Background(), &b); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

// renderPage writes a page in the layout of the site page at path: title (plain text, shown as
// "title · ALSC Mentoring Program") and main, HTML the caller has escaped. edit, when given,
// receives the site page's own main content and returns the content to write instead of main.
func (p *pagesWriter) renderPage(w http.ResponseWriter, r *http.Request, status int, path, title, main string, edit func(string) string) {
	var l layoutPage
	var siteMain string
	b, err := []byte(nil), errors.New("web: no site pages configured")
	if p.pages != nil {
		b, err = p.pages.Page(r.Context(), path)
	}
	if err == nil {
		l, siteMain, err = cut(b)
	}
	if err != nil {
		p.log.Error("site layout", "path", path, "err", err.Error())
		l, _, _ = cut(fallback)
		siteMain = ""
	}
	if edit != nil {
		main = edit(siteMain)
	} else {
		main += scripts(siteMain) // the site page's own scripts (the forms' script) go with its layout
	}
	var out bytes.Buffer
	out.WriteString(l.beforeTitle)
	out.WriteString(html.EscapeString(title) + " · ALSC Mentoring Program")
	out.WriteString(l.beforeMain)
	out.WriteString(main)
	out.WriteString(l.afterMain)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	w.Write(out.Bytes())
}

// component writes a page of the participants' in the layout of the site's page for pairs: title
// (plain text) and main, c; with scripts, the site page's own scripts (the forms' script) too.
func (p *pagesWriter) component(w http.ResponseWriter, r *http.Request, status int, title string, c templ.Component, withScripts bool) {
	var b strings.Builder
	if err := c.Render(r.Context(), &b); err != nil {
		p.log.Error("page", "err", err.Error())
	}
	p.renderPage(w, r, status, "/participants/", title, "", func(siteMain string) string {
		if withScripts {
			return b.String() + scripts(siteMain)
		}
		return b.String()
	})
}

// WritePage writes a page of the caller's own (the local stack's outbox) as the handlers write
// theirs, in the layout of the site page at path: title (plain text) and main (escaped HTML).
func WritePage(w http.ResponseWriter, r *http.Request, pages Pages, log *slog.Logger, path, title, main string) {
	(&pagesWriter{pages: pages, log: log}).renderPage(w, r, http.StatusOK, path, title, main, nil)
}

// pagesWriter writes the handlers' own pages.
type pagesWriter struct {
	pages Pages
	log   interface {
		Error(msg string, args ...any)
	}
}

// scripts are the script elements in a page's main content.
func scripts(main string) string {
	var b strings.Builder
	for rest := main; ; {
		start := strings.Index(rest, "<script")
		if start < 0 {
			return b.String()
		}
		end := strings.Index(rest[start:], "</script>")
		if end < 0 {
			return b.String()
		}
		b.WriteString(rest[start : start+end+len("</script>")])
		rest = rest[start+end+len("</script>"):]
	}
}
