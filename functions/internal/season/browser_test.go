package season_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/infra/browser"
)

// TestStaffPagesPassAxe opens the pages review, propose and commit write in Chromium, as the
// liaison opens them, and checks them with axe-core (WCAG 2.2 A and AA).
func TestStaffPagesPassAxe(t *testing.T) {
	bctx := browser.Tab(t)
	f, dir := cohortWithFiles(t, "")
	var pages []string
	proposal := ""
	for _, ev := range []season.Event{{Mode: season.Review}, {Mode: season.Propose}, {Mode: season.Commit}} {
		ev.Cycle = "2026-27"
		if ev.Mode == season.Commit {
			ev.Proposal = proposal
		}
		res, err := f.runner.Run(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		if res.Proposal != "" {
			proposal = res.Proposal
		}
		pages = append(pages, fileNames(res)[0])
	}
	for _, name := range pages {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(bctx, 30*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "2026-27", name))); err != nil {
				t.Fatal(err)
			}
			tables, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main table th").length`))
			if err != nil || tables < 4 {
				t.Fatalf("the page did not load as a staff page: %d table headings (%v)", tables, err)
			}
			if scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`)); err != nil || scripts != 0 {
				t.Errorf("%d scripts in the page (%v)", scripts, err)
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
