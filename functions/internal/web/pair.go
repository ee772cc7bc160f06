package web

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// pairView is what the pair's page shows beyond the pair's own state: thanks for a form just sent,
// or a refused form with its answers and messages.
type pairView struct {
	sent    *forms.Definition
	refused *forms.Definition
	problem problem
	values  url.Values
}

var escape = html.EscapeString

// formTitles are the participant forms' names as the pair's page says them.
var formTitles = map[*forms.Definition]string{
	forms.GoalsForm: "Goals", forms.TrackerForm: "Mid-point tracker", forms.SurveyForm: "Wrap-up survey",
	forms.RematchForm: "Rematch request", forms.WithdrawalForm: "Leaving the program",
	forms.CheckInForm: "How is it going?", forms.TipsForm: "Monthly tips",
}

// pairHTML is the main content of the pair's page: the partner, where the year stands, the state
// of every form, and the forms that can be sent now.
func (h *participants) pairHTML(p *participant, v pairView) string {
	now := h.Now()
	var b strings.Builder
	me, them := p.me.Form.Applicant(), p.partner.Form.Applicant()
	b.WriteString("<article class=\"pair\">\n<h1>Your pair's page</h1>\n")
	if v.sent != nil {
		b.WriteString(`<div class="notice" id="sent" role="status" tabindex="-1"><p>Thank you: your ` +
			escape(strings.ToLower(formTitles[v.sent])) + " form was received.</p></div>\n")
	}
	fmt.Fprintf(&b, "<p class=\"lead\">Hello %s. This is your page as the %s of a pair in the ALSC Mentoring Program %s. "+
		"It is yours alone: please do not share its address.</p>\n", escape(me.Name), p.role, escape(p.cycle.ID))

	mine, theirs := p.year.Withdrawals[p.role], p.year.Withdrawals[p.partnerRole()]
	fmt.Fprintf(&b, "<section aria-labelledby=\"partner\">\n<h2 id=\"partner\">Your %s</h2>\n", p.partnerRole())
	switch {
	case p.match.Ended && mine == nil:
		fmt.Fprintf(&b, "<p>%s</p>\n", escape(h.endedWords(p)))
	case theirs != nil:
		fmt.Fprintf(&b, "<p>Your %s can no longer take part in the program. The ALSC office will be in touch with you about what comes next.</p>\n", p.partnerRole())
	}
	b.WriteString("<dl class=\"partner\">\n")
	fmt.Fprintf(&b, "<dt>Name</dt><dd>%s</dd>\n", escape(them.Name))
	if them.Pronouns != "" {
		fmt.Fprintf(&b, "<dt>Pronouns</dt><dd>%s</dd>\n", escape(them.Pronouns))
	}
	fmt.Fprintf(&b, "<dt>Position</dt><dd>%s, %s</dd>\n", escape(them.Position), escape(them.Organisation))
	fmt.Fprintf(&b, "<dt>Email</dt><dd><a href=\"mailto:%s\">%s</a></dd>\n", escape(url.PathEscape(p.partner.Email)), escape(p.partner.Email))
	b.WriteString("</dl>\n</section>\n")

	b.WriteString("<section aria-labelledby=\"year\">\n<h2 id=\"year\">Where the year stands</h2>\n")
	b.WriteString(h.standing(p, now))
	b.WriteString("</section>\n")

	b.WriteString("<section aria-labelledby=\"forms\">\n<h2 id=\"forms\">Your pair's forms</h2>\n<ul class=\"form-states\">\n")
	var fillable []*forms.Definition
	for _, d := range participantForms {
		state, canSend := h.state(p, d, now)
		link := escape(formTitles[d])
		if canSend {
			link = `<a href="#` + d.Name + `">` + link + "</a>"
			fillable = append(fillable, d)
		}
		fmt.Fprintf(&b, "<li><strong>%s</strong>: %s</li>\n", link, escape(state))
	}
	b.WriteString("</ul>\n</section>\n")
	if mine != nil {
		fmt.Fprintf(&b, "<p>You left the program on %s. Thank you for the time you gave it.</p>\n", escape(h.Calendar.Day(mine.SentAt)))
		fillable = nil
	}
	for _, d := range fillable {
		fmt.Fprintf(&b, "<section class=\"pair-form\" aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s</h2>\n", d.Name, d.Name, escape(formTitles[d]))
		b.WriteString(h.formIntro(p, d))
		view := forms.View{Values: h.prefill(p, d)}
		if v.refused == d {
			view = forms.View{Values: v.values, Errors: v.problem.fields, Message: v.problem.message}
		}
		view.IDPrefix, view.Thanks = d.Name+"-", forms.PairPath+"?sent="+d.Name+"#sent"
		if d == forms.TrackerForm {
			view.Legends, view.Omit = goalLegends(p)
		}
		b.WriteString(d.HTML(view))
		b.WriteString("</section>\n")
	}
	if v.refused != nil && !slices.Contains(fillable, v.refused) {
		return h.withNotice(b.String(), v)
	}
	b.WriteString("</article>\n")
	return b.String()
}

// withNotice puts at the top of the page why a refused form cannot be shown (its window closed,
// or the match ended), when one was refused.
func (h *participants) withNotice(page string, v pairView) string {
	if v.refused == nil {
		return page
	}
	return strings.Replace(page, "<h1>Your pair's page</h1>\n", "<h1>Your pair's page</h1>\n"+
		`<div class="notice notice-problem" role="alert" tabindex="-1" autofocus><p>`+escape(v.problem.message)+"</p></div>\n", 1)
}

// standing says which step of the year this is and what is due next.
func (h *participants) standing(p *participant, now time.Time) string {
	var b strings.Builder
	var current, next *program.Event
	for i := range p.cycle.Events {
		e := &p.cycle.Events[i]
		if e.StaffOnly {
			continue
		}
		w := p.cycle.Window(e.Key)
		// Of the steps under way, the one that closes first is the one to mention.
		if w.Contains(now) && (current == nil || w.Closes.Before(p.cycle.Window(current.Key).Closes)) {
			current = e
		}
		if now.Before(w.Opens) && (next == nil || w.Opens.Before(p.cycle.Window(next.Key).Opens)) {
			next = e
		}
	}
	if current != nil {
		w := p.cycle.Window(current.Key)
		fmt.Fprintf(&b, "<p>Now: <strong>%s</strong> (%s to %s). %s</p>\n", escape(current.Title), escape(h.Calendar.Day(w.Opens)),
			escape(h.Calendar.LastDay(w)), escape(current.Summary))
	}
	if next != nil {
		fmt.Fprintf(&b, "<p>Next: <strong>%s</strong>, from %s.</p>\n", escape(next.Title), escape(h.Calendar.Day(p.cycle.Window(next.Key).Opens)))
	}
	if current == nil && next == nil {
		fmt.Fprintf(&b, "<p>The program year ended on %s. Thank you for taking part.</p>\n", escape(h.Calendar.LastDay(p.cycle.Span())))
	}
	return b.String()
}

// state says where a form stands for this person, and whether it can be sent now.
func (h *participants) state(p *participant, d *forms.Definition, now time.Time) (string, bool) {
	day, lastDay := h.Calendar.Day, h.Calendar.LastDay
	by := func(e *store.Entry) string {
		if e.Role == p.role {
			return "you"
		}
		return "your " + string(e.Role)
	}
	open, late, msg := h.windowOf(p, d, now)
	if p.match.Ended {
		open, msg = false, "Closed, as the match has ended."
	}
	var sent *store.Entry
	switch d {
	case forms.GoalsForm:
		sent = p.year.LatestGoals()
	case forms.TrackerForm:
		sent = p.year.Tracker
	case forms.SurveyForm:
		sent = p.year.Surveys[p.role]
	case forms.WithdrawalForm:
		sent = p.year.Withdrawals[p.role]
	case forms.CheckInForm:
		sent = p.year.CheckIn(p.role, h.Calendar.Month(now))
	case forms.TipsForm:
		if e := p.year.TipsOff[p.role]; e != nil {
			return fmt.Sprintf("you turned the monthly tips off on %s; notes about due dates still come.", day(e.SentAt)), false
		}
	case forms.RematchForm:
		if p.rematch != nil {
			return fmt.Sprintf("you asked for a rematch on %s; the ALSC staff liaison will be in touch.", day(p.rematch.CreatedAt)), false
		}
	}
	goals := p.cycle.Window(program.Goals)
	switch {
	case sent != nil && d == forms.GoalsForm:
		s := fmt.Sprintf("sent on %s by %s", day(sent.SentAt), by(sent))
		if sent.Late {
			s += fmt.Sprintf(" (late: they were due by %s)", lastDay(goals))
		}
		if sent.Version > 1 {
			s += fmt.Sprintf("; version %d", sent.Version)
		}
		if open {
			s += ". You may send a new version; the newest is the one the office reads."
		}
		return s, open
	case sent != nil && d == forms.CheckInForm:
		return fmt.Sprintf("you answered on %s; thank you. You may answer again next month.", day(sent.SentAt)), false
	case sent != nil:
		return fmt.Sprintf("sent on %s by %s.", day(sent.SentAt), by(sent)), false
	case !open:
		return strings.ToLower(msg[:1]) + msg[1:], false
	case d == forms.GoalsForm && late:
		return fmt.Sprintf("late: goals were due by %s. Please send them as soon as you can; the office still wants them.", lastDay(goals)), true
	case d == forms.GoalsForm:
		return fmt.Sprintf("open; due by %s.", lastDay(goals)), true
	case d == forms.WithdrawalForm:
		return "if you can no longer take part, tell us here.", true
	case d == forms.RematchForm:
		return fmt.Sprintf("open until %s.", lastDay(p.cycle.Rematch())), true
	case d == forms.CheckInForm:
		return "one click a month tells the office how your year is going.", true
	case d == forms.TipsForm:
		return "each month the office sends one suggested activity and one reading, chosen for your goals.", true
	}
	w := p.cycle.Window(map[*forms.Definition]string{forms.TrackerForm: program.Tracker, forms.SurveyForm: program.Survey}[d])
	return fmt.Sprintf("open until %s.", lastDay(w)), true
}

// formIntro is the sentence above a form on the pair's page.
func (h *participants) formIntro(p *participant, d *forms.Definition) string {
	var s string
	switch d {
	case forms.GoalsForm:
		s = fmt.Sprintf("Build your goals together, with the program's seven objectives in mind; either of you may send them. "+
			"They are due by %s. Your %s gets a copy by email.", h.Calendar.LastDay(p.cycle.Window(program.Goals)), p.partnerRole())
	case forms.TrackerForm:
		s = "Look back together at the progress on each of your goals. One tracker per pair: agree the answers, then one of you sends it."
	case forms.SurveyForm:
		s = "Each of you answers the wrap-up survey separately. It concludes the program year."
	case forms.RematchForm:
		s = fmt.Sprintf("If the match is not working for you, you may ask for a rematch until %s. The working group and the staff "+
			"liaison do as much as they can; if a rematch is not possible, you may apply again next year.", h.Calendar.LastDay(p.cycle.Rematch()))
	case forms.CheckInForm:
		s = "Once a month, tell the ALSC office how it is going. Only the office reads your answer, not your " + string(p.partnerRole()) +
			"; if you need help, the staff liaison will be in touch."
	case forms.TipsForm:
		s = "The monthly tips suggest one activity and one reading chosen for your goals. You may turn them off; notes about due dates still come."
	case forms.WithdrawalForm:
		s = fmt.Sprintf("Things happen. If you can no longer take part, tell us here. Your %s is told kindly, without your reasons, "+
			"that the office will be in touch.", p.partnerRole())
	}
	return "<p>" + escape(s) + "</p>\n"
}

// prefill is what a form shows before anything is typed: the pair's current goals.
func (h *participants) prefill(p *participant, d *forms.Definition) url.Values {
	if g := p.year.LatestGoals(); d == forms.GoalsForm && g != nil {
		return forms.Values(g.Answers)
	}
	return nil
}

// goalLegends names the tracker's sections after the pair's own goals and leaves out the rest.
func goalLegends(p *participant) (map[string]string, map[string]bool) {
	legends, omit := map[string]string{}, map[string]bool{}
	var list []forms.Goal
	if g := p.year.LatestGoals(); g != nil {
		list = g.Answers.(*forms.Goals).List()
	}
	for i := 1; i <= forms.MaxGoals; i++ {
		id := "goal-" + strconv.Itoa(i)
		if i > len(list) {
			omit[id] = true
			continue
		}
		legends[id] = fmt.Sprintf("Goal %d: %s", i, list[i-1].Text)
	}
	return legends, omit
}
