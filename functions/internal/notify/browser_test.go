package notify_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/infra/browser"
)

// facts are what a test reads of an email shown in the browser.
type facts struct{ Wide, Small, Loads, Paragraphs int }

// TestEmailsInChromium opens every email's HTML part in Chromium as a mail program shows it, on
// a phone (390 px) and a desktop (1280 px): it checks it with axe-core (WCAG 2.2 A and AA), that
// nothing is wider than the screen, that its text is at least 15 px and that it loads nothing;
// the screenshots are kept in the test's temporary folder.
func TestEmailsInChromium(t *testing.T) {
	dir := t.TempDir()
	ctx := browser.Tab(t)
	for _, name := range textNames(t) {
		_, m := rendered(t, name)
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(m.HTML), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			for _, width := range []int64{390, 1280} {
				if err := browser.Screenshot(ctx, "file://"+file, width, "screen", filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width))); err != nil {
					t.Fatal(err)
				}
				page, err := chromedp.Run(ctx, chromedp.Evaluate[facts](`({
					Wide: Math.max(0, document.documentElement.scrollWidth - window.innerWidth),
					Small: [...document.querySelectorAll("p, li, h2, a")].filter(e => parseFloat(getComputedStyle(e).fontSize) < 15).length,
					Loads: performance.getEntriesByType("resource").length,
					Paragraphs: document.querySelectorAll("p").length,
				})`))
				if err != nil {
					t.Fatal(err)
				}
				if page.Wide > 0 || page.Small > 0 || page.Loads > 0 || page.Paragraphs < 3 {
					t.Errorf("at %d px: %d px wider than the screen, %d elements under 15 px, %d resources loaded, %d paragraphs", width,
						page.Wide, page.Small, page.Loads, page.Paragraphs)
				}
				vs, err := browser.Axe(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					t.Errorf("axe at %d px: %s", width, v)
				}
			}
		})
	}
	t.Logf("screenshots in %s", dir)
}
