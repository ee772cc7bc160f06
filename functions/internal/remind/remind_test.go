package remind_test

import (
	"context"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/content"
	"github.com/ala-alsc/mentoring/functions/internal/cohorttest"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/remind"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

const staff = "liaison@example.org"

// recorder is a mail sender that keeps what it was given, with the simulated day.
type recorder struct {
	mu   sync.Mutex
	day  string
	sent []sentMail
	// fail, when set, decides per message whether to fail (return an error) or crash (panic after
	// delivering, as a process dying between sending and confirming would).
	fail func(m notify.Message) (fail, crash bool)
}

type sentMail struct {
	day string
	msg notify.Message
}

func (r *recorder) Send(_ context.Context, m notify.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var fail, crash bool
	if r.fail != nil {
		fail, crash = r.fail(m)
	}
	if fail {
		return fmt.Errorf("mail service refused the message")
	}
	r.sent = append(r.sent, sentMail{r.day, m})
	if crash {
		panic("crash after sending")
	}
	return nil
}

// kind names a message by its subject, as a person would tell them apart.
func kind(subject string) string {
	for _, k := range []struct{ contains, kind string }{
		{"goals are due in a week", remind.GoalsWeek}, {"goals are due tomorrow", remind.GoalsDay},
		{"goals are late", remind.GoalsLate}, {"tracker is open", remind.TrackerOpen}, {"tracker closes", remind.TrackerClosing},
		{"survey: open", remind.SurveyOpen}, {"survey closes", remind.SurveyClosing}, {"This month's idea", "tips"},
		{"what needs a person", "digest"}, {"been in touch?", remind.FirstContact},
	} {
		if strings.Contains(subject, k.contains) {
			return k.kind
		}
	}
	return "unknown: " + subject
}

// year is the matched demo cohort with a reminder that records its mail.
type year struct {
	*cohorttest.Cohort
	st      *store.Store
	cal     *program.Calendar
	cy      *program.Cycle
	mail    *recorder
	r       *remind.Reminder
	matches []*store.Match
	emails  map[string]string // application id → address
}

func mustYear(tb testing.TB, optFns ...func(*dynamodb.Options)) *year {
	tb.Helper()
	c := cohorttest.Matched(tb, optFns...)
	y := &year{Cohort: c, st: c.Store, cal: c.Calendar, cy: c.Cycle, mail: &recorder{}, matches: c.Matches, emails: c.Emails}
	if len(y.matches) < 7 {
		tb.Fatalf("the demo cohort made %d pairs; the tests need 7", len(y.matches))
	}
	y.r = &remind.Reminder{Store: y.st, Calendar: y.cal, Mail: y.mail, SiteURL: "https://mentoring.example.org",
		Staff: []string{staff}, Log: c.Log}
	return y
}

// at is 9 in the morning of day, in the calendar's zone, when the schedule runs.
func (y *year) at(day time.Time) time.Time { return day.Add(9 * time.Hour) }

// run runs the reminder as of t, recording mail under t's day.
func (y *year) run(tb testing.TB, t time.Time) (*remind.Result, error) {
	tb.Helper()
	y.mail.mu.Lock()
	y.mail.day = t.In(y.cal.Location()).Format(time.DateOnly)
	y.mail.mu.Unlock()
	return y.r.Run(context.Background(), t)
}

func (y *year) add(tb testing.TB, m *store.Match, k store.Kind, role forms.Role, at time.Time, answers any, version int) {
	tb.Helper()
	y.Add(tb, m, k, role, at, answers, version)
}

func goals(objectives ...string) *forms.Goals {
	return &forms.Goals{Goal1: "Plan a program together", Objectives1: objectives, Measure1: "It runs"}
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// holidayMoves are the days of the built-in calendar's 2026-27 cycle on which a message would fall
// on a US federal holiday, and the working day it goes on instead, worked out by hand: New Year's
// Day 2027 is a Friday (the January tips go on Monday the 4th), and four Monday digests fall on
// Martin Luther King Jr. Day (third Monday of January), Presidents' Day (third of February),
// Memorial Day (last of May) and the Monday on which Independence Day, a Sunday in 2027, is kept.
var holidayMoves = map[string]string{"2027-01-01": "2027-01-04", "2027-01-18": "2027-01-19", "2027-02-15": "2027-02-16",
	"2027-05-31": "2027-06-01", "2027-07-05": "2027-07-06"}

// moved is the day a message due on d goes.
func moved(d time.Time) string {
	if to, ok := holidayMoves[day(d)]; ok {
		return to
	}
	return day(d)
}

// firstWeekday is the first Monday-to-Friday day of t's month.
func firstWeekday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// TestAYearDayByDay runs the reminder every day of a program year, twice a day, for the demo
// cohort with a scripted year — goals early, goals late, none at all, a withdrawal, a rematch,
// tips turned off, a tracker, surveys — and checks every message: its day, its people, once.
func TestAYearDayByDay(t *testing.T) {
	y := mustYear(t)
	ctx := context.Background()
	cy := y.cy
	lastDay := func(w program.Window) time.Time { return w.Closes.AddDate(0, 0, -1) }
	goalsDue, tracker, survey := lastDay(cy.Window(program.Goals)), cy.Window(program.Tracker), cy.Window(program.Survey)
	work := cy.Window(program.Work)
	m := y.matches
	// The script, by pair: 0 sends goals early, 1 after the first reminder, 2 never; 3's mentee
	// withdraws in January; 4's mentor turns tips off in January; 5 sends its tracker early; 6
	// parts (a rematch ends it) in November; pair 0's people answer the survey on its second day.
	goalsDay := map[int]time.Time{0: goalsDue.AddDate(0, 0, -10), 1: goalsDue.AddDate(0, 0, -5), 3: goalsDue.AddDate(0, 0, -2),
		4: goalsDue.AddDate(0, 0, -2), 5: goalsDue.AddDate(0, 0, -2)}
	for i := 7; i < len(m); i++ {
		goalsDay[i] = goalsDue.AddDate(0, 0, -2)
	}
	objectives := []string{"skills", "connections", "leaders", "re-energize", "competencies", "committee-service", "peer-taught-skills"}
	withdrawal := work.Opens.AddDate(0, 1, 14)
	tipsOff := work.Opens.AddDate(0, 1, 9)
	trackerSent := tracker.Opens.AddDate(0, 0, 4)
	ended := goalsDue.AddDate(0, 0, -12)
	surveySent := survey.Opens.AddDate(0, 0, 1)

	for d := cy.Span().Opens; d.Before(cy.Span().Closes); d = d.AddDate(0, 0, 1) {
		morning := d.Add(8 * time.Hour)
		for i, g := range goalsDay {
			if g.Equal(d) {
				y.add(t, m[i], store.KindGoals, forms.RoleMentee, morning, goals(objectives[i%len(objectives)]), 1)
			}
		}
		switch {
		case d.Equal(withdrawal):
			y.add(t, m[3], store.KindWithdrawal, forms.RoleMentee, morning, &forms.Withdrawal{Confirm: true}, 0)
			life, err := lifecycle.Load(ctx, y.st, cy, morning)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := life.Withdraw(ctx, y.st, m[3].Mentee, morning); err != nil {
				t.Fatal(err)
			}
		case d.Equal(tipsOff):
			y.add(t, m[4], store.KindTipsOff, forms.RoleMentor, morning, &forms.TipsOff{Confirm: true}, 0)
		case d.Equal(trackerSent):
			y.add(t, m[5], store.KindTracker, forms.RoleMentor, morning, &forms.Tracker{Contact: forms.ContactWeekly, Working: "Yes", CallMe: forms.No}, 0)
		case d.Equal(ended):
			if err := y.st.EndMatch(ctx, m[6], store.EndRematch, "", morning); err != nil {
				t.Fatal(err)
			}
		case d.Equal(surveySent):
			for _, role := range forms.Roles {
				y.add(t, m[0], store.KindSurvey, role, morning, &forms.Survey{Worked: "w", NotWorked: "n", RatingOverall: forms.Rating5,
					RatingMatch: forms.Rating4, RatingSupport: forms.Rating5, Again: forms.AgainEither}, 0)
			}
		}
		for range 2 {
			if _, err := y.run(t, y.at(d)); err != nil {
				t.Fatalf("%s: %v", day(d), err)
			}
		}
	}

	// What each person should have had, worked out from the calendar and the script.
	type key struct{ day, to, kind string }
	want := map[key]int{}
	people := func(i int) map[forms.Role]string {
		return map[forms.Role]string{forms.RoleMentor: y.emails[m[i].Mentor], forms.RoleMentee: y.emails[m[i].Mentee]}
	}
	for i := range m {
		for role, to := range people(i) {
			gone := func(d time.Time) bool { // withdrawn or parted by day d
				return (i == 6 && !d.Before(ended)) || (i == 3 && !d.Before(withdrawal))
			}
			for _, n := range []struct {
				day  time.Time
				kind string
			}{{goalsDue.AddDate(0, 0, -7), remind.GoalsWeek}, {goalsDue.AddDate(0, 0, -1), remind.GoalsDay}, {goalsDue.AddDate(0, 0, 1), remind.GoalsLate}} {
				if g, ok := goalsDay[i]; (!ok || g.After(n.day)) && !gone(n.day) {
					want[key{moved(n.day), to, n.kind}] = 1 // once a person, however many pairs
				}
			}
			for _, n := range []struct {
				day  time.Time
				kind string
			}{{tracker.Opens, remind.TrackerOpen}, {lastDay(tracker).AddDate(0, 0, -7), remind.TrackerClosing}} {
				if !(i == 5 && trackerSent.Before(n.day)) && !gone(n.day) {
					want[key{moved(n.day), to, n.kind}] = 1 // once a person, however many pairs
				}
			}
			for _, n := range []struct {
				day  time.Time
				kind string
			}{{survey.Opens, remind.SurveyOpen}, {lastDay(survey).AddDate(0, 0, -7), remind.SurveyClosing}} {
				if !(i == 0 && surveySent.Before(n.day)) && !gone(n.day) {
					want[key{moved(n.day), to, n.kind}] = 1 // once a person, however many pairs
				}
			}
			// Nobody says they are in touch: two weeks after the program starts, each person of
			// each pair still together is nudged, once a pair.
			if nudge := cy.Window(program.ProgramStart).Opens.AddDate(0, 0, 14); !gone(nudge) {
				want[key{moved(nudge), to, remind.FirstContact}]++
			}
			for month := work.Opens; month.Before(survey.Opens); month = month.AddDate(0, 1, 0) {
				d := firstWeekday(month)
				if !gone(d) && !(i == 4 && role == forms.RoleMentor && !d.Before(tipsOff)) {
					want[key{moved(d), to, "tips"}] = 1 // once a person, however many pairs
				}
			}
		}
	}
	for d := cy.Window(program.ProgramStart).Opens; d.Before(cy.Span().Closes); d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Monday {
			want[key{moved(d), staff, "digest"}]++
		}
	}

	got := map[key]int{}
	tips := map[string][]string{} // address → the activity lines of its tips, in order
	for _, s := range y.mail.sent {
		k := key{s.day, s.msg.To, kind(s.msg.Subject)}
		got[k]++
		if k.kind == "tips" {
			_, after, _ := strings.Cut(s.msg.Text, "An activity to try\n------------------\n\n")
			line, _, _ := strings.Cut(after, "\n")
			tips[k.to] = append(tips[k.to], line)
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s %s to %s: sent %d times, want %d", k.day, k.kind, k.to, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("%s %s to %s: sent %d times, want none", k.day, k.kind, k.to, n)
		}
	}
	for to, lines := range tips {
		seen := map[string]bool{}
		for _, l := range lines {
			if seen[l] || !strings.Contains(l, "https://mentoring.example.org/activities/") {
				t.Errorf("tips to %s: activity %q repeated or without its page", to, l)
			}
			seen[l] = true
		}
	}
	// Pair 0's goals serve "skills" alone: its mentee's first tip is an activity tagged with it.
	first := tips[y.emails[m[0].Mentee]]
	if len(first) == 0 {
		t.Fatal("pair 0's mentee had no tips")
	}
	tagged := false
	for _, a := range content.Activities() {
		if strings.HasSuffix(first[0], " (https://mentoring.example.org/activities/"+a.Key+"/)") {
			tagged = slices.Contains(a.Objectives, "skills")
		}
	}
	if !tagged {
		t.Errorf("pair 0's first tip %q serves no objective of its goals", first[0])
	}
	byKind := map[string]int{}
	for k, n := range got {
		byKind[k.kind] += n
	}
	t.Logf("%d messages in the simulated year for %d pairs (%d applicants): %v", len(y.mail.sent), len(m), len(y.emails), byKind)
}
