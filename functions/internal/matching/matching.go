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
	case Propose:
		return r.propose(ctx, cy, ev)
	case Commit:
		return r.commit(ctx, cy, ev)
	case Rematch:
		return nil, fmt.Errorf("%w: rematch needs accepted rematch requests, which cannot be filed yet", ErrInput)
	}
	return nil, fmt.Errorf("%w: mode must be %q, %q or %q", ErrInput, Propose, Commit, Rematch)
}

// pool is the accepted applications a proposal is built from.
type pool struct {
	mentors, mentees []*store.Application
	inputs           map[string]string // application id → hash:status
}

func (r *Runner) pool(ctx context.Context, cy *program.Cycle, exclude []string) (*pool, error) {
	p := &pool{inputs: map[string]string{}}
	for _, role := range []forms.Role{forms.RoleMentor, forms.RoleMentee} {
		apps, err := r.Store.Applications(ctx, cy.ID, role)
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			if a.Status != store.StatusAccepted || slices.Contains(exclude, a.ID) {
				continue
			}
			if m, ok := a.Form.(*forms.Mentor); ok && m.ALSCMember != "yes" {
				continue
			}
			p.inputs[a.ID] = a.Hash + ":" + string(a.Status)
			if role == forms.RoleMentor {
				p.mentors = append(p.mentors, a)
			} else {
				p.mentees = append(p.mentees, a)
			}
		}
	}
	return p, nil
}

func (r *Runner) propose(ctx context.Context, cy *program.Cycle, ev Event) (*Result, error) {
	p, err := r.pool(ctx, cy, ev.Exclude)
	if err != nil {
		return nil, err
	}
	in := proposal.Input{Objective: ev.Objective, Weights: r.Weights, Pins: ev.Pin}
	people := map[string]string{}
	for _, a := range p.mentors {
		in.Mentors = append(in.Mentors, proposal.Mentor{Person: person(a), Capacity: a.Form.(*forms.Mentor).Capacity})
		people[a.ID] = a.Form.Applicant().Name
	}
	for _, a := range p.mentees {
		in.Mentees = append(in.Mentees, person(a))
		people[a.ID] = a.Form.Applicant().Name
	}
	prop, err := proposal.Build(in)
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
	id := proposalID(ev, r.Weights, p.inputs)
	if err := r.Store.PutProposal(ctx, &store.Proposal{ID: id, Cycle: cy.ID, Inputs: p.inputs, Body: body,
		CreatedAt: r.Now().UTC(), Expires: cy.Expiry()}); err != nil {
		return nil, err
	}
	r.Log.Info("proposal stored", "cycle", cy.ID, "proposal", id, "pairs", prop.Summary.Pairs, "unpaired", prop.Summary.Unpaired)
	return &Result{Mode: Propose, Cycle: cy.ID, Proposal: id, Summary: &prop.Summary, Review: prop, People: people}, nil
}

// proposalID derives a proposal's id from everything it was built from, so proposing again on
// unchanged applications finds the same proposal.
func proposalID(ev Event, w scoring.Weights, inputs map[string]string) string {
	ids := make([]string, 0, len(inputs))
	for id := range inputs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	h := sha256.New()
	json.NewEncoder(h).Encode([]any{ev.Objective, ev.Exclude, ev.Pin, w})
	for _, id := range ids {
		fmt.Fprintf(h, "%s=%s\n", id, inputs[id])
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
	apps := map[string]*store.Application{}
	current := map[string]string{}
	for _, role := range []forms.Role{forms.RoleMentor, forms.RoleMentee} {
		list, err := r.Store.Applications(ctx, cy.ID, role)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			apps[a.ID] = a
			current[a.ID] = a.Hash + ":" + string(a.Status)
		}
	}
	var changed []string
	for id, was := range stored.Inputs {
		if current[id] != was {
			changed = append(changed, id)
		}
	}
	sort.Strings(changed)
	if len(changed) > 0 {
		return nil, fmt.Errorf("%w: applications changed since proposal %s was made: %v; run propose again and review the new proposal",
			ErrInput, ev.Proposal, changed)
	}

	res := &Result{Mode: Commit, Cycle: cy.ID, Proposal: ev.Proposal}
	for _, p := range prop.Pairs {
		m, err := r.Store.AddMatch(ctx, &store.Match{Cycle: cy.ID, Mentor: p.Mentor, Mentee: p.Mentee,
			Proposal: ev.Proposal, CreatedAt: r.Now().UTC(), Expires: cy.Expiry()})
		switch {
		case err == nil:
			res.New++
		case errors.Is(err, store.ErrExists):
			if m.Mentor != p.Mentor {
				return nil, fmt.Errorf("%w: mentee %s is already matched with %s by proposal %s", ErrInput, p.Mentee, m.Mentor, m.Proposal)
			}
		default:
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

// introduce sends each side of the match that has not had it yet its introduction email with a
// fresh personal link. It returns how many emails it sent.
func (r *Runner) introduce(ctx context.Context, cy *program.Cycle, m *store.Match, mentor, mentee *store.Application) (int, error) {
	sent := 0
	for _, side := range []struct {
		role      string
		emailed   bool
		self, the *store.Application
	}{{"mentor", m.MentorEmailed, mentor, mentee}, {"mentee", m.MenteeEmailed, mentee, mentor}} {
		if side.emailed {
			continue
		}
		token := randomHex(32)
		sum := sha256.Sum256([]byte(token))
		if err := r.Store.IssueToken(ctx, m, side.role, hex.EncodeToString(sum[:])); err != nil {
			return sent, err
		}
		me, them := side.self.Form.Applicant(), side.the.Form.Applicant()
		partnerRole := "mentee"
		if side.role == "mentee" {
			partnerRole = "mentor"
		}
		msg, err := introduction.Render(side.self.Email, map[string]string{
			"Name": me.Name, "Cycle": cy.ID, "PartnerRole": partnerRole,
			"PartnerName": them.Name, "PartnerPronouns": them.Pronouns, "PartnerPosition": them.Position,
			"PartnerOrganisation": them.Organisation, "PartnerEmail": side.the.Email,
			"GoalsDue":      day(cy.Window(program.Goals).Closes.AddDate(0, 0, -1)),
			"RematchBy":     day(cy.Rematch().Closes.AddDate(0, 0, -1)),
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

func day(t time.Time) string { return t.Format("Monday, 2 January 2006") }

// person is the matcher's view of an application.
func person(a *store.Application) *scoring.Person {
	me, prefs := a.Form.Applicant(), a.Form.Confidential()
	p := &scoring.Person{
		ID: a.ID, Identity: store.EmailKey(a.Email), Country: me.Country, State: me.Region,
		Region: scoring.RegionOf(me.Country, me.Region), UTCHours: utcHours(me.TimeZone),
		Gender:     prefs.Gender,
		Geo:        scoring.GeoPreference{Strength: strength(prefs.GeoPreference), Within: scoring.SameCountry},
		GenderPref: scoring.Preference{Strength: strength(prefs.GenderPreference)},
		RacePref:   scoring.Preference{Strength: strength(prefs.RacePreference)},
	}
	if me.Region != "" {
		p.Geo.Within = scoring.SameState
	}
	switch prefs.Gender {
	case "self_describe":
		p.Gender = prefs.GenderSelf
	case "prefer_not":
		p.Gender = ""
	}
	for _, r := range prefs.RaceEthnicity {
		if r != "self_describe" {
			p.RaceEthnicity = append(p.RaceEthnicity, r)
		}
	}
	if prefs.RaceEthnicitySelf != "" {
		p.RaceEthnicity = append(p.RaceEthnicity, prefs.RaceEthnicitySelf)
	}
	switch f := a.Form.(type) {
	case *forms.Mentor:
		p.Modes, p.Areas, p.InPerson = f.Communication, f.Expertise, f.InPerson == "yes"
		if f.Years != nil {
			p.Years = *f.Years
		}
	case *forms.Mentee:
		p.Modes, p.Areas, p.InPerson, p.Situation = f.Communication, f.Interests, f.InPerson == "yes", f.Situation
	}
	return p
}

func strength(s string) scoring.Strength {
	switch s {
	case "required":
		return scoring.Required
	case "preferred":
		return scoring.Preferred
	}
	return scoring.NoPreference
}

// utcHours is a time zone's offset from UTC in hours in January (so daylight saving time does not
// make zones look nearer in summer), or NaN when unknown.
func utcHours(zone string) float64 {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "other" {
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
