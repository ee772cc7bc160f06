package remind

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/content"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Reminder sends what is due.
type Reminder struct {
	Store    *store.Store
	Calendar *program.Calendar
	Mail     notify.Sender
	SiteURL  string   // where links in emails point, e.g. https://mentoring.ala.org
	Staff    []string // the staff digest's addresses: the staff liaison and the working group
	Log      *slog.Logger

	claims store.Claims // this process's claims, for as long as it runs
}

// Event is what the schedule (or a person) sends the function; an empty Now means the time of
// the run.
type Event struct {
	Now time.Time `json:"now,omitzero"`
}

// Result says what a run did.
type Result struct {
	Day  string         `json:"day"`
	Due  []string       `json:"due,omitempty"`
	Sent map[string]int `json:"sent,omitempty"` // message → how many went in this run
}

// texts are the email texts of the scheduled messages, by message (tips and digest by prefix).
var texts = map[string]*notify.Text{
	GoalsWeek: notify.MustLoad("goals-soon"), GoalsDay: notify.MustLoad("goals-soon"), GoalsLate: notify.MustLoad("goals-late"),
	TrackerOpen: notify.MustLoad("tracker-open"), TrackerClosing: notify.MustLoad("tracker-closing"),
	SurveyOpen: notify.MustLoad("survey-open"), SurveyClosing: notify.MustLoad("survey-closing"),
	TipsPrefix: notify.MustLoad("tips"), DigestPrefix: notify.MustLoad("staff-digest"),
}

// Run sends every message due on the calendar day of now that has not gone yet, and every email
// still owed after outbox.Grace (package outbox). It goes on past
// a failed message and returns the failures together at the end, so that a retry sends what is
// left and nothing twice.
func (r *Reminder) Run(ctx context.Context, now time.Time) (*Result, error) {
	res := &Result{Day: r.Calendar.Day(now), Sent: map[string]int{}}
	due := DueOn(r.Calendar, now)
	var errs []error
	for _, d := range due {
		res.Due = append(res.Due, d.Message)
	}
	byCycle := map[*program.Cycle][]string{}
	var order []*program.Cycle
	for _, d := range due {
		if byCycle[d.Cycle] == nil {
			order = append(order, d.Cycle)
		}
		byCycle[d.Cycle] = append(byCycle[d.Cycle], d.Message)
	}
	// Every cycle whose pairs are at work is read, for the nudges that follow each pair's own
	// clock rather than the calendar's dates.
	for i := range r.Calendar.Cycles {
		cy := &r.Calendar.Cycles[i]
		if byCycle[cy] == nil && !now.Before(cy.Window(program.ProgramStart).Opens) && now.Before(cy.Span().Closes) {
			order = append(order, cy)
		}
	}
	for _, cy := range order {
		c, err := r.load(ctx, cy, now)
		if err != nil {
			return res, err
		}
		n, err := r.nudges(ctx, c)
		if n > 0 {
			res.Sent[FirstContact] += n
		}
		if err != nil {
			errs = append(errs, err)
		}
		for _, msg := range byCycle[cy] {
			n, err := r.send(ctx, c, msg)
			res.Sent[msg] += n
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	sender := &outbox.Sender{Store: r.Store, Mail: r.Mail, Links: r.links(now).ForRecipients(r.Calendar), Log: r.Log, Now: func() time.Time { return now }}
	n, err := sender.Sweep(ctx, now.Add(-outbox.Grace))
	if n > 0 {
		res.Sent[Owed] = n
	}
	if err != nil {
		errs = append(errs, err)
	}
	return res, errors.Join(errs...)
}

// Owed counts, in a Result, the owed emails a run sent because the stream's sender had not
// (package outbox).
const Owed = "owed-emails"

// cohort is a cycle's state as a run reads it once.
type cohort struct {
	cycle   *program.Cycle
	now     time.Time
	life    *lifecycle.Cycle // where each person stands
	pairs   []*pair
	markers map[string]*store.Sent // by message and person (see went)
}

// pair is one current match with its people and what it has sent.
type pair struct {
	match *store.Match
	apps  map[forms.Role]*store.Application
	year  *store.Year
	life  *lifecycle.Cycle
}

// name is how a person is addressed.
func (p *pair) name(role forms.Role) string { return p.apps[role].Form.Applicant().Name }

// withdrawn reports whether the person has left the program.
func (p *pair) withdrawn(role forms.Role) bool {
	return p.life.Person(p.apps[role].ID) == lifecycle.Withdrawn
}

// partner is the other role of a pair.
func partner(role forms.Role) forms.Role {
	if role == forms.RoleMentor {
		return forms.RoleMentee
	}
	return forms.RoleMentor
}

func (r *Reminder) load(ctx context.Context, cy *program.Cycle, now time.Time) (*cohort, error) {
	c := &cohort{cycle: cy, now: now, markers: map[string]*store.Sent{}}
	matches, err := r.Store.Matches(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	apps := map[forms.Role]map[string]*store.Application{}
	c.life = &lifecycle.Cycle{Cycle: cy, Now: now, Apps: map[string]*store.Application{}, Matches: matches}
	for _, role := range forms.Roles {
		list, err := r.Store.Applications(ctx, cy.ID, role)
		if err != nil {
			return nil, err
		}
		apps[role] = map[string]*store.Application{}
		for _, a := range list {
			apps[role][a.ID], c.life.Apps[a.ID] = a, a
		}
	}
	years, err := r.Store.Years(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range matches {
		if m.Ended {
			continue
		}
		p := &pair{match: m, year: years[m.Key()], life: c.life,
			apps: map[forms.Role]*store.Application{forms.RoleMentor: apps[forms.RoleMentor][m.Mentor], forms.RoleMentee: apps[forms.RoleMentee][m.Mentee]}}
		if p.apps[forms.RoleMentor] == nil || p.apps[forms.RoleMentee] == nil {
			return nil, fmt.Errorf("remind: match %s: an application is missing", m.Key())
		}
		if p.year == nil {
			p.year = store.NewYear()
		}
		c.pairs = append(c.pairs, p)
	}
	markers, err := r.Store.SentMessages(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range markers {
		if !r.claims.Unsent(m) { // a claim of this process's whose message did not go is claimed again
			c.markers[went(m)] = m
		}
	}
	return c, nil
}

// recipient is one person a message goes to, with every current pair of theirs it concerns.
type recipient struct {
	role  forms.Role
	app   *store.Application
	pairs []*pair
}

// send sends one due message to everyone it is for, once per person, and says how many went: a
// mentor of several pairs gets one message naming every pair it concerns, and tips chosen for
// all of their pairs' goals.
func (r *Reminder) send(ctx context.Context, c *cohort, msg string) (int, error) {
	if strings.HasPrefix(msg, DigestPrefix) {
		return r.digest(ctx, c, msg)
	}
	var people []*recipient
	byID := map[string]*recipient{}
	for _, p := range c.pairs {
		if p.withdrawn(forms.RoleMentor) || p.withdrawn(forms.RoleMentee) {
			// The pair has parted; the one who stays hears from the office, and still gets the survey.
			if msg != SurveyOpen && msg != SurveyClosing {
				continue
			}
		}
		for _, role := range forms.Roles {
			if p.withdrawn(role) || !wants(p, role, msg) {
				continue
			}
			id := p.apps[role].ID
			if byID[id] == nil {
				byID[id] = &recipient{role: role, app: p.apps[role]}
				people = append(people, byID[id])
			}
			byID[id].pairs = append(byID[id].pairs, p)
		}
	}
	sent := 0
	var errs []error
	for _, who := range people {
		ok, err := r.sendTo(ctx, c, who, msg)
		if ok {
			sent++
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return sent, errors.Join(errs...)
}

// partnerRole is how a person's partners are named: "mentee", or "mentees" for several.
func (w *recipient) partnerRole() string {
	if len(w.pairs) > 1 {
		return string(partner(w.role)) + "s"
	}
	return string(partner(w.role))
}

// pairsWith names the person's pairs: "your pair with your mentee Jordan Avery", "your pairs
// with your mentees Jordan Avery, Sam Fischer and Kai Moreno".
func (w *recipient) pairsWith() string {
	names := make([]string, len(w.pairs))
	for i, p := range w.pairs {
		names[i] = p.name(partner(w.role))
	}
	list := names[0]
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	pairs := "your pair"
	if len(w.pairs) > 1 {
		pairs = "your pairs"
	}
	return pairs + " with your " + w.partnerRole() + " " + list
}

// whose begins a subject: "Your pair's", or "Your pairs'" for several.
func (w *recipient) whose() string {
	if len(w.pairs) > 1 {
		return "Your pairs'"
	}
	return "Your pair's"
}

// objectives are the objectives the pair's latest goals serve.
func (p *pair) objectives() []string {
	var out []string
	if g := p.year.LatestGoals(); g != nil {
		for _, goal := range g.Answers.(*forms.Goals).List() {
			out = append(out, goal.Objectives...)
		}
	}
	return out
}

// wants reports whether the message is for this person of the pair.
func wants(p *pair, role forms.Role, msg string) bool {
	switch msg {
	case GoalsWeek, GoalsDay, GoalsLate:
		return len(p.year.Goals) == 0
	case TrackerOpen, TrackerClosing:
		return p.year.Tracker == nil
	case SurveyOpen, SurveyClosing:
		return p.year.Surveys[role] == nil
	}
	return strings.HasPrefix(msg, TipsPrefix) && p.year.TipsOff[role] == nil
}

// sendTo renders the message for one person and sends it unless it went already.
func (r *Reminder) sendTo(ctx context.Context, c *cohort, who *recipient, msg string) (bool, error) {
	cal, cy := r.Calendar, c.cycle
	m := &store.Sent{Cycle: cy.ID, Message: msg, Person: who.app.ID, ClaimedAt: c.now.UTC(), Expires: cy.Expiry()}
	if c.markers[went(m)] != nil {
		return false, nil
	}
	link, err := who.link(ctx, r.links(c.now), cy, "")
	if err != nil {
		return false, err
	}
	data := map[string]string{
		"Name": who.app.Form.Applicant().Name, "PartnerRole": who.partnerRole(), "Pairs": who.pairsWith(), "Whose": who.whose(),
		"Cycle": cy.Title(), "LinkURL": link,
	}
	text, blocks := texts[msg], markdown.Blocks{}
	switch msg {
	case GoalsWeek, GoalsDay, GoalsLate:
		goals := cy.Window(program.Goals)
		data["Due"] = cal.LastDay(goals)
		data["When"] = "in a week, by " + cal.LastDay(goals)
		if msg == GoalsDay {
			data["When"] = "tomorrow, " + cal.LastDay(goals)
		}
	case TrackerOpen, TrackerClosing:
		data["Closes"] = cal.LastDay(cy.Window(program.Tracker))
	case SurveyOpen, SurveyClosing:
		data["Closes"] = cal.LastDay(cy.Window(program.Survey))
	default:
		text = texts[TipsPrefix]
		month, err := tipsMonth(cal, msg)
		if err != nil {
			return false, err
		}
		var objectives []string
		for _, p := range who.pairs {
			objectives = append(objectives, p.objectives()...)
		}
		activity, resource := chooseTip(m.Person, objectives, c.markers)
		m.Activity, m.Resource = activity.Key, resource.Text
		data["Month"] = month
		data["Activity"], data["ActivityURL"] = activity.Title, r.SiteURL+"/activities/"+activity.Key+"/"
		blocks["Resource"] = markdown.Paragraph(markdown.Link(resource.Text, resource.URL))
		data["ActivitiesURL"], data["ResourcesURL"] = r.SiteURL+"/activities/", r.SiteURL+"/resources/"
		// One click tells the office how it is going: the link opens the check-in with the answer
		// chosen, and the person's button sends it (a link alone records nothing).
		for key, how := range map[string]forms.HowGoing{"FineURL": forms.HowFine, "BetterURL": forms.HowCouldBeBetter, "HelpURL": forms.HowNeedHelp} {
			if data[key], err = who.link(ctx, r.links(c.now), cy, CheckInPage+"?how="+string(how)); err != nil {
				return false, err
			}
		}
	}
	out, err := text.Render(who.app.Email, data, blocks)
	if err != nil {
		return false, err
	}
	return r.deliver(ctx, c, m, out)
}

// CheckInPage is the page of the monthly check-in, which a tips email's one-click answers open.
var CheckInPage = forms.PairPath + "/" + forms.CheckInForm.Name

// links makes the personal links of the run's emails.
func (r *Reminder) links(now time.Time) *links.Maker {
	return &links.Maker{Store: r.Store, SiteURL: r.SiteURL, Now: func() time.Time { return now }}
}

// link is a new personal link for the person that opens page (forms.PairPath when ""), naming
// the pair when the person has just one, so that a mentor of several chooses among them.
func (w *recipient) link(ctx context.Context, m *links.Maker, cy *program.Cycle, page string) (string, error) {
	if page == "" {
		page = forms.PairPath
	}
	if len(w.pairs) == 1 {
		sep := "?"
		if strings.Contains(page, "?") {
			sep = "&"
		}
		page += sep + "with=" + w.pairs[0].apps[partner(w.role)].ID
	}
	return m.Link(ctx, store.Person{Cycle: cy.ID, Role: w.role, ID: w.app.ID}, cy.LinksEnd(), page)
}

// went is a marker's place in a cohort: its message and person. A message goes once a person;
// markers written when a pair's messages went once a pair (with the pair in their key) count for
// the person too.
// A message that goes once a pair, such as FirstContact, names the pair too.
func went(m *store.Sent) string {
	if m.Message == FirstContact {
		return m.Message + " " + m.Person + " " + m.Match
	}
	return m.Message + " " + m.Person
}

// deliver claims the marker, sends, and confirms (see the package documentation for what a
// failure at each step does).
func (r *Reminder) deliver(ctx context.Context, c *cohort, m *store.Sent, out notify.Message) (bool, error) {
	if _, err := r.claims.Claim(ctx, r.Store, m); errors.Is(err, store.ErrSentExists) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	c.markers[went(m)] = m
	if err := r.Mail.Send(ctx, out); err != nil {
		if rerr := r.claims.Release(context.WithoutCancel(ctx), r.Store, m); rerr != nil {
			return false, errors.Join(err, rerr)
		}
		delete(c.markers, went(m))
		return false, fmt.Errorf("remind: %s to %s: %w", m.Message, m.Person, err)
	}
	if err := r.Store.ConfirmSent(ctx, m); err != nil {
		r.Log.Error("remind: sent but not confirmed", "message", m.Message, "person", m.Person, "error", err)
		return true, err
	}
	return true, nil
}

// chooseTip picks the month's activity and resource for a person: the first activity, in the
// site's order, that serves one of the objectives and was not suggested to them before (then any
// not suggested before), and the first resource not suggested before (when all have been, they
// start again).
func chooseTip(person string, objectives []string, markers map[string]*store.Sent) (content.Entry, content.Resource) {
	seenActivity, seenResource := map[string]bool{}, map[string]bool{}
	for _, m := range markers {
		if m.Person == person && strings.HasPrefix(m.Message, TipsPrefix) {
			seenActivity[m.Activity], seenResource[m.Resource] = true, true
		}
	}
	activities, resources := content.Activities(), content.Resources()
	serves := func(a content.Entry) bool {
		return slices.ContainsFunc(a.Objectives, func(o string) bool { return slices.Contains(objectives, o) })
	}
	order := slices.Concat(
		slices.DeleteFunc(slices.Clone(activities), func(a content.Entry) bool { return !serves(a) }),
		slices.DeleteFunc(slices.Clone(activities), serves))
	activity := order[len(seenActivity)%len(order)]
	for _, a := range order {
		if !seenActivity[a.Key] {
			activity = a
			break
		}
	}
	resource := resources[len(seenResource)%len(resources)]
	for _, res := range resources {
		if !seenResource[res.Text] {
			resource = res
			break
		}
	}
	return activity, resource
}
