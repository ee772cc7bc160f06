package local

import (
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// TestDemoCalendarIsLikeTheRealOne parses the demo calendar as the functions do and checks each of
// its two cycles has the events of every cycle of the built-in calendar, with the same titles and
// staff-only marks; that the demo cycle's application window is open today; and that the demo
// pairs' goals, rematch, tracker and survey windows are all open today.
func TestDemoCalendarIsLikeTheRealOne(t *testing.T) {
	today := time.Now()
	demo, err := program.ParseCalendar(DemoCalendar(today))
	if err != nil {
		t.Fatal(err)
	}
	if len(demo.Cycles) != 2 {
		t.Fatalf("the demo calendar has %d cycles, want 2", len(demo.Cycles))
	}
	type event struct {
		title     string
		staffOnly bool
	}
	events := func(cy program.Cycle) map[string]event {
		m := map[string]event{}
		for _, e := range cy.Events {
			m[e.Key] = event{e.Title, e.StaffOnly}
		}
		return m
	}
	builtIn := program.DefaultCalendar()
	for _, demoCycle := range demo.Cycles {
		got := events(demoCycle)
		for _, cy := range builtIn.Cycles {
			want := events(cy)
			if len(got) != len(want) {
				t.Errorf("demo cycle %s has %d events, cycle %s %d", demoCycle.ID, len(got), cy.ID, len(want))
			}
			for k, w := range want {
				if g, ok := got[k]; !ok || g != w {
					t.Errorf("event %q: demo cycle %s has %+v (present: %v), cycle %s %+v", k, demoCycle.ID, g, ok, cy.ID, w)
				}
			}
		}
	}
	if demo.TimeZone != builtIn.TimeZone || demo.RematchDays != builtIn.RematchDays || demo.RetentionDays != builtIn.RetentionDays {
		t.Errorf("the demo calendar's settings differ from the built-in one's")
	}
	applying, ok := demo.Cycle(DemoCycle)
	if !ok || !applying.Window(program.Applications).Contains(today) {
		t.Errorf("the demo's application window is not open today (cycle found: %v)", ok)
	}
	pairs, ok := demo.Cycle(DemoYear)
	if !ok {
		t.Fatalf("no cycle %s", DemoYear)
	}
	for name, w := range map[string]program.Window{"goals": pairs.Window(program.Goals), "rematch": pairs.Rematch(),
		"tracker": pairs.Window(program.Tracker), "survey": pairs.Window(program.Survey)} {
		if !w.Contains(today) {
			t.Errorf("the demo pairs' %s window %+v is not open today", name, w)
		}
	}
	if w := pairs.Window(program.Goals); w.Closes.Sub(today) < 7*24*time.Hour {
		t.Errorf("the demo pairs' goals close too soon to try: %v", w.Closes)
	}
}
