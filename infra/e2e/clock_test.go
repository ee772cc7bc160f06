package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/infra/browser"
)

// atClock opens a new tab of ctx's browser whose clock reads at (Date and Date.now), set
// before any of the page's scripts run; the tab fails t on a Content-Security-Policy violation.
func atClock(t *testing.T, ctx context.Context, at time.Time) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	tab, cancelTimeout := context.WithTimeout(tab, 30*time.Second)
	t.Cleanup(cancelTimeout)
	fake := fmt.Sprintf(`(() => {
		const fixed = %d, Real = Date;
		function FakeDate(...a) { return a.length ? new Real(...a) : new Real(fixed); }
		FakeDate.prototype = Real.prototype;
		FakeDate.now = () => fixed;
		FakeDate.UTC = Real.UTC;
		FakeDate.parse = Real.parse;
		Date = FakeDate;
	})();`, at.UnixMilli())
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fake}); err != nil {
		t.Fatal(err)
	}
	csp, err := browser.WatchCSP(tab)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, v := range csp.List() {
			t.Errorf("Content-Security-Policy violation: %s", v)
		}
	})
	return tab
}

// The built pages state each window on the visitor's day, not the build's: with the browser's
// clock set late in the evening (program time zone) of the day before, the first day, the last
// day and the day after each window in the calendar, one site built today says what the
// functions would decide on that day.
func TestWindowStateFollowsTheVisitorsClock(t *testing.T) {
	c := loadCalendar(t)
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser.Tab(t)
	pages := map[string][]string{"applications": {"/", "/apply/mentee/"}, "goals": {"/participants/goals/"}, "rematch": {"/participants/rematch/"}}
	checked := 0
	for _, cy := range c.Cycles {
		for _, e := range cy.Events {
			key := e.Key
			if key == "program" {
				key = "rematch"
			}
			paths, ok := pages[key]
			if !ok {
				continue
			}
			opens, err := time.ParseInLocation(time.DateOnly, e.Opens, loc)
			if err != nil {
				t.Fatal(err)
			}
			closes, err := time.ParseInLocation(time.DateOnly, e.Closes, loc)
			if err != nil {
				t.Fatal(err)
			}
			if key == "rematch" {
				closes = opens.AddDate(0, 0, c.RematchDays-1)
			}
			for _, day := range []time.Time{opens.AddDate(0, 0, -1), opens, closes, closes.AddDate(0, 0, 1)} {
				for _, path := range paths {
					today := day.Format(time.DateOnly)
					t.Run(key+" "+today+" "+path, func(t *testing.T) {
						tab := atClock(t, ctx, day.Add(23*time.Hour))
						var status, asOf string
						if err := chromedp.Do(tab, chromedp.Navigate(siteURL+path), chromedp.WaitReady("p.status")); err != nil {
							t.Fatal(err)
						}
						status, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("p.status").textContent`))
						if err == nil {
							asOf, err = chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("p.status .as-of time").getAttribute("datetime")`))
						}
						if err != nil {
							t.Fatal(err)
						}
						want := expectedWindow(c, key, today)
						if !strings.Contains(status, want) {
							t.Errorf("%s says %q, want it to say %q", path, status, want)
						}
						// A page's form is fillable exactly while its window is open.
						formShown, err := chromedp.Run(tab, chromedp.Evaluate[string](
							`(f => f ? String(!f.hidden) + " " + String(document.querySelector(".form-closed").hidden) : "no form")(document.querySelector("[data-window-form]"))`))
						if err != nil {
							t.Fatal(err)
						}
						open := strings.Contains(want, "open now")
						if formShown != "no form" && formShown != fmt.Sprintf("%v %v", open, open) {
							t.Errorf("%s on %s: form shown, closed note hidden = %s; the window is open: %v", path, today, formShown, open)
						}
						if asOf != today {
							t.Errorf("the note is dated %s", asOf)
						}
					})
					checked++
				}
			}
		}
	}
	if checked < 12 {
		t.Errorf("only %d days checked", checked)
	}
}

// The timeline marks the visitor's month, not the build's, and the home page's key dates leave
// out those that have passed on the visitor's day.
func TestTimelineFollowsTheVisitorsClock(t *testing.T) {
	c := loadCalendar(t)
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	ctx := timeout(t, browser.Tab(t))
	if err := chromedp.Do(ctx, chromedp.Navigate(siteURL+"/timeline/"), chromedp.WaitReady("ol.months")); err != nil {
		t.Fatal(err)
	}
	months, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("li[data-month]")].map(li => li.dataset.month)`))
	if err != nil || len(months) != 12 {
		t.Fatalf("timeline months %q (%v), want 12", months, err)
	}
	// The last evening of the timeline's last month: already the next month in UTC.
	month, err := time.ParseInLocation("2006-01", months[11], loc)
	if err != nil {
		t.Fatal(err)
	}
	day := month.AddDate(0, 1, -1)
	tab := atClock(t, ctx, day.Add(23*time.Hour))
	if err := chromedp.Do(tab, chromedp.Navigate(siteURL+"/timeline/"), chromedp.WaitReady("ol.months")); err != nil {
		t.Fatal(err)
	}
	marked, err := chromedp.Run(tab, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("li.now, li:has(.now-tag)")].map(li => li.dataset.month + " " + li.querySelectorAll(".now-tag").length)`))
	if err != nil {
		t.Fatal(err)
	}
	if want := months[11] + " 1"; len(marked) != 1 || marked[0] != want {
		t.Errorf("on %s the months marked now are %q, want [%q]", day.Format(time.DateOnly), marked, want)
	}

	tab = atClock(t, ctx, day.Add(23*time.Hour))
	if err := chromedp.Do(tab, chromedp.Navigate(siteURL+"/"), chromedp.WaitReady("ul.dates")); err != nil {
		t.Fatal(err)
	}
	closes, err := chromedp.Run(tab, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("ul.dates li")].map(li => (li.hidden ? "hidden " : "shown ") + li.dataset.closes)`))
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for _, s := range closes {
		state, date, _ := strings.Cut(s, " ")
		if passed := date < day.Format(time.DateOnly); passed != (state == "hidden") {
			t.Errorf("on %s a key date closing %s is %s", day.Format(time.DateOnly), date, state)
		}
		if state == "hidden" {
			hidden++
		}
	}
	if len(closes) == 0 || hidden == 0 {
		t.Errorf("key dates %q: want some passed by %s", closes, day.Format(time.DateOnly))
	}
}
