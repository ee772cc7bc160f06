// Package matching runs the matcher's modes against the store for staff: propose (an optimal
// set of pairs to review), commit (store the reviewed proposal's matches, issue personal links,
// send the match emails) and rematch. Every mode is safe to run again, and a lock keeps two runs
// of one cycle apart.
package matching

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The modes staff invoke.
const (
	Review  = "review" // list the cycle's applications and rematch requests; record decisions
	Propose = "propose"
	Commit  = "commit"
	Rematch = "rematch"
)

// Event is what staff (or the schedule) send the matcher.
type Event struct {
	Cycle     string          `json:"cycle"`
	Mode      string          `json:"mode"`
	Objective match.Objective `json:"objective,omitempty"`
	Exclude   []string        `json:"exclude,omitempty"`  // application ids staff declined
	Pin       [][2]string     `json:"pin,omitempty"`      // [mentor id, mentee id] fixed by staff
	Proposal  string          `json:"proposal,omitempty"` // the proposal to commit
	// Review decisions: application ids, and rematch requests as "<match>#<role>" keys.
	Accept         []string `json:"accept,omitempty"`
	Decline        []string `json:"decline,omitempty"`
	AcceptRematch  []string `json:"accept_rematch,omitempty"`
	DeclineRematch []string `json:"decline_rematch,omitempty"`
}

// Result is what a run reports back to staff.
type Result struct {
	Mode     string             `json:"mode"`
	Cycle    string             `json:"cycle"`
	Proposal string             `json:"proposal,omitempty"`
	Summary  *proposal.Summary  `json:"summary,omitempty"`
	Review   *proposal.Proposal `json:"review,omitempty"` // staff only: pairs, scores, reasons
	People   map[string]string  `json:"people,omitempty"` // application id → name, for reading Review
	Matches  int                `json:"matches,omitempty"`
	New      int                `json:"new_matches,omitempty"`
	Emails   int                `json:"emails_sent,omitempty"`
	Ends     []string           `json:"ends,omitempty"` // matches a rematch ends
	// Review: every application and rematch request of the cycle, for staff.
	Applications []Entry        `json:"applications,omitempty"`
	Requests     []RequestEntry `json:"rematch_requests,omitempty"`
}

// RequestEntry is one rematch request as staff review it; Key is what accept_rematch takes.
type RequestEntry struct {
	Key     string              `json:"key"`
	Mentor  string              `json:"mentor"`
	Mentee  string              `json:"mentee"`
	From    forms.Role          `json:"from"`
	Reason  string              `json:"reason"`
	Status  store.RematchStatus `json:"status"`
	Created time.Time           `json:"created"`
}

// Entry is one application as staff review it, confidential answers included.
type Entry struct {
	ID        string       `json:"id"`
	Role      forms.Role   `json:"role"`
	Email     string       `json:"email"`
	Status    store.Status `json:"status"`
	Submitted time.Time    `json:"submitted"`
	Answers   forms.Form   `json:"answers"`
}

// ErrInput marks a request staff must correct; the message says how.
var ErrInput = errors.New("matcher")

// Runner carries what every mode needs.
type Runner struct {
	Store    *store.Store
	Calendar *program.Calendar
	Weights  scoring.Weights
	Mail     notify.Sender
	SiteURL  string // where personal links point, e.g. https://mentoring.ala.org
	Log      *slog.Logger
	Now      func() time.Time
}

var introduction = notify.MustLoad("match-introduction")

// Run carries out one event under the cycle's lock.
func (r *Runner) Run(ctx context.Context, ev Event) (*Result, error) {
	cy, ok := r.Calendar.Cycle(ev.Cycle)
	if !ok {
		return nil, fmt.Errorf("%w: no cycle %q in the calendar", ErrInput, ev.Cycle)
	}
	switch ev.Objective {
	case "", match.Coverage, match.Quality:
	default:
		return nil, fmt.Errorf("%w: objective must be %q or %q", ErrInput, match.Coverage, match.Quality)
	}
	owner := randomHex(8)
	now := r.Now()
	if err := r.Store.Lock(ctx, "matcher#"+cy.ID, owner, now, now.Add(15*time.Minute)); err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, fmt.Errorf("%w: another matcher run for %s is in progress; try again when it ends", ErrInput, cy.ID)
		}
		return nil, err
	}
	defer r.Store.Unlock(context.WithoutCancel(ctx), "matcher#"+cy.ID, owner)

	switch ev.Mode {
	case Review:
		return r.review(ctx, cy, ev)
	case Propose, Rematch:
		return r.propose(ctx, cy, ev)
	case Commit:
		return r.commit(ctx, cy, ev)
	}
	return nil, fmt.Errorf("%w: mode must be %q, %q, %q or %q", ErrInput, Review, Propose, Commit, Rematch)
}

// review records staff's decisions, all checked before any is stored, then lists the cycle's
// applications and rematch requests as they now stand.
func (r *Runner) review(ctx context.Context, cy *program.Cycle, ev Event) (*Result, error) {
	list, apps, err := r.applications(ctx, cy)
	if err != nil {
		return nil, err
	}
	requests, err := r.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*store.RematchRequest{}
	for _, q := range requests {
		byKey[reviewKey(q)] = q
	}
	var unknown []string
	for _, id := range slices.Concat(ev.Accept, ev.Decline) {
		if apps[id] == nil {
			unknown = append(unknown, id)
		}
	}
	for _, k := range slices.Concat(ev.AcceptRematch, ev.DeclineRematch) {
		if byKey[k] == nil {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%w: no application or rematch request %v in %s; nothing was changed", ErrInput, unknown, cy.ID)
	}
	for _, d := range []struct {
		ids    []string
		status store.Status
	}{{ev.Accept, store.StatusAccepted}, {ev.Decline, store.StatusDeclined}} {
		for _, id := range d.ids {
			a := apps[id]
			if err := r.Store.SetStatus(ctx, cy.ID, a.Role, a.Email, d.status); err != nil {
				return nil, err
			}
			a.Status = d.status
		}
	}
	for _, d := range []struct {
		keys   []string
		status store.RematchStatus
	}{{ev.AcceptRematch, store.RematchAccepted}, {ev.DeclineRematch, store.RematchDeclined}} {
		for _, k := range d.keys {
			if err := r.Store.SetRematchStatus(ctx, byKey[k], d.status); err != nil {
				return nil, err
			}
		}
	}
	res := &Result{Mode: Review, Cycle: cy.ID}
	for _, q := range requests {
		res.Requests = append(res.Requests, RequestEntry{Key: reviewKey(q), Mentee: q.Mentee(), Mentor: q.Mentor(),
			From: q.Role, Reason: q.Reason, Status: q.Status, Created: q.CreatedAt})
	}
	for _, a := range list {
		res.Applications = append(res.Applications, Entry{ID: a.ID, Role: a.Role, Email: a.Email, Status: a.Status,
			Submitted: a.SubmittedAt, Answers: a.Form})
	}
	r.Log.Info("review", "cycle", cy.ID, "accepted", len(ev.Accept), "declined", len(ev.Decline),
		"rematch_accepted", len(ev.AcceptRematch), "rematch_declined", len(ev.DeclineRematch))
	return res, nil
}

// reviewKey names a rematch request for staff: "<mentee id>#<mentor id>#<role asking>".
func reviewKey(q *store.RematchRequest) string {
	return q.Mentee() + "#" + q.Mentor() + "#" + string(q.Role)
}

// applications reads the cycle's applications in both roles, mentors first, each role in order
// of submission, and also by id.
func (r *Runner) applications(ctx context.Context, cy *program.Cycle) ([]*store.Application, map[string]*store.Application, error) {
	var list []*store.Application
	byID := map[string]*store.Application{}
	for _, role := range []forms.Role{forms.RoleMentor, forms.RoleMentee} {
		apps, err := r.Store.Applications(ctx, cy.ID, role)
		if err != nil {
			return nil, nil, err
		}
		sort.SliceStable(apps, func(i, j int) bool { return apps[i].SubmittedAt.Before(apps[j].SubmittedAt) })
		for _, a := range apps {
			byID[a.ID] = a
		}
		list = append(list, apps...)
	}
	return list, byID, nil
}

// pool is what a proposal is built from: the accepted applications of people still to pair,
// mentors' remaining room, partners people must not be given again, and a version of every item
// read, so that commit can tell whether anything changed since.
type pool struct {
	apps     map[string]*store.Application
	mentors  []proposal.Mentor
	mentees  []*scoring.Person
	ends     []*store.Match          // matches a rematch ends
	requests []*store.RematchRequest // the accepted requests it answers
	inputs   map[string]string
}

func (r *Runner) pool(ctx context.Context, cy *program.Cycle, mode string, exclude []string) (*pool, error) {
	list, apps, err := r.applications(ctx, cy)
	if err != nil {
		return nil, err
	}
	p := &pool{apps: apps, inputs: map[string]string{}}
	var accepted []*store.Application
	for _, a := range list {
		if a.Status != store.StatusAccepted || slices.Contains(exclude, a.ID) {
			continue
		}
		if m, ok := a.Form.(*forms.Mentor); ok && m.ALSCMember != forms.Yes {
			continue
		}
		p.inputs[a.ID] = a.Hash + ":" + string(a.Status)
		accepted = append(accepted, a)
	}
	requests, err := r.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	ending := map[string]bool{}
	for _, q := range requests {
		if mode == Rematch && q.Status == store.RematchAccepted {
			p.requests = append(p.requests, q)
			p.inputs[q.Key()] = string(q.Status)
			ending[q.Match] = true
		}
	}
	matches, err := r.Store.Matches(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	busy := map[string]int{} // active matches per application
	left := map[string][]string{}
	for _, m := range matches {
		state := "active"
		switch {
		case m.Ended:
			state = "ended"
		case ending[m.Key()]:
			state = "ending"
			p.ends = append(p.ends, m)
		default:
			busy[m.Mentor]++
			busy[m.Mentee]++
		}
		p.inputs[m.Key()] = state
		if state != "active" {
			if mentor, mentee := p.apps[m.Mentor], p.apps[m.Mentee]; mentor != nil && mentee != nil {
				left[m.Mentor] = append(left[m.Mentor], store.EmailKey(mentee.Email))
				left[m.Mentee] = append(left[m.Mentee], store.EmailKey(mentor.Email))
			}
		}
	}
	for _, a := range accepted {
		who := person(a)
		who.Left = left[a.ID]
		switch f := a.Form.(type) {
		case *forms.Mentor:
			if room := f.Capacity - busy[a.ID]; room > 0 {
				p.mentors = append(p.mentors, proposal.Mentor{Person: who, Capacity: room})
			}
		case *forms.Mentee:
			if busy[a.ID] == 0 {
				p.mentees = append(p.mentees, who)
			}
		}
	}
	return p, nil
}

func (r *Runner) propose(ctx context.Context, cy *program.Cycle, ev Event) (*Result, error) {
	if ev.Proposal != "" {
		return nil, fmt.Errorf("%w: %s makes a new proposal; to commit proposal %s, use mode %q", ErrInput, ev.Mode, ev.Proposal, Commit)
	}
	p, err := r.pool(ctx, cy, ev.Mode, ev.Exclude)
	if err != nil {
		return nil, err
	}
	if ev.Mode == Rematch && len(p.requests) == 0 {
		return nil, fmt.Errorf("%w: no accepted rematch requests for %s", ErrInput, cy.ID)
	}
	prop, err := proposal.Build(proposal.Input{Objective: ev.Objective, Weights: r.Weights, Pins: ev.Pin,
		Mentors: p.mentors, Mentees: p.mentees})
	if errors.Is(err, proposal.ErrPin) {
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(prop)
	if err != nil {
		return nil, err
	}
	rec := &store.Proposal{ID: proposalID(ev, r.Weights, p.inputs), Cycle: cy.ID, Mode: ev.Mode, Exclude: ev.Exclude,
		Inputs: p.inputs, Body: body, CreatedAt: r.Now().UTC(), Expires: cy.Expiry()}
	for _, m := range p.ends {
		rec.Ends = append(rec.Ends, m.Key())
	}
	for _, q := range p.requests {
		rec.Requests = append(rec.Requests, q.Key())
	}
	if err := r.Store.PutProposal(ctx, rec); err != nil {
		return nil, err
	}
	people := map[string]string{}
	for _, m := range p.mentors {
		people[m.ID] = p.apps[m.ID].Form.Applicant().Name
	}
	for _, e := range p.mentees {
		people[e.ID] = p.apps[e.ID].Form.Applicant().Name
	}
	r.Log.Info("proposal stored", "cycle", cy.ID, "mode", ev.Mode, "proposal", rec.ID, "pairs", prop.Summary.Pairs, "unpaired", prop.Summary.Unpaired)
	return &Result{Mode: ev.Mode, Cycle: cy.ID, Proposal: rec.ID, Summary: &prop.Summary, Review: prop, People: people, Ends: rec.Ends}, nil
}

// proposalID derives a proposal's id from everything it was built from, so proposing again on
// unchanged data finds the same proposal.
func proposalID(ev Event, w scoring.Weights, inputs map[string]string) string {
	keys := make([]string, 0, len(inputs))
	for k := range inputs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	json.NewEncoder(h).Encode([]any{ev.Mode, ev.Objective, ev.Exclude, ev.Pin, w})
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\n", k, inputs[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (r *Runner) commit(ctx context.Context, cy *program.Cycle, ev Event) (*Result, error) {
	if ev.Proposal == "" {
		return nil, fmt.Errorf("%w: commit needs the id of the proposal staff reviewed (\"proposal\")", ErrInput)
	}
	stored, err := r.Store.ProposalByID(ctx, cy.ID, ev.Proposal)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: no proposal %q for %s; run propose first", ErrInput, ev.Proposal, cy.ID)
	}
	if err != nil {
		return nil, err
	}
	var prop proposal.Proposal
	if err := json.Unmarshal(stored.Body, &prop); err != nil {
		return nil, fmt.Errorf("matcher: stored proposal %s: %w", ev.Proposal, err)
	}
	matches, err := r.Store.Matches(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	ours := func(k string) bool { // what this proposal's own commit changes, should it run again
		return slices.Contains(stored.Ends, k) || slices.Contains(stored.Requests, k) ||
			slices.ContainsFunc(matches, func(m *store.Match) bool { return m.Key() == k && m.Proposal == stored.ID })
	}
	now, err := r.pool(ctx, cy, stored.Mode, stored.Exclude)
	if err != nil {
		return nil, err
	}
	if changed := differences(stored.Inputs, now.inputs, ours); len(changed) > 0 {
		return nil, fmt.Errorf("%w: changed since proposal %s was made: %v; run %s again and review the new proposal",
			ErrInput, ev.Proposal, changed, stored.Mode)
	}
	apps := now.apps
	res := &Result{Mode: Commit, Cycle: cy.ID, Proposal: ev.Proposal, Ends: stored.Ends}
	for _, m := range matches {
		if slices.Contains(stored.Ends, m.Key()) && !m.Ended {
			if err := r.Store.EndMatch(ctx, m, r.Now()); err != nil {
				return nil, err
			}
		}
	}
	requests, err := r.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	for _, q := range requests {
		if slices.Contains(stored.Requests, q.Key()) && q.Status != store.RematchDone {
			if err := r.Store.SetRematchStatus(ctx, q, store.RematchDone); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range prop.Pairs {
		m, err := r.Store.AddMatch(ctx, &store.Match{Cycle: cy.ID, Mentor: p.Mentor, Mentee: p.Mentee,
			Proposal: ev.Proposal, CreatedAt: r.Now().UTC(), Expires: cy.Expiry()})
		switch {
		case err == nil:
			res.New++
		case !errors.Is(err, store.ErrMatchExists):
			return nil, err
		}
		res.Matches++
		sent, err := r.introduce(ctx, cy, m, apps[p.Mentor], apps[p.Mentee])
		res.Emails += sent
		if err != nil {
			return nil, err
		}
	}
	r.Log.Info("proposal committed", "cycle", cy.ID, "proposal", ev.Proposal, "matches", res.Matches, "new", res.New, "emails", res.Emails)
	return res, nil
}

// differences lists, sorted, the items whose version differs between two input maps, but for
// those skip accepts.
func differences(was, now map[string]string, skip func(string) bool) []string {
	var out []string
	for k, v := range was {
		if now[k] != v && !skip(k) {
			out = append(out, k)
		}
	}
	for k := range now {
		if _, ok := was[k]; !ok && !skip(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// introduce sends each side of the match that has not had it yet its introduction email with a
// fresh personal link. It returns how many emails it sent.
func (r *Runner) introduce(ctx context.Context, cy *program.Cycle, m *store.Match, mentor, mentee *store.Application) (int, error) {
	sent := 0
	for _, side := range []struct {
		role      forms.Role
		emailed   bool
		self, the *store.Application
	}{{forms.RoleMentor, m.MentorEmailed, mentor, mentee}, {forms.RoleMentee, m.MenteeEmailed, mentee, mentor}} {
		if side.emailed {
			continue
		}
		token := randomHex(32)
		sum := sha256.Sum256([]byte(token))
		if err := r.Store.IssueToken(ctx, m, side.role, hex.EncodeToString(sum[:]), cy.Span().Closes); err != nil {
			return sent, err
		}
		me, them := side.self.Form.Applicant(), side.the.Form.Applicant()
		partnerRole := forms.RoleMentee
		if side.role == forms.RoleMentee {
			partnerRole = forms.RoleMentor
		}
		msg, err := introduction.Render(side.self.Email, map[string]string{
			"Name": me.Name, "Cycle": cy.ID, "PartnerRole": string(partnerRole),
			"PartnerName": them.Name, "PartnerPronouns": parenthesised(them.Pronouns), "PartnerPosition": them.Position,
			"PartnerOrganisation": them.Organisation, "PartnerEmail": side.the.Email,
			"GoalsDue":      r.Calendar.LastDay(cy.Window(program.Goals)),
			"RematchBy":     r.Calendar.LastDay(cy.Rematch()),
			"ActivitiesURL": r.SiteURL + "/activities/",
			"Link":          r.SiteURL + "/participants/?token=" + token,
		})
		if err != nil {
			return sent, err
		}
		if err := r.Mail.Send(ctx, msg); err != nil {
			return sent, fmt.Errorf("matcher: send match email: %w", err)
		}
		if err := r.Store.MarkEmailed(ctx, m, side.role); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// parenthesised is " (s)", or nothing when s is empty.
func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// person is the matcher's view of an application.
func person(a *store.Application) *scoring.Person {
	me, prefs := a.Form.Applicant(), a.Form.Confidential()
	place := scoring.PlaceOf(me.Country, me.Region)
	p := &scoring.Person{
		ID: a.ID, Identity: store.EmailKey(a.Email), Country: place.Country, State: place.State,
		Region: place.Region, UTCHours: utcHours(me.TimeZone),
		Gender:     string(prefs.Gender),
		Geo:        scoring.GeoPreference{Strength: proposal.Strength(prefs.GeoPreference), Within: scoring.SameCountry},
		GenderPref: scoring.Preference{Strength: proposal.Strength(prefs.GenderPreference)},
		RacePref:   scoring.Preference{Strength: proposal.Strength(prefs.RacePreference)},
	}
	if me.Region != "" {
		p.Geo.Within = scoring.SameState
	}
	switch prefs.Gender {
	case forms.GenderSelfDescribe:
		p.Gender = prefs.GenderSelf
	case forms.GenderPreferNot:
		p.Gender = ""
	}
	for _, r := range prefs.RaceEthnicity {
		if r != forms.RaceSelfDescribe {
			p.RaceEthnicity = append(p.RaceEthnicity, string(r))
		}
	}
	if prefs.RaceEthnicitySelf != "" {
		p.RaceEthnicity = append(p.RaceEthnicity, prefs.RaceEthnicitySelf)
	}
	switch f := a.Form.(type) {
	case *forms.Mentor:
		p.Modes, p.Areas, p.InPerson = plain(f.Communication), plain(f.Expertise), f.InPerson == forms.InPersonYes
		if f.Years != nil {
			p.Years = *f.Years
		}
	case *forms.Mentee:
		p.Modes, p.Areas, p.InPerson = plain(f.Communication), plain(f.Interests), f.InPerson == forms.InPersonYes
		p.Refining = f.Situation == forms.SituationRefining
	}
	return p
}

// plain is a list of answers as plain strings.
func plain[T ~string](answers []T) []string {
	if answers == nil {
		return nil
	}
	out := make([]string, len(answers))
	for i, a := range answers {
		out[i] = string(a)
	}
	return out
}

// utcHours is a time zone's offset from UTC in hours in January (so daylight saving time does not
// make zones look nearer in summer), or NaN when unknown.
func utcHours(zone forms.TimeZone) float64 {
	loc, err := time.LoadLocation(string(zone))
	if err != nil || zone == "" || zone == forms.TimeZoneOther {
		return math.NaN()
	}
	_, off := time.Date(2026, 1, 15, 12, 0, 0, 0, loc).Zone()
	return float64(off) / 3600
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
