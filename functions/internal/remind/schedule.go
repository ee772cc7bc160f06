// Package remind keeps the program year moving: run once a day, it works out from the calendar
// alone what is due that day — goals reminders, tracker and survey notes, the monthly tips
// message, the weekly staff digest — and sends each message at most once to each person.
//
// # At most once
//
// Every message to every person has a marker (store.Sent, one per cycle, message and person).
// The marker is claimed with a conditional put BEFORE the message is handed to the mail sender,
// and confirmed (delivered = true) after. So:
//
//   - Runs that overlap, or a run repeated by the schedule's retry policy, never send twice: the
//     second claim fails and that person is skipped.
//   - If the sender refuses the message (an error comes back), the claim is released and the next
//     run sends it. An error after the mail service had in fact accepted the message (a timeout on
//     its reply) can therefore, rarely, cause a second copy: only then is it at least once.
//   - A claim whose answer was lost, or whose release failed, is known to the process that made it
//     as not sent (store.Claims): a run repeated by the same process releases it and sends.
//   - If the process dies between the claim and the confirmation — before or after the message
//     went, nobody can tell which — the claim stays unconfirmed and the message is never sent
//     again: at most once, at the price of a possibly lost message. The weekly staff digest lists
//     such unconfirmed claims so that a person can check and write by hand.
//
// A reminder is due on its day only: a day on which every retry failed is not made up later
// (the next note, or the digest, catches the pair).
package remind

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// The scheduled messages; tips and digests add the month or the day to their prefix.
const (
	GoalsWeek      = "goals-7d"        // a week before goals are due, to pairs without goals
	GoalsDay       = "goals-1d"        // the day before goals are due, to pairs without goals
	GoalsLate      = "goals-late"      // the day after goals were due, to pairs without goals
	TrackerOpen    = "tracker-open"    // the tracker's first day, to pairs without a tracker
	TrackerClosing = "tracker-closing" // a week before the tracker's last day, to pairs without one
	SurveyOpen     = "survey-open"     // the survey's first day, to each person without a survey
	SurveyClosing  = "survey-closing"  // a week before the survey's last day, to each person without one
	TipsPrefix     = "tips-"           // tips-2026-12: the first working day of each month of the work
	DigestPrefix   = "digest-"         // digest-2026-11-09: every Monday of the program year, to staff
)

// notice is how long before a due date its reminder goes, and a closing window's note.
const notice = 7

// DigestDay is the weekday of the staff digest.
const DigestDay = time.Monday

// Dated is one message of a cycle and the calendar day it is due (midnight in the calendar's zone).
type Dated struct {
	Day     time.Time
	Message string
	Cycle   *program.Cycle
}

// Schedule lists every scheduled message of a cycle in order of day, as the calendar decides:
//   - goals: notice days and one day before the last day of the goals window, and the day after;
//   - tracker and survey: their first day, and notice days before their last day;
//   - tips: the first working day of every month of the cycle's Tips window (December to July);
//   - the staff digest: every DigestDay from the start of the program year to the cycle's end.
//
// A message due on a US federal holiday goes on the first working day after it (see
// program.Calendar.Holiday).
func Schedule(cal *program.Calendar, cy *program.Cycle) []Dated {
	var out []Dated
	add := func(day time.Time, msg string) {
		if cal.Holiday(day) != "" {
			day = cal.WorkingDay(day)
		}
		out = append(out, Dated{Day: day, Message: msg, Cycle: cy})
	}
	last := func(w program.Window) time.Time { return w.Closes.AddDate(0, 0, -1) }

	goals := last(cy.Window(program.Goals))
	add(goals.AddDate(0, 0, -notice), GoalsWeek)
	add(goals.AddDate(0, 0, -1), GoalsDay)
	add(goals.AddDate(0, 0, 1), GoalsLate)
	for _, w := range []struct {
		key, open, closing string
	}{{program.Tracker, TrackerOpen, TrackerClosing}, {program.Survey, SurveyOpen, SurveyClosing}} {
		win := cy.Window(w.key)
		add(win.Opens, w.open)
		add(last(win).AddDate(0, 0, -notice), w.closing)
	}

	tips := cy.Tips()
	loc := cal.Location()
	y, m, _ := tips.Opens.In(loc).Date()
	for month := time.Date(y, m, 1, 0, 0, 0, 0, loc); month.Before(tips.Closes); month = month.AddDate(0, 1, 0) {
		if day := cal.WorkingDay(month); tips.Contains(day) {
			add(day, TipsPrefix+month.Format("2006-01"))
		}
	}

	span := cy.Span()
	for day := cy.Window(program.ProgramStart).Opens; day.Before(span.Closes); day = day.AddDate(0, 0, 1) {
		if day.Weekday() == DigestDay {
			add(day, DigestPrefix+day.Format(time.DateOnly))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Day.Before(out[j].Day) })
	return out
}

// Today is the calendar day of t: midnight of its date in the calendar's zone.
func Today(cal *program.Calendar, t time.Time) time.Time {
	y, m, d := t.In(cal.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, cal.Location())
}

// DueOn lists what is due on the calendar day of t, in every cycle.
func DueOn(cal *program.Calendar, t time.Time) []Dated {
	today := Today(cal, t)
	var out []Dated
	for i := range cal.Cycles {
		for _, d := range Schedule(cal, &cal.Cycles[i]) {
			if d.Day.Equal(today) {
				out = append(out, d)
			}
		}
	}
	return out
}

// tipsMonth is the month a tips message names, e.g. "December 2026".
func tipsMonth(cal *program.Calendar, msg string) (string, error) {
	t, err := time.ParseInLocation("2006-01", msg[len(TipsPrefix):], cal.Location())
	if err != nil {
		return "", fmt.Errorf("remind: %q: %w", msg, err)
	}
	return t.Format("January 2006"), nil
}

// about says what a scheduled message is, for staff: "the reminder a week before goals are due",
// "the tips of December 2026".
func about(cal *program.Calendar, msg string) string {
	switch msg {
	case GoalsWeek:
		return "the reminder a week before goals are due"
	case GoalsDay:
		return "the reminder the day before goals are due"
	case GoalsLate:
		return "the note that goals are late"
	case TrackerOpen:
		return "the note that the mid-point tracker is open"
	case TrackerClosing:
		return "the reminder a week before the mid-point tracker closes"
	case SurveyOpen:
		return "the note that the wrap-up survey is open"
	case SurveyClosing:
		return "the reminder a week before the wrap-up survey closes"
	case FirstContact:
		return "the nudge to a pair not yet in touch"
	}
	if month, err := tipsMonth(cal, msg); err == nil {
		return "the tips of " + month
	}
	if day, err := time.ParseInLocation(time.DateOnly, strings.TrimPrefix(msg, DigestPrefix), cal.Location()); err == nil {
		return "the staff digest of " + cal.Day(day)
	}
	return msg
}
