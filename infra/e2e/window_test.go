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

// expectedWindow is what a form page must say on a given day, worked out from the calendar file
// by the functions' rule: the first cycle whose window has not closed; "rematch" runs for
// rematch_days from the program's start.
func expectedWindow(t *testing.T, c calendar, key, today string) string {
	t.Helper()
	event := key
	if key == "rematch" {
		event = "program"
	}
	long := func(d string) string {
		v, err := time.Parse(time.DateOnly, d)
		if err != nil {
			t.Fatal(err)
		}
		return v.Format("January 2, 2006")
	}
	for _, cy := range c.Cycles {
		for _, e := range cy.Events {
			if e.Key != event {
				continue
			}
			closes := e.Closes
			if key == "rematch" {
				o, _ := time.Parse(time.DateOnly, e.Opens)
				closes = o.AddDate(0, 0, c.RematchDays-1).Format(time.DateOnly)
			}
			if closes < today {
				continue
			}
			if e.Opens <= today {
				return "open now, until " + long(closes)
			}
			return "open on " + long(e.Opens)
		}
	}
	return ": closed."
}

// A form page states its window as of the day the site is built; the build's clock is set to
// days around the edges of the windows.
func TestWindowStateFollowsCalendar(t *testing.T) {
	c := loadCalendar(t)
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, page, key, day string
	}{
		{"applications before the first window", "/", "applications", "2026-08-20"},
		{"applications on their first day", "/", "applications", "2026-09-01"},
		{"applications on their last day", "/apply/", "applications", "2026-09-30"},
		{"applications closed until next year", "/", "applications", "2026-10-01"},
		{"applications after the last cycle", "/apply/mentee/", "applications", "2028-09-15"},
		{"goals due on December 1", "/participants/goals/", "goals", "2026-12-01"},
		{"rematch within 30 days", "/participants/rematch/", "rematch", "2026-11-20"},
		{"rematch on its last day", "/participants/rematch/", "rematch", "2026-12-01"},
		{"rematch the day after", "/participants/rematch/", "rematch", "2026-12-02"},
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
			if want := expectedWindow(t, c, tt.key, tt.day); !strings.Contains(status[0], want) {
				t.Errorf("%s on %s says %q, want it to say %q", tt.page, tt.day, status[0], want)
			}
		})
	}
}
