package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
)

// window is the window of key the site shows on today, by the functions' rule: the first
// cycle whose window has not closed ("rematch" runs for rematch_days from the program's start).
// When every cycle's has closed, it is the last one's, and current is false.
func window(c calendar, key, today string) (opens, closes string, current bool) {
	event := key
	if key == "rematch" {
		event = "program"
	}
	for _, cy := range c.Cycles {
		for _, e := range cy.Events {
			if e.Key != event {
				continue
			}
			opens, closes = e.Opens, e.Closes
			if key == "rematch" {
				closes = shiftDay(e.Opens, c.RematchDays-1)
			}
			if closes >= today {
				return opens, closes, true
			}
		}
	}
	return opens, closes, false
}

// shiftDay is the calendar day n days after day (both YYYY-MM-DD).
func shiftDay(day string, n int) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic("e2e: calendar day " + day + ": " + err.Error())
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

// inWords writes a calendar day as the site does, with the given Go time layout.
func inWords(day, layout string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic("e2e: calendar day " + day + ": " + err.Error())
	}
	return d.Format(layout)
}

// expectedWindow is what a form page must say on a given day, worked out from the calendar file.
func expectedWindow(c calendar, key, today string) string {
	opens, closes, current := window(c, key, today)
	switch {
	case !current:
		return ": closed."
	case opens <= today:
		return "open now, until " + inWords(closes, "January 2, 2006")
	default:
		return "open on " + inWords(opens, "January 2, 2006")
	}
}

// A form page states its window as of the day the site is built; the build's clock is set to
// days around the edges of the windows.
func TestWindowStateFollowsCalendar(t *testing.T) {
	c := loadCalendar(t)
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	first, last := c.Cycles[0], c.Cycles[len(c.Cycles)-1]
	event := func(key string) (opens, closes string) {
		for _, e := range first.Events {
			if e.Key == key {
				return e.Opens, e.Closes
			}
		}
		t.Fatalf("cycle %s has no %s event", first.ID, key)
		return "", ""
	}
	appOpens, appCloses := event("applications")
	_, goalsClose := event("goals")
	start, _ := event("program")
	tests := []struct {
		name, page, key, day string
	}{
		{"applications before the first window", "/", "applications", shiftDay(appOpens, -12)},
		{"applications on their first day", "/", "applications", appOpens},
		{"applications on their last day", "/apply/", "applications", appCloses},
		{"applications closed until next year", "/", "applications", shiftDay(appCloses, 1)},
		{"applications after the last cycle", "/apply/mentee/", "applications", shiftDay(last.Ends, 15)},
		{"goals on their last day", "/participants/goals/", "goals", goalsClose},
		{"rematch within its window", "/participants/rematch/", "rematch", shiftDay(start, 18)},
		{"rematch on its last day", "/participants/rematch/", "rematch", shiftDay(start, c.RematchDays-1)},
		{"rematch the day after", "/participants/rematch/", "rematch", shiftDay(start, c.RematchDays)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := time.ParseInLocation(time.DateOnly, tt.day, loc)
			if err != nil {
				t.Fatal(err)
			}
			// Late evening in the program's time zone: already the next day in UTC.
			clock := day.Add(23 * time.Hour).Format(time.RFC3339)
			dest := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := sitebuild.Build(ctx, filepath.Join(devenv.Root(), "site"), dest, "--clock", clock); err != nil {
				t.Fatal(err)
			}
			saved := siteDir
			siteDir = dest
			defer func() { siteDir = saved }()
			var status []string
			for _, n := range find(parse(t, tt.page), func(n *html.Node) bool { c, _ := attr(n, "class"); return strings.HasPrefix(c, "status ") }) {
				status = append(status, text(n))
			}
			if len(status) != 1 {
				t.Fatalf("%s: %d status notes, want 1", tt.page, len(status))
			}
			if want := expectedWindow(c, tt.key, tt.day); !strings.Contains(status[0], want) {
				t.Errorf("%s on %s says %q, want it to say %q", tt.page, tt.day, status[0], want)
			}
		})
	}
}
