package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// todoShown is how many things due the overview offers at once.
const todoShown = 2

// overview is the pair's overview: the partner, where the year stands, what is due now and
// where every form stands, each a link to its own page.
func (h *participants) overview(p *participant, sent *pairForm) overviewView {
	now := h.Now()
	me, them := p.me.Form.Applicant(), p.partner.Form.Applicant()
	v := overviewView{
		Hello: fmt.Sprintf("Hello %s. This is your page as the %s of a pair in the ALSC Mentoring Program %s; "+
			"it is yours alone, so please do not share its address.", me.Name, p.role, p.cycle.Title()),
		Partner: partnerView{Heading: "Your " + string(p.partnerRole()), Name: them.Name, Pronouns: them.Pronouns,
			Position: them.Position + ", " + them.Organisation, Email: p.partner.Email},
	}
	if sent != nil {
		v.Thanks = words(sent.thanks, "{partner}", them.Name)
	}
	mine, theirs := p.year.Withdrawals[p.role], p.year.Withdrawals[p.partnerRole()]
	switch {
	case p.match.Ended && mine == nil:
		v.Partner.Note = h.endedWords(p)
	case theirs != nil:
		v.Partner.Note = fmt.Sprintf("Your %s can no longer take part in the program. The ALSC office will be in touch with you about what comes next.", p.partnerRole())
	}
	if mine != nil {
		v.Left = fmt.Sprintf("You left the program on %s. Thank you for the time you gave it.", h.Calendar.Day(mine.SentAt))
	}
	v.Now, v.Next, v.YearOver = h.standing(p, now)
	for _, f := range pairForms {
		s := h.state(p, f, now)
		v.Forms = append(v.Forms, formLine{Title: f.title, URL: p.url(f.page()), Words: s.words})
		if s.todo && s.canSend && len(v.Todo) < todoShown {
			v.Todo = append(v.Todo, linkView{Label: f.todo, URL: p.url(f.page()), Words: strings.ToUpper(s.words[:1]) + s.words[1:]})
		}
	}
	return v
}

// standing says which step of the year this is and what comes next, or that the year is over.
func (h *participants) standing(p *participant, now time.Time) (current, next *stepView, over string) {
	var cur, nxt *program.Event
	for i := range p.cycle.Events {
		e := &p.cycle.Events[i]
		if e.StaffOnly {
			continue
		}
		w := p.cycle.Window(e.Key)
		// Of the steps under way, the one that closes first is the one to mention.
		if w.Contains(now) && (cur == nil || w.Closes.Before(p.cycle.Window(cur.Key).Closes)) {
			cur = e
		}
		if now.Before(w.Opens) && (nxt == nil || w.Opens.Before(p.cycle.Window(nxt.Key).Opens)) {
			nxt = e
		}
	}
	if cur != nil {
		w := p.cycle.Window(cur.Key)
		current = &stepView{Title: cur.Title, Days: h.Calendar.Day(w.Opens) + " to " + h.Calendar.LastDay(w)}
	}
	if nxt != nil {
		next = &stepView{Title: nxt.Title, Days: "from " + h.Calendar.Day(p.cycle.Window(nxt.Key).Opens)}
	}
	if cur == nil && nxt == nil {
		over = fmt.Sprintf("The program year ended on %s. Thank you for taking part.", h.Calendar.LastDay(p.cycle.Span()))
	}
	return current, next, over
}

// formRefusal is a refused form to show again on its page: its answers and the problem.
type formRefusal struct {
	problem problem
	values  url.Values
}

// formView is the page of form f for this person: what it is for, where it stands, what was
// sent, and the form itself while it can be sent (with a refused submission's answers and
// messages, when given).
func (h *participants) formView(p *participant, f *pairForm, refused *formRefusal, query url.Values) formPageView {
	now := h.Now()
	s := h.state(p, f, now)
	v := formPageView{Name: f.Name, Title: f.title, Back: p.url(forms.PairPath), Intro: h.intro(p, f),
		Closed: s.closed, Irreversible: f.irreversible(), Explain: f.explain}
	if s.sent != nil {
		if sv := h.sentView(p, f, s.sent); len(sv.Sections) > 0 {
			v.Sent = sv
		}
	}
	if !s.blurb && (v.Sent == nil || s.canSend) {
		v.State = strings.ToUpper(s.words[:1]) + s.words[1:]
	}
	if !s.canSend {
		if refused != nil {
			v.Problem = refused.problem.message
		}
		return v
	}
	view := forms.View{Values: h.prefill(p, f, query)}
	if refused != nil {
		view = forms.View{Values: refused.values, Errors: refused.problem.fields, Message: refused.problem.message}
	}
	view.IDPrefix, view.Thanks, view.Action = f.Name+"-", p.url(forms.PairPath+"?sent="+f.Name+"#sent"), p.url(f.Action)
	if f.irreversible() {
		view.Action = p.url(f.page())
	}
	if f.Definition == forms.TrackerForm {
		view.Legends, view.Omit = goalLegends(p)
	}
	v.Form = f.HTML(view)
	if v.Sent != nil {
		v.Again, v.Refused = f.againWords, refused != nil
	}
	return v
}

// formPage answers GET of a form's page.
func (h *participants) formPage(w http.ResponseWriter, r *http.Request, f *pairForm) outcome {
	p, err := h.signedIn(r)
	if err != nil {
		return h.unknownLink(w, r, err)
	}
	h.writeFormPage(w, r, http.StatusOK, p, f, nil)
	return outcome{name: "form_page", status: http.StatusOK, role: p.role, cycle: p.cycle.ID}
}

// writeFormPage writes the page of form f, with a refused submission when given.
func (h *participants) writeFormPage(w http.ResponseWriter, r *http.Request, status int, p *participant, f *pairForm, refused *formRefusal) {
	title := f.title
	if refused != nil {
		title = cmp.Or(titles[status], title)
	}
	// The script sends a form as JSON and acts at once, so a step that asks first goes without it.
	h.component(w, r, status, title, formPage(h.formView(p, f, refused, r.URL.Query())), !f.irreversible())
}

// check answers the first submit of a form whose step cannot be undone: its answers checked
// and, when they are fine, the question whose button acts. Nothing is stored.
func (h *participants) check(w http.ResponseWriter, r *http.Request, f *pairForm) outcome {
	p, err := h.signedIn(r)
	if err != nil {
		return h.unknownLink(w, r, err)
	}
	sub, err := forms.DecodeAs(r, f.Definition)
	var fe *forms.Error
	switch {
	case errors.As(err, &fe):
		pr := refusal(fe)
		h.writeFormPage(w, r, pr.status, p, f, &formRefusal{problem: pr, values: valuesOf(sub)})
		return outcome{name: "refused", status: pr.status, role: p.role, cycle: p.cycle.ID}
	case err != nil:
		return h.fault(w, r, err)
	}
	if s := h.state(p, f, h.Now()); !s.canSend {
		h.writeFormPage(w, r, http.StatusForbidden, p, f, &formRefusal{problem: problem{status: http.StatusForbidden, message: cmp.Or(s.closed, s.words)}})
		return outcome{name: "refused", status: http.StatusForbidden, role: p.role, cycle: p.cycle.ID}
	}
	head, rest, _ := strings.Cut(words(f.confirm, "{partner}", p.partner.Form.Applicant().Name), "? ")
	v := confirmView{Title: head + "?", Question: rest, Yes: f.yes, Action: p.url(f.Action), Back: p.url(forms.PairPath)}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range sub.Values {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		for _, value := range sub.Values[name] {
			v.Hidden = append(v.Hidden, hiddenField{Name: name, Value: value})
		}
	}
	h.component(w, r, http.StatusOK, v.Title, confirmPage(v), false)
	return outcome{name: "confirm", status: http.StatusOK, role: p.role, cycle: p.cycle.ID}
}

// sentView is what was sent of f: when and by whom, and each answer as the form asks it (none
// for leaving and the tips, whose sending is all there is to say).
func (h *participants) sentView(p *participant, f *pairForm, e *store.Entry) *sentView {
	v := &sentView{Heading: fmt.Sprintf("What was sent on %s by %s", h.Calendar.Day(e.SentAt), sentBy(p, e))}
	if f.Definition == forms.WithdrawalForm || f.Definition == forms.TipsForm {
		return v
	}
	values := forms.Values(e.Answers)
	var legends map[string]string
	var omit map[string]bool
	if f.Definition == forms.TrackerForm {
		legends, omit = goalLegends(p)
	}
	for _, sec := range f.Spec().Sections {
		if omit[sec.ID] {
			continue
		}
		out := answerSection{Legend: cmp.Or(legends[sec.ID], sec.Legend)}
		for _, field := range sec.Fields {
			if answer := answerWords(field, values[field.Name]); answer != "" {
				out.Items = append(out.Items, answerItem{Label: strings.TrimSuffix(field.Label, " (optional)"), Value: answer})
			}
		}
		if len(out.Items) > 0 {
			v.Sections = append(v.Sections, out)
		}
	}
	return v
}

// answerWords is an answer as a person reads it: the labels of the options chosen, or the text.
func answerWords(f forms.SpecField, values []string) string {
	var out []string
	for _, value := range values {
		if value == "" {
			continue
		}
		label := value
		for _, o := range f.Options {
			if o.Value == value {
				label = o.Label
			}
		}
		if f.Kind == "checkbox" && len(f.Options) == 0 {
			label = "Yes"
		}
		out = append(out, label)
	}
	return strings.Join(out, ", ")
}

// prefill is what a form shows before anything is typed: the pair's current goals, or the
// check-in's answer chosen in an email (?how=, a one-click answer: the page's button sends it).
func (h *participants) prefill(p *participant, f *pairForm, query url.Values) url.Values {
	switch g := p.year.LatestGoals(); {
	case f.Definition == forms.GoalsForm && g != nil:
		return forms.Values(g.Answers)
	case f.Definition == forms.ContactForm: // the page's button is the one click
		return forms.Values(&forms.InTouch{InTouch: true})
	case f.Definition == forms.TrackerForm && len(p.year.Contacts) > 0: // from the days recorded; the pair may correct it
		return url.Values{"contact": {string(contactFrequency(len(p.year.Contacts), p.match.CreatedAt, h.Now()))}}
	case f.Definition == forms.CheckInForm && slices.ContainsFunc(forms.Lists["how_going"], func(o forms.Option) bool { return o.Value == query.Get("how") }):
		return forms.Values(&forms.CheckIn{HowGoing: forms.HowGoing(query.Get("how"))})
	}
	return nil
}

// contactFrequency is the tracker's answer to "how often have you been in touch?" that n
// recorded contacts between the match and now make.
func contactFrequency(n int, matched, now time.Time) forms.ContactFrequency {
	perMonth := float64(n) / max(now.Sub(matched).Hours()/24/30.44, 1)
	switch {
	case perMonth >= 4:
		return forms.ContactWeekly
	case perMonth >= 2:
		return forms.ContactTwiceMonthly
	case perMonth >= 1:
		return forms.ContactMonthly
	}
	return forms.ContactLess
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
