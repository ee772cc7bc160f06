package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// pairForm is one participant form, described once: the pair's pages, its window, its refusals
// and its thanks all read this description.
type pairForm struct {
	*forms.Definition
	title string // its page's heading and its name in lists; its page is PairPath/Name
	// todo is the button that leads to it from the overview when it is due.
	todo string
	// intro is the sentence above the form; {partner} is the partner's role, {due} the last day
	// it is due or open.
	intro string
	// thanks is what the overview says once it is sent; {partner} is the partner's name.
	thanks string
	// due is the form's task on the overview: sent once by the pair (goals, tracker), once by
	// each person (survey) or once a month (check-in). Forms that are never due are offered
	// only in the list of forms.
	due bool
	// window is when it may be sent; late, when given, is when it is due (sent after, it is late).
	window, late func(cy *program.Cycle) program.Window
	// name is how refusals name it: "The mid-point tracker opens on …".
	name string
	// sent is what of it this person may see as sent (nil: kept elsewhere): the pair's goals and
	// tracker, each person's own survey, check-in of this month, tips choice and leaving.
	sent func(y *store.Year, role forms.Role, month int) *store.Entry
	// sentWords say it was sent: {day} when, {by} who. again is true when a new version may be
	// sent while its window is open.
	sentWords string
	again     bool
	// againWords offer the form once more, under what was sent.
	againWords string
	// about says what it is for, in the list of forms, while it is open; lateWords that it is
	// late ({due}: the last day it was due).
	about, lateWords string
	// confirm, for a step that cannot be undone, asks before it acts; {partner} is the
	// partner's name. yes is the confirming button's words and explain what the page says first.
	confirm, yes string
	explain      []string
	// conflict says what to do when it was already sent with other answers: {by} who sent it,
	// {day} when.
	conflict string
}

// sentOnBy is how most forms say they were sent.
const sentOnBy = "sent on {day} by {by}."

// pairForms are the participant forms in the order the pages list them.
var pairForms = []*pairForm{
	{
		Definition: forms.GoalsForm, title: "Your goals", name: "The goals form", todo: "Write your goals", due: true, again: true,
		window: (*program.Cycle).GoalsAccepted, late: func(cy *program.Cycle) program.Window { return cy.Window(program.Goals) },
		sent: func(y *store.Year, _ forms.Role, _ int) *store.Entry { return y.LatestGoals() },
		intro: "Build your goals together, with the program's seven objectives in mind; either of you may send them. " +
			"They are due by {due}. Your {partner} gets a copy by email.",
		sentWords:  "sent on {day} by {by}",
		againWords: "Change your goals: send a new version",
		lateWords:  "late: goals were due by {due}. Please send them as soon as you can; the office still wants them.",
		thanks:     "Thank you: your goals were sent. {partner} gets a copy by email.",
		conflict: "Your partner sent this form at the same moment. Reload your pair's page to see what was sent, " +
			"then send yours again if it differs.",
	},
	{
		Definition: forms.TrackerForm, title: "Mid-point tracker", name: "The mid-point tracker", todo: "Fill in the mid-point tracker", due: true,
		window:    func(cy *program.Cycle) program.Window { return cy.Window(program.Tracker) },
		sent:      func(y *store.Year, _ forms.Role, _ int) *store.Entry { return y.Tracker },
		intro:     "Look back together at the progress on each of your goals. One tracker per pair: agree the answers, then one of you sends it.",
		sentWords: sentOnBy,
		thanks:    "Thank you: your pair's mid-point tracker was sent to the ALSC office. {partner} sees it on their page too.",
		conflict: "Your pair's mid-point tracker was already sent by {by} on {day}, with other answers. " +
			"Each pair sends one; if something in it needs to change, write to the ALSC staff liaison.",
	},
	{
		Definition: forms.SurveyForm, title: "Wrap-up survey", name: "The wrap-up survey", todo: "Answer the wrap-up survey", due: true,
		window:    func(cy *program.Cycle) program.Window { return cy.Window(program.Survey) },
		sent:      func(y *store.Year, role forms.Role, _ int) *store.Entry { return y.Surveys[role] },
		intro:     "Each of you answers the wrap-up survey separately. It concludes the program year.",
		sentWords: sentOnBy,
		thanks:    "Thank you: your wrap-up survey was sent to the ALSC office.",
		conflict: "You already sent your wrap-up survey on {day}, with other answers. If something in it needs to " +
			"change, write to the ALSC staff liaison.",
	},
	{
		Definition: forms.CheckInForm, title: "How is it going?", name: "The monthly check-in", todo: "Tell us how it is going", due: true,
		window: (*program.Cycle).CheckIns,
		sent:   func(y *store.Year, role forms.Role, month int) *store.Entry { return y.CheckIn(role, month) },
		about:  "one click a month tells the office how your year is going.",
		intro: "Once a month, tell the ALSC office how it is going. Only the office reads your answer, not your {partner}; " +
			"if you need help, the staff liaison will be in touch.",
		sentWords: "you answered on {day}; thank you. You may answer again next month.",
		thanks:    "Thank you: the ALSC office has your answer for this month.",
		conflict:  "You already told us how it is going this month, on {day}. You may answer again next month.",
	},
	{
		Definition: forms.ContactForm, title: "We have been in touch", name: "Recording that you were in touch",
		todo: "Tell us you have been in touch", due: true, window: (*program.Cycle).Contacts,
		intro: "The program asks pairs to be in touch at least twice a month: a call, a video chat, a meeting. " +
			"Each time, one click here tells the ALSC office the day, nothing more; either of you may record it, once a day.",
		thanks:   "Thank you: the ALSC office has today's contact with {partner}.",
		conflict: "Today's contact was recorded already.",
	},
	{
		Definition: forms.TipsForm, title: "Monthly tips", name: "Turning off the monthly tips",
		window:    (*program.Cycle).Tips,
		sent:      func(y *store.Year, role forms.Role, _ int) *store.Entry { return y.TipsOff[role] },
		about:     "each month the office sends one suggested activity and one reading, chosen for your goals.",
		intro:     "The monthly tips suggest one activity and one reading chosen for your goals. You may turn them off; notes about due dates still come.",
		sentWords: "you turned the monthly tips off on {day}; notes about due dates still come.",
		thanks:    "The monthly tips are turned off. Notes about due dates still come.",
	},
	{
		Definition: forms.RematchForm, title: "Ask for a rematch", name: "Rematch requests",
		window: (*program.Cycle).Rematch,
		intro: "If the match is not working for you, you may ask for a rematch until {due}. The working group and the staff " +
			"liaison do as much as they can; if a rematch is not possible, you may apply again next year.",
		explain: []string{"Only the ALSC staff liaison reads your request. Your match goes on until the staff liaison " +
			"has been in touch with you."},
		confirm: "Ask for a rematch? The ALSC staff liaison reads your reasons and will be in touch about a new match. " +
			"{partner} is not told your reasons. A request cannot be taken back once it is sent.",
		yes:       "Yes, ask for a rematch",
		sentWords: "you asked for a rematch on {day}; the ALSC staff liaison will be in touch.",
		thanks:    "Your request for a rematch was sent to the ALSC staff liaison, who will be in touch.",
	},
	{
		Definition: forms.WithdrawalForm, title: "Leave the program", name: "Leaving the program",
		window: (*program.Cycle).Leaving,
		sent:   func(y *store.Year, role forms.Role, _ int) *store.Entry { return y.Withdrawals[role] },
		about:  "if you can no longer take part, tell us here.",
		intro: "Things happen. If you can no longer take part, tell us here. Your {partner} is told kindly, without your reasons, " +
			"that the office will be in touch.",
		explain: []string{"Leaving ends your match today and ends your part in this program year. Your forms can no " +
			"longer be sent, and the monthly emails stop."},
		confirm: "Leave the program? Your match with {partner} ends today, and {partner} is told, kindly and without your " +
			"reasons, that the ALSC office will be in touch. You cannot undo this.",
		yes:       "Yes, leave the program",
		sentWords: sentOnBy,
		thanks:    "You have left the program. Thank you for the time you gave it. {partner} is told kindly, and the ALSC office will be in touch.",
		conflict:  "You already told us on {day} that you are leaving the program.",
	},
}

// formOf is the participant form sent to action, or nil.
func formOf(action string) *pairForm {
	for _, f := range pairForms {
		if f.Action == action {
			return f
		}
	}
	return nil
}

// formNamed is the participant form called name, or nil.
func formNamed(name string) *pairForm {
	for _, f := range pairForms {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// page is the path of the form's own page.
func (f *pairForm) page() string { return forms.PairPath + "/" + f.Name }

// kind is how the form's entries are stored; false for a rematch request, kept for staff.
func (f *pairForm) kind() (store.Kind, bool) { return store.KindOf(f.Definition) }

// irreversible reports whether sending the form cannot be undone, so that it asks first.
func (f *pairForm) irreversible() bool { return f.confirm != "" }

// words fills a text's placeholders.
func words(s string, pairs ...string) string { return strings.NewReplacer(pairs...).Replace(s) }

// windowOf says whether f can be sent now, whether it would be late, and, when it cannot, when
// it opens or closed.
func (h *participants) windowOf(p *participant, f *pairForm, now time.Time) (open, late bool, msg string) {
	day, lastDay := h.Calendar.Day, h.Calendar.LastDay
	yearEnds := p.cycle.Span()
	w := f.window(p.cycle)
	due := w
	if f.late != nil {
		due = f.late(p.cycle)
	}
	switch {
	case now.Before(w.Opens) && f.late != nil:
		return false, false, fmt.Sprintf("%s opens on %s; goals are due by %s.", f.name, day(w.Opens), lastDay(due))
	case now.Before(w.Opens):
		return false, false, fmt.Sprintf("%s opens on %s and closes on %s.", f.name, day(w.Opens), lastDay(w))
	case !now.Before(w.Closes) && w.Closes.Equal(yearEnds.Closes):
		return false, false, fmt.Sprintf("The program year ended on %s.", lastDay(yearEnds))
	case !now.Before(w.Closes):
		return false, false, fmt.Sprintf("%s closed on %s.", f.name, lastDay(w))
	}
	return true, !now.Before(due.Closes), ""
}

// sentBy is who sent e, as the person reading the page says it.
func sentBy(p *participant, e *store.Entry) string {
	if e.Role == p.role {
		return "you"
	}
	return "your " + string(e.Role)
}

// formState is where a form stands for one person.
type formState struct {
	words   string       // one line: "sent on … by you", "opens on …"
	canSend bool         // it can be sent now
	todo    bool         // it is due now and not yet sent
	sent    *store.Entry // what was sent, when this person may see it
	closed  string       // why it cannot be sent, when it cannot
	// blurb is true when words only say what the form is for: its page, which says so at
	// length, leaves them out.
	blurb bool
}

// state says where f stands for this person.
func (h *participants) state(p *participant, f *pairForm, now time.Time) formState {
	day, lastDay := h.Calendar.Day, h.Calendar.LastDay
	open, late, msg := h.windowOf(p, f, now)
	s := formState{}
	if f.sent != nil {
		s.sent = f.sent(p.year, p.role, h.Calendar.Month(now))
	}
	if wd := p.year.Withdrawals[p.role]; wd != nil {
		open, msg, s.closed = false, "Closed, as you left the program.", fmt.Sprintf("You left the program on %s, so this form can no longer be sent.", day(wd.SentAt))
	} else if p.match.Ended {
		open, msg, s.closed = false, "Closed, as the match has ended.", h.endedWords(p)
	} else if !open {
		s.closed = msg
	}
	s.canSend = open
	w := f.window(p.cycle)
	switch sent := s.sent; {
	case f.Definition == forms.ContactForm && open:
		// Due until the pair's first contact; then how this month compares with the guideline.
		month, first := h.Calendar.Month(now), p.year.FirstContact().IsZero()
		s.words, s.todo = h.contactWords(p.year.ContactsIn(month), p.year.LastContact()), first
	case f.Definition == forms.RematchForm && p.rematch != nil:
		s.words, s.canSend = words(f.sentWords, "{day}", day(p.rematch.CreatedAt)), false
	case sent != nil && f.again:
		s.words = words(f.sentWords, "{day}", day(sent.SentAt), "{by}", sentBy(p, sent))
		if sent.Late {
			s.words += fmt.Sprintf(" (late: they were due by %s)", lastDay(f.late(p.cycle)))
		}
		if sent.Version > 1 {
			s.words += fmt.Sprintf("; version %d", sent.Version)
		}
		s.words += "."
		if open {
			s.words += " You may send a new version; the newest is the one the office reads."
		}
	case sent != nil:
		s.words, s.canSend = words(f.sentWords, "{day}", day(sent.SentAt), "{by}", sentBy(p, sent)), false
	case !open && s.closed != msg:
		s.words = strings.ToLower(msg[:1]) + msg[1:]
	case !open && now.Before(w.Opens):
		s.words = fmt.Sprintf("opens on %s.", day(w.Opens))
	case !open:
		s.words = fmt.Sprintf("closed on %s.", lastDay(w))
	case late:
		s.words, s.todo = words(f.lateWords, "{due}", lastDay(f.late(p.cycle))), true
	case f.late != nil:
		s.words, s.todo = fmt.Sprintf("open; due by %s.", lastDay(f.late(p.cycle))), f.due
	case f.about != "":
		s.words, s.blurb, s.todo = f.about, true, f.due
	default:
		s.words, s.todo = fmt.Sprintf("open until %s.", lastDay(w)), f.due
	}
	return s
}

// contactWords say how many days this month the pair was in touch, against the guideline.
func (h *participants) contactWords(thisMonth int, last time.Time) string {
	if last.IsZero() {
		return "not yet recorded: tell us once you have been in touch."
	}
	times := map[bool]string{true: "once", false: strconv.Itoa(thisMonth) + " times"}[thisMonth == 1]
	if thisMonth == 0 {
		times = "not yet"
	}
	return fmt.Sprintf("in touch %s this month (the program asks for at least %d); last recorded on %s.",
		times, program.ContactsPerMonth, h.Calendar.Day(last))
}

// intro is the sentence above f on its page.
func (h *participants) intro(p *participant, f *pairForm) string {
	w := f.window(p.cycle)
	if f.late != nil {
		w = f.late(p.cycle)
	}
	return words(f.intro, "{partner}", string(p.partnerRole()), "{due}", h.Calendar.LastDay(w))
}

// conflict says what to do when f was already sent with other answers.
func (h *participants) conflict(p *participant, f *pairForm, old *store.Entry) string {
	return words(f.conflict, "{by}", sentBy(p, old), "{day}", h.Calendar.Day(old.SentAt))
}
