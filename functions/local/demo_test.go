package local

import (
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// TestDemoCalendarIsLikeTheRealOne parses the demo calendar as the functions do and checks its
// cycle has the events of every cycle of the built-in calendar, with the same titles and staff-only
// marks, and that its application window is open today.
func TestDemoCalendarIsLikeTheRealOne(t *testing.T) {
	today := time.Now()
	demo, err := program.ParseCalendar(DemoCalendar(today))
	if err != nil {
		t.Fatal(err)
	}
	if len(demo.Cycles) != 1 {
		t.Fatalf("the demo calendar has %d cycles, want 1", len(demo.Cycles))
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
	got := events(demo.Cycles[0])
	builtIn := program.DefaultCalendar()
	for _, cy := range builtIn.Cycles {
		want := events(cy)
		if len(got) != len(want) {
			t.Errorf("the demo has %d events, cycle %s %d", len(got), cy.ID, len(want))
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || g != w {
				t.Errorf("event %q: the demo has %+v (present: %v), cycle %s %+v", k, g, ok, cy.ID, w)
			}
		}
	}
	if demo.TimeZone != builtIn.TimeZone || demo.RematchDays != builtIn.RematchDays || demo.RetentionDays != builtIn.RetentionDays {
		t.Errorf("the demo calendar's settings differ from the built-in one's")
	}
	if !demo.Cycles[0].Window(program.Applications).Contains(today) {
		t.Errorf("the demo's application window %+v is not open today", demo.Cycles[0].Window(program.Applications))
	}
}
