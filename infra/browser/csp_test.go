package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/infra/browser"
)

// TestWatchCSPReportsViolations serves pages under a strict policy and checks that an inline
// script, an inline style attribute and a foreign image are reported, and a clean page is not.
func TestWatchCSPReportsViolations(t *testing.T) {
	pages := map[string]string{
		"/clean":  page(`<p>fine</p>`),
		"/script": page(`<script>document.title = "ran"</script>`),
		"/style":  page(`<p style="color: red">red</p>`),
		"/image":  page(`<img alt="x" src="https://example.invalid/x.png">`),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:")
		if r.URL.Path == "/a.css" {
			w.Header().Set("Content-Type", "text/css")
			w.Write([]byte(css))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(pages[r.URL.Path]))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(browser.Tab(t), time.Minute)
	defer cancel()
	for _, c := range []struct {
		path, want string
	}{
		{"/clean", ""},
		{"/script", "script"},
		{"/style", "style"},
		{"/image", "image"},
	} {
		t.Run(c.path, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(ctx)
			defer closeTab()
			v, err := browser.WatchCSP(tab)
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+c.path), chromedp.WaitReady("h1"), chromedp.Sleep(200*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			got := strings.ToLower(strings.Join(v.List(), "\n"))
			if c.want == "" && got != "" {
				t.Errorf("a clean page reported: %s", got)
			}
			if c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("no %s violation reported; got %q", c.want, got)
			}
		})
	}
}
