package remind_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
)

// holidayYear is a calendar whose dates put a message on a US federal holiday wherever one can
// fall: goals due on Thursday 3 December 2026 (the week's reminder on Thanksgiving), the tracker
// opening on Martin Luther King Jr. Day and closing a week after the Monday Independence Day is
// kept on, the survey opening on the Friday Juneteenth is kept on.
const holidayYear = `
time_zone = "America/Chicago"
retention_days = 365
rematch_days = 30
[[cycles]]
id = "2026-27"
starts = "2026-09-01"
ends = "2027-08-31"
events = [
  {key = "applications", title = "a", opens = "2026-09-01", closes = "2026-09-30"},
  {key = "review", title = "r", opens = "2026-10-01", closes = "2026-11-01"},
  {key = "propose", title = "p", opens = "2026-10-05", closes = "2026-10-05"},
  {key = "program", title = "y", opens = "2026-11-02", closes = "2026-11-02"},
  {key = "goals", title = "g", opens = "2026-11-02", closes = "2026-12-03"},
  {key = "work", title = "w", opens = "2026-12-01", closes = "2027-08-31"},
  {key = "tracker", title = "t", opens = "2027-01-18", closes = "2027-07-12"},
  {key = "survey", title = "s", opens = "2027-06-18", closes = "2027-06-30"},
]
`

// Every message of the year lands on the day worked out by hand from the holiday rules: one due
// on a holiday goes on the next working day, the tips on the first working day of the month,
// and a Monday digest on a holiday on the Tuesday.
func TestMessagesDueOnAHolidayGoOnTheNextWorkingDay(t *testing.T) {
	cal, err := program.ParseCalendar([]byte(holidayYear))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var digests []string
	for _, d := range remind.Schedule(cal, &cal.Cycles[0]) {
		if strings.HasPrefix(d.Message, remind.DigestPrefix) {
			if d.Day.Weekday() != time.Monday {
				digests = append(digests, d.Message+" on "+d.Day.Format(time.DateOnly))
			}
			continue
		}
		got[d.Message] = d.Day.Format(time.DateOnly)
	}
	want := map[string]string{
		remind.GoalsWeek:      "2026-11-27", // 26 November is Thanksgiving
		remind.GoalsDay:       "2026-12-02",
		remind.GoalsLate:      "2026-12-04",
		remind.TrackerOpen:    "2027-01-19", // 18 January is Martin Luther King Jr. Day
		remind.TrackerClosing: "2027-07-06", // 5 July, a Monday, is when Independence Day (a Sunday) is kept
		remind.SurveyOpen:     "2027-06-21", // 18 June is when Juneteenth (a Saturday) is kept; then the weekend
		remind.SurveyClosing:  "2027-06-23",
		"tips-2026-12":        "2026-12-01",
		"tips-2027-01":        "2027-01-04", // New Year's Day is a Friday
		"tips-2027-02":        "2027-02-01",
		"tips-2027-03":        "2027-03-01",
		"tips-2027-04":        "2027-04-01",
		"tips-2027-05":        "2027-05-03", // 1 May is a Saturday
		"tips-2027-06":        "2027-06-01",
	}
	for msg, day := range want {
		if got[msg] != day {
			t.Errorf("%s goes on %s, want %s", msg, got[msg], day)
		}
	}
	if len(got) != len(want) {
		t.Errorf("scheduled %v, want %v", got, want)
	}
	wantDigests := []string{"digest-2027-01-18 on 2027-01-19", "digest-2027-02-15 on 2027-02-16", "digest-2027-05-31 on 2027-06-01",
		"digest-2027-07-05 on 2027-07-06"}
	if strings.Join(digests, ", ") != strings.Join(wantDigests, ", ") {
		t.Errorf("digests moved: %v, want %v", digests, wantDigests)
	}
}

// The built-in calendar's second cycle: its January tips skip New Year's Day (a Saturday) and
// the weekend, and four Monday digests fall on holidays, Juneteenth among them.
func TestTheSecondCycleSkipsItsHolidays(t *testing.T) {
	cal := program.DefaultCalendar()
	cy, ok := cal.Cycle("2027-28")
	if !ok {
		t.Fatal("no 2027-28 cycle")
	}
	var tips, moved []string
	for _, d := range remind.Schedule(cal, cy) {
		switch {
		case strings.HasPrefix(d.Message, remind.TipsPrefix):
			tips = append(tips, d.Day.Format(time.DateOnly))
		case strings.HasPrefix(d.Message, remind.DigestPrefix) && d.Day.Weekday() != time.Monday:
			moved = append(moved, d.Day.Format(time.DateOnly))
		}
	}
	if want := "2027-12-01 2028-01-03 2028-02-01 2028-03-01 2028-04-03 2028-05-01 2028-06-01 2028-07-03"; strings.Join(tips, " ") != want {
		t.Errorf("tips on %v, want %s", tips, want)
	}
	if want := "2028-01-18 2028-02-22 2028-05-30 2028-06-20"; strings.Join(moved, " ") != want {
		t.Errorf("digests moved to %v, want %s", moved, want)
	}
}

// The monthly tips go out on the first working day of each month of the cycle's Tips window,
// the window the pair's page promises them in: nothing before it opens or once it has closed.
func TestTipsGoOutInTheCalendarsTipsWindow(t *testing.T) {
	cal := program.DefaultCalendar()
	cy, ok := cal.Cycle("2026-27")
	if !ok {
		t.Fatal("no 2026-27 cycle")
	}
	tips := cy.Tips()
	var months []string
	for _, d := range remind.Schedule(cal, cy) {
		if month, ok := strings.CutPrefix(d.Message, remind.TipsPrefix); ok {
			if !tips.Contains(d.Day) {
				t.Errorf("%s goes out on %s, outside the tips window %s to %s", d.Message, cal.Day(d.Day), cal.Day(tips.Opens), cal.LastDay(tips))
			}
			months = append(months, month)
		}
	}
	want := []string{"2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07"}
	if strings.Join(months, " ") != strings.Join(want, " ") {
		t.Errorf("tips of %v, want %v (the tips window %s to %s)", months, want, cal.Day(tips.Opens), cal.LastDay(tips))
	}
}
