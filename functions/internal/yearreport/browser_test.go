package yearreport_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/infra/browser"
)

// TestReportPagesPassAxe opens the season report and the final report draft in Chromium, as a
// staff member would open the files, and checks them with axe-core (WCAG 2.2 A and AA).
func TestReportPagesPassAxe(t *testing.T) {
	c, now := year(t, 6)
	dir, _ := write(t, c, now)
	ctx := browser.Tab(t)
	for _, name := range []string{"season-report.html", "final-report-draft.html"} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, c.Cycle.ID, name))); err != nil {
				t.Fatal(err)
			}
			scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`))
			if err != nil {
				t.Fatal(err)
			}
			figures, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main h2, main svg").length`))
			if err != nil || figures < 5 {
				t.Fatalf("the page did not load as a report: %d headings and charts (%v)", figures, err)
			}
			if scripts != 0 {
				t.Errorf("%d scripts in the page", scripts)
			}
			vs, err := browser.Axe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("axe: %s", v)
			}
		})
	}
}
