package local

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// TestDemoCalendarIsARealYear makes the demo calendar as seen on every day of two years and
// checks that it reads as the program does: each of its two years has the built-in calendar's
// events, titles and staff-only marks, in the built-in order and with the same months; the
// matched pairs' year (DemoYear) is in its goals window that day (and its rematch window, but on
// the goals' last day after a 31-day month), its tracker and survey still to come; the next year (DemoCycle) takes applications that day and starts after
// the first; each is named by its program year.
func TestDemoCalendarIsARealYear(t *testing.T) {
	builtIn := program.DefaultCalendar()
	real := builtIn.Cycles[0]
	type event struct {
		title     string
		staffOnly bool
	}
	want := map[string]event{}
	for _, e := range real.Events {
		want[e.Key] = event{e.Title, e.StaffOnly}
	}
	// The order the built-in year's events open and close in, and how many months apart.
	order := func(cy program.Cycle) (opens, closes []string, months map[string]int) {
		byOpens, byCloses := slices.Clone(cy.Events), slices.Clone(cy.Events)
		slices.SortStableFunc(byOpens, func(a, b program.Event) int { return strings.Compare(a.Opens, b.Opens) })
		slices.SortStableFunc(byCloses, func(a, b program.Event) int { return strings.Compare(a.Closes, b.Closes) })
		months = map[string]int{}
		first := parseDay(cy.Starts)
		for i := range cy.Events {
			opens, closes = append(opens, byOpens[i].Key), append(closes, byCloses[i].Key)
			o := parseDay(cy.Events[i].Opens)
			months[cy.Events[i].Key] = (o.Year()-first.Year())*12 + int(o.Month()-first.Month())
		}
		return opens, closes, months
	}
	wantOpens, wantCloses, wantMonths := order(real)

	start := time.Date(2026, 1, 1, 15, 0, 0, 0, builtIn.Location())
	for d := range 2 * 366 {
		today := start.AddDate(0, 0, d)
		cal, err := program.ParseCalendar(DemoCalendar(today))
		if err != nil {
			t.Fatalf("%s: %v", today.Format(time.DateOnly), err)
		}
		day := today.Format(time.DateOnly)
		if len(cal.Cycles) != 2 || cal.Cycles[0].ID != DemoYear || cal.Cycles[1].ID != DemoCycle {
			t.Fatalf("%s: the demo calendar's years are %+v, want %s then %s", day, cal.Cycles, DemoYear, DemoCycle)
		}
		if cal.TimeZone != builtIn.TimeZone || cal.RematchDays != builtIn.RematchDays || cal.RetentionDays != builtIn.RetentionDays {
			t.Fatalf("%s: the demo calendar's settings differ from the built-in one's", day)
		}
		for _, cy := range cal.Cycles {
			got := map[string]event{}
			for _, e := range cy.Events {
				got[e.Key] = event{e.Title, e.StaffOnly}
			}
			if !maps.Equal(got, want) {
				t.Fatalf("%s: %s has events %+v, the built-in year %+v", day, cy.ID, got, want)
			}
			opens, closes, months := order(cy)
			if !slices.Equal(opens, wantOpens) || !slices.Equal(closes, wantCloses) || !maps.Equal(months, wantMonths) {
				t.Fatalf("%s: %s's events open in the order %v and close in %v, months %v; the built-in year's %v, %v, %v",
					day, cy.ID, opens, closes, months, wantOpens, wantCloses, wantMonths)
			}
			if cy.Starts != cy.Events[0].Opens || cy.Ends != lastCloses(cy) {
				t.Fatalf("%s: %s runs %s to %s, not from its first event to its last", day, cy.ID, cy.Starts, cy.Ends)
			}
		}
		pairs, next := &cal.Cycles[0], &cal.Cycles[1]
		goalsLastDay := !today.AddDate(0, 0, 1).Before(pairs.Window(program.Goals).Closes)
		for name, open := range map[string]bool{
			"the pairs' goals": pairs.Window(program.Goals).Contains(today),
			// Thirty days from the program's start: on the goals' last day, only after a 30-day month.
			"the pairs' rematch":           goalsLastDay || pairs.Rematch().Contains(today),
			"the next year's applications": next.Window(program.Applications).Contains(today),
		} {
			if !open {
				t.Errorf("%s: %s window is not open", day, name)
			}
		}
		if !today.Before(pairs.Window(program.Tracker).Opens) || !today.Before(pairs.Window(program.Survey).Opens) {
			t.Errorf("%s: the pairs' tracker or survey is already open in their goals window", day)
		}
		if !pairs.Span().Opens.Before(next.Span().Opens) {
			t.Errorf("%s: the next year starts %s, not after the pairs' year (%s)", day, next.Starts, pairs.Starts)
		}
		y := parseDay(pairs.Starts).Year()
		if wantName := []string{fmtYear(y), fmtYear(y + 1)}; pairs.Name != wantName[0] || next.Name != wantName[1] {
			t.Errorf("%s: the years are named %q and %q, want %q", day, pairs.Name, next.Name, wantName)
		}
	}
}

func fmtYear(y int) string {
	return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "–" + time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).Format("06") + " demo"
}

func lastCloses(cy program.Cycle) string {
	last := ""
	for _, e := range cy.Events {
		last = max(last, e.Closes)
	}
	return last
}
