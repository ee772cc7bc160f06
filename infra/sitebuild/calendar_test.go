package sitebuild_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
)

// demoYears is the demo calendar as the site reads it.
type demoYears struct {
	TimeZone string `toml:"time_zone"`
	Cycles   []demoYear
}

type demoYear struct {
	ID, Name string
	Events   []struct {
		Key, Title, Opens, Closes string
		StaffOnly                 bool `toml:"staff_only"`
	}
}

// TestDemoPagesReadTrue builds the site with the local stack's demo calendar, on two days (today
// and a day the clock is moved to), and reads the home, apply, thanks and timeline pages as a
// visitor does: the day they are "as of" is that day; the next year's applications are open;
// every date a page gives in running text comes in the order the year runs (no goals due before
// the applications are reviewed); the coming dates say which year each belongs to; the timeline
// shows the pairs' year month by month with something under every month; no staff-only event
// shows.
func TestDemoPagesReadTrue(t *testing.T) {
	for _, day := range []string{"", "2027-03-01"} {
		t.Run("on "+map[bool]string{true: "the real day", false: day}[day == ""], func(t *testing.T) {
			clock, err := local.ClockOn(nil, day)
			if err != nil {
				t.Fatal(err)
			}
			demo := local.DemoCalendar(clock.Now())
			dest := t.TempDir()
			if err := sitebuild.BuildWithCalendar(context.Background(), dest, t.TempDir(), demo, clock); err != nil {
				t.Fatal(err)
			}
			var cal demoYears
			if err := toml.Unmarshal(demo, &cal); err != nil {
				t.Fatal(err)
			}
			pairs, next := cal.Cycles[0], cal.Cycles[1]
			loc, _ := time.LoadLocation(cal.TimeZone)
			today := clock.Now().In(loc)
			page := func(path string) string {
				b, err := os.ReadFile(filepath.Join(dest, path, "index.html"))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}

			home := page("")
			for _, want := range []string{
				"Applications for " + next.Name + ": open now",
				"(As of " + today.Format("January 2, 2006") + ".)",
			} {
				if !strings.Contains(plain(home), want) {
					t.Errorf("the home page does not say %q:\n%s", want, plain(home))
				}
			}
			// Coming up: each date says its year, and within a year they come in the year's order.
			coming := regexp.MustCompile(`(?s)<ul class="?dates"?>(.*?)</ul>`).FindStringSubmatch(home)
			if coming == nil {
				t.Fatal("no coming dates on the home page")
			}
			order := map[string]int{}
			for _, cy := range cal.Cycles {
				for i, e := range cy.Events {
					order[cy.Name+"\x00"+e.Title] = i
				}
			}
			last := map[string]int{}
			for _, li := range regexp.MustCompile(`(?s)<li.*?</li>`).FindAllString(coming[1], -1) {
				m := regexp.MustCompile(`<span class="?what"?>([^<]*)</span> <span class="?year"?>\(([^)]*) year\)</span>`).FindStringSubmatch(li)
				if m == nil {
					t.Errorf("a coming date does not say its year: %s", plain(li))
					continue
				}
				i, ok := order[m[2]+"\x00"+m[1]]
				if !ok {
					t.Errorf("the coming date %q is of no year %q", m[1], m[2])
				}
				if prev, seen := last[m[2]]; seen && i < prev {
					t.Errorf("the home page lists %q before an earlier step of the %s year", m[1], m[2])
				}
				last[m[2]] = i
			}

			// The dates the pages for applicants give, after their status note, run in order.
			for _, path := range []string{"apply", "apply/thanks", "timeline"} {
				body := page(path)
				if i := strings.Index(body, `as-of`); i >= 0 { // the status note: open until, as of today
					body = body[i+strings.Index(body[i:], "</span>"):]
				}
				if i := strings.Index(body, "<ol class"); i >= 0 { // the timeline's months, each with its own dates
					body = body[:i]
				}
				days := regexp.MustCompile(`<time datetime="?(\d{4}-\d\d-\d\d)"?>([^<]*)</time>`).FindAllStringSubmatch(body, -1)
				if len(days) < 2 {
					t.Errorf("/%s/ gives %d dates in its text, want at least 2", path, len(days))
				}
				for i := 1; i < len(days); i++ {
					if days[i][1] < days[i-1][1] {
						t.Errorf("/%s/ says %q after %q, though it comes first:\n%s", path, days[i][2], days[i-1][2], plain(body))
					}
				}
			}
			if apply := plain(page("apply")); !strings.Contains(apply, "submits its goals by "+dayOf(t, next, "goals").Format("January 2")) {
				t.Errorf("the apply page does not give the goals date of the year applied for (%s):\n%s", next.Name, apply)
			}

			timeline := page("timeline")
			if !strings.Contains(plain(timeline), "The "+pairs.Name+" program year") {
				t.Errorf("the timeline does not show the pairs' year %s", pairs.Name)
			}
			if strings.Contains(timeline, "Nothing scheduled") {
				t.Error("the timeline has a month with nothing scheduled")
			}
			if months := regexp.MustCompile(`<li data-month="?([0-9-]+)"?( class="?now"?)?>`).FindAllStringSubmatch(timeline, -1); len(months) != 12 {
				t.Errorf("the timeline has %d months, want 12", len(months))
			} else {
				for _, m := range months {
					if now := m[1] == today.Format("2006-01"); now != (m[2] != "") {
						t.Errorf("month %s marked this month: %v, want %v", m[1], !now, now)
					}
				}
			}
			for _, cy := range cal.Cycles {
				for _, e := range cy.Events {
					if e.StaffOnly && (strings.Contains(home, e.Title) || strings.Contains(timeline, e.Title)) {
						t.Errorf("a page shows the staff-only event %q", e.Title)
					}
				}
			}
			if b, _ := os.ReadFile(filepath.Join(dest, "apply", "mentee", "index.html")); !strings.Contains(plain(string(b)), "Mentee applications for "+next.Name+": open now") {
				t.Error("the mentee form page does not say applications are open")
			}
		})
	}
}

// dayOf is the last day of a demo year's event.
func dayOf(t *testing.T, cy demoYear, key string) time.Time {
	for _, e := range cy.Events {
		if e.Key == key {
			d, err := time.Parse(time.DateOnly, e.Closes)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	t.Fatalf("no event %q", key)
	return time.Time{}
}

// plain is a page's text: its tags removed, its spaces collapsed.
func plain(html string) string {
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(html, "")), " ")
}
