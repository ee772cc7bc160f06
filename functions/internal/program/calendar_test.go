package program

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultCalendar(t *testing.T) {
	cal := DefaultCalendar()
	cy, ok := cal.Cycle("2026-27")
	if !ok {
		t.Fatal("no 2026-27 cycle")
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	goals := cy.Window(Goals)
	if want := time.Date(2026, 12, 2, 0, 0, 0, 0, chicago); !goals.Closes.Equal(want) {
		t.Errorf("goals close %v, want the end of 1 December (%v)", goals.Closes, want)
	}
	if got := cal.LastDay(goals); got != "December 1, 2026" {
		t.Errorf("goals are due %q, want December 1, 2026", got)
	}
	apps := cy.Window(Applications)
	for _, tc := range []struct {
		name string
		at   time.Time
		open bool
	}{
		{"day before", time.Date(2026, 8, 31, 23, 59, 0, 0, chicago), false},
		{"first day", time.Date(2026, 9, 1, 0, 0, 0, 0, chicago), true},
		{"last minute", time.Date(2026, 9, 30, 23, 59, 0, 0, chicago), true},
		{"day after", time.Date(2026, 10, 1, 0, 0, 0, 0, chicago), false},
	} {
		if got := apps.Contains(tc.at); got != tc.open {
			t.Errorf("%s: open = %v, want %v", tc.name, got, tc.open)
		}
	}
	rm := cy.Rematch()
	if d := rm.Closes.Sub(rm.Opens); d < 30*24*time.Hour-time.Hour || d > 30*24*time.Hour+time.Hour {
		t.Errorf("rematch window lasts %v, want 30 days", d)
	}
	if !cy.Expiry().After(cy.Span().Closes) {
		t.Error("expiry is not after the cycle's end")
	}
}

func TestCycleAtAndNextWindow(t *testing.T) {
	cal := DefaultCalendar()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	if got := cal.CycleAt(now).ID; got != "2026-27" {
		t.Errorf("CycleAt = %s, want 2026-27", got)
	}
	cy, w, ok := cal.NextWindow(Applications, now)
	if !ok || cy.ID != "2027-28" || w.Opens.Month() != time.September {
		t.Errorf("NextWindow(applications) = %v %v %v, want the 2027-28 September window", cy, w, ok)
	}
}

func TestParseCalendarRejects(t *testing.T) {
	for _, tc := range []struct{ name, toml, want string }{
		{"unknown field", "time_zone='UTC'\nretention_days=1\nrematch_days=1\ncolour='red'", "colour"},
		{"bad zone", "time_zone='Mars/Base'\nretention_days=1\nrematch_days=1", "time_zone"},
		{"no cycles", "time_zone='UTC'\nretention_days=1\nrematch_days=1", "no cycles"},
		{"missing event", "time_zone='UTC'\nretention_days=1\nrematch_days=1\n[[cycles]]\nid='x'\nstarts='2026-09-01'\nends='2027-08-31'", "no \"applications\" event"},
		{"bad date", "time_zone='UTC'\nretention_days=1\nrematch_days=1\n[[cycles]]\nid='x'\nstarts='1 Sept'\nends='2027-08-31'", "starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCalendar([]byte(tc.toml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestClockOn checks the clock set to a day reads that day in the calendar's time zone, at the
// real time of day, and that a day written otherwise is refused.
func TestClockOn(t *testing.T) {
	cal := DefaultCalendar()
	for _, day := range []string{"2027-03-01", "2026-11-20", time.Now().In(cal.Location()).Format(time.DateOnly)} {
		k, err := cal.ClockOn(day)
		if err != nil {
			t.Fatal(err)
		}
		before := time.Now()
		now := k.Now()
		if got := now.In(cal.Location()).Format(time.DateOnly); got != day || k.Today() != day {
			t.Errorf("ClockOn(%s).Now() is on %s", day, got)
		}
		if h, m, _ := now.In(cal.Location()).Clock(); h != before.In(cal.Location()).Hour() && m != before.In(cal.Location()).Minute() {
			t.Errorf("ClockOn(%s).Now() at %02d:%02d, the real time is %s", day, h, m, before.In(cal.Location()).Format("15:04"))
		}
	}
	if k, err := cal.ClockOn(""); err != nil || k.Days != 0 {
		t.Errorf(`ClockOn("") = %+v, %v; want the real clock`, k, err)
	}
	for _, bad := range []string{"1 March 2027", "2027-3-1", "2027-02-30"} {
		if _, err := cal.ClockOn(bad); err == nil || !strings.Contains(err.Error(), "2027-03-01") {
			t.Errorf("ClockOn(%q): %v, want a refusal showing how to write a day", bad, err)
		}
	}
}

// A check-in's month is the program's: late on December 31 in Chicago is December, though it is
// January already in UTC; and it reads back as people write it.
func TestMonth(t *testing.T) {
	cal := DefaultCalendar()
	late := time.Date(2027, 1, 1, 5, 30, 0, 0, time.UTC) // 11:30 PM on December 31 in Chicago
	if got := cal.Month(late); got != 202612 {
		t.Errorf("Month(%v) = %d, want 202612", late, got)
	}
	if got := cal.Month(late.Add(time.Hour)); got != 202701 {
		t.Errorf("an hour later: %d, want 202701", got)
	}
	if got := MonthWords(202612); got != "December 2026" {
		t.Errorf("MonthWords(202612) = %q", got)
	}
}
