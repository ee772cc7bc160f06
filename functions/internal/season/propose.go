package season

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// pool is what a proposal is built from: the people it may pair (see lifecycle.Cycle.Pairable),
// mentors' remaining room, former partners people must not be given again, and a version of
// every item read, so that commit can tell whether anything changed since.
type pool struct {
	life     *lifecycle.Cycle
	apps     applications
	mentors  []proposal.Mentor
	mentees  []*scoring.Person
	ends     []*store.Match          // matches a rematch ends
	requests []*store.RematchRequest // the accepted requests it answers
	accepted []*store.RematchRequest // every accepted request, kept or answered
	first    []string                // those who asked, or whose partner left: paired before anyone else
	inputs   map[string]string
	labels   map[string]string // each input in words, for staff: "Ivy Chen's application changed"
}

// pool gathers what a proposal is built from; the matches in keep stay as they are though a
// rematch was asked of them. Once the year has started, accepted rematch requests end their
// matches and their requesters, with everyone who needs a new partner, are paired first.
func (r *Runner) pool(ctx context.Context, cy *program.Cycle, exclude, keep []string) (*pool, error) {
	life, err := lifecycle.Load(ctx, r.Store, cy, r.Now())
	if err != nil {
		return nil, err
	}
	list, apps := life.List(), applications(life.Apps)
	p := &pool{life: life, apps: apps, inputs: map[string]string{}, labels: map[string]string{}}
	for _, a := range list {
		// The answers themselves, not the stored hash, so that any change to them shows.
		p.inputs[a.ID] = appVersion(a)
		p.labels[a.ID] = p.apps.Name(a.ID) + "'s application changed (a decision, an answer, or they left the program)"
	}
	requests, err := r.Store.RematchRequests(ctx, cy.ID)
	if err != nil {
		return nil, err
	}
	ending := map[string]bool{}
	for _, q := range requests {
		if q.Status != store.RematchAccepted || !slices.ContainsFunc(life.Matches, func(m *store.Match) bool { return m.Key() == q.Match && !m.Ended }) {
			continue
		}
		p.inputs[q.Key()] = string(q.Status)
		p.labels[q.Key()] = "the rematch request of " + p.apps.Name(requester(q)) + " changed"
		p.accepted = append(p.accepted, q)
		if slices.Contains(keep, q.Match) {
			continue
		}
		p.requests = append(p.requests, q)
		p.first = append(p.first, requester(q))
		ending[q.Match] = true
	}
	busy := map[string]int{} // active matches per application, but those this proposal ends
	for _, m := range life.Matches {
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
		p.labels[m.Key()] = "the match of " + p.apps.Name(m.Mentee) + " with " + p.apps.Name(m.Mentor) + " was made or ended"
	}
	for _, a := range list {
		if slices.Contains(exclude, a.ID) || !life.Pairable(a.ID) && !ending[matchOf(p.ends, a.ID)] {
			continue
		}
		if m, ok := a.Form.(*forms.Mentor); ok && m.ALSCMember != forms.Yes {
			continue
		}
		who := person(a)
		for _, id := range slices.Concat(life.Former(a.ID), partnersIn(p.ends, a.ID)) {
			if b := apps[id]; b != nil {
				who.Left = append(who.Left, store.EmailKey(b.Email))
			}
		}
		if life.Person(a.ID) == lifecycle.NeedsPartner && !slices.Contains(p.first, a.ID) {
			p.first = append(p.first, a.ID)
		}
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

// matchOf is the key of the match among ms that the person is in, or "".
func matchOf(ms []*store.Match, id string) string {
	for _, m := range ms {
		if m.Mentor == id || m.Mentee == id {
			return m.Key()
		}
	}
	return ""
}

// partnersIn are the person's partners in the matches ms.
func partnersIn(ms []*store.Match, id string) []string {
	var out []string
	for _, m := range ms {
		switch id {
		case m.Mentor:
			out = append(out, m.Mentee)
		case m.Mentee:
			out = append(out, m.Mentor)
		}
	}
	return out
}

func (r *Runner) propose(ctx context.Context, cy *program.Cycle, ev ProposeRequest) (*Result, error) {
	var (
		p     *pool
		prop  *proposal.Proposal
		keep  []string
		notes []string
	)
	for {
		var err error
		if p, err = r.pool(ctx, cy, ev.Exclude, keep); err != nil {
			return nil, err
		}
		if keep == nil {
			if ev.Mode == Rematch && len(p.requests) == 0 && len(p.first) == 0 {
				return nil, fmt.Errorf("%w: nobody in %s needs a new partner: there is no accepted rematch request, and no one's "+
					"partner has left; nothing was proposed", ErrInput, cy.ID)
			}
			// Accepting a late request took staff's override already: here it is only noted.
			if notes, err = r.checkWindow(cy, p.requests, p.apps, true); err != nil {
				return nil, err
			}
		}
		if keep == nil {
			if err := unknownRequests(ev.EndUnreplaced, p.accepted); err != nil {
				return nil, err
			}
			if err := unknownIDs(cy, p, ev); err != nil {
				return nil, err
			}
			if err := p.checkPins(ev.Pin, ev.Exclude); err != nil {
				return nil, err
			}
		}
		prop, err = proposal.Build(proposal.Input{Objective: ev.Objective, Weights: r.Weights, Pins: ev.Pin,
			Mentors: p.mentors, Mentees: p.mentees, First: p.first, Partial: len(ev.Exclude) > 0})
		if errors.Is(err, proposal.ErrPin) {
			return nil, fmt.Errorf("%w: %s; nothing was proposed", ErrInput, p.withNames(err.Error()))
		}
		if err != nil {
			return nil, err
		}
		unplaced := unreplaced(p, prop, ev.EndUnreplaced)
		if len(unplaced) == 0 {
			break
		}
		// Those matches stay, and their people are not offered to anyone else.
		for _, q := range unplaced {
			keep = append(keep, q.Match)
			notes = append(notes, fmt.Sprintf("%s asked for a new %s, but none is free who fits; the match with %s continues. "+
				"To end it all the same, use the matcher's end-without-new-partner step with the request's key, %s.",
				p.apps.Name(requester(q)), partnerRole(q), p.apps.Name(partner(q)), reviewKey(q)))
		}
	}
	body, err := json.Marshal(prop)
	if err != nil {
		return nil, err
	}
	rec := &store.Proposal{ID: proposalID(ev, r.Weights, p.inputs, body), Cycle: cy.ID, Mode: ev.Mode, Exclude: ev.Exclude,
		Inputs: p.inputs, Kept: keep, Body: body, CreatedAt: r.Now().UTC(), Expires: cy.Expiry()}
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
	if p.life.Started() && len(p.first) > 0 {
		var names []string
		for _, id := range p.first {
			why := "whose match ended"
			if slices.ContainsFunc(p.requests, func(q *store.RematchRequest) bool { return requester(q) == id }) {
				why = "who asked for a rematch"
			}
			names = append(names, p.apps.Name(id)+" ("+why+")")
		}
		notes = append(notes, fmt.Sprintf("The program year has started (the first matches were stored on %s), so this proposal "+
			"pairs first those who need a new partner: %s. Nobody is offered a former partner.",
			r.Calendar.Day(p.life.FirstCommit()), strings.Join(names, ", ")))
	}
	if open := cy.Window(program.Applications); open.Contains(r.Now()) {
		notes = append(notes, fmt.Sprintf("Applications are open until %s: anyone who applies later misses this proposal. "+
			"Committing it before then needs the word anyway after the proposal's id.", r.Calendar.LastDay(open)))
	}
	res := &Result{Mode: ev.Mode, Cycle: cy.ID, Proposal: rec.ID, Proposed: &Proposed{Summary: &prop.Summary, Review: prop, People: people}, Ends: rec.Ends,
		Notes: notes, Letters: p.plan(prop, ev.Exclude)}
	res.Message = fmt.Sprintf("Proposal %s: %s, %s unpaired. Nothing is stored or sent yet: read its page, then commit proposal %s.",
		rec.ID, staffpages.Many(prop.Summary.Pairs, "pair"), staffpages.Many(prop.Summary.Unpaired, "mentee"), rec.ID)
	files, err := r.proposalFiles(cy, res, p, prop)
	if err != nil {
		return nil, err
	}
	if res.Files, err = r.publish(ctx, cy, "proposal "+rec.ID, "Nothing is stored or sent yet: to store these matches "+
		"and send the introductions, commit proposal "+rec.ID+".", files, res); err != nil {
		return nil, err
	}
	return res, nil
}

// proposalID derives a proposal's id from everything it was built from and from the proposal
// itself (body), so proposing again on unchanged data finds the same proposal, and any change to
// the inputs or the pairs gives a new id.
func proposalID(ev ProposeRequest, w scoring.Weights, inputs map[string]string, body []byte) string {
	keys := make([]string, 0, len(inputs))
	for k := range inputs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	if err := json.NewEncoder(h).Encode([]any{ev.Mode, ev.Objective, ev.Exclude, ev.Pin, ev.EndUnreplaced, w}); err != nil {
		panic("season: an event and weights always encode: " + err.Error())
	}
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\n", k, inputs[k])
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// unknownIDs refuses an exclude or pin naming no application of the cycle.
func unknownIDs(cy *program.Cycle, p *pool, ev ProposeRequest) error {
	var unknown []string
	for _, id := range ev.Exclude {
		if p.apps[id] == nil {
			unknown = append(unknown, id)
		}
	}
	for _, pin := range ev.Pin {
		for _, id := range pin {
			if p.apps[id] == nil && !slices.Contains(unknown, id) {
				unknown = append(unknown, id)
			}
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%w: no application %v in %s (in exclude or pin); nothing was proposed", ErrInput, unknown, cy.ID)
	}
	return nil
}

// checkPins refuses, naming the people, a pin whose ids are the wrong way round or name someone
// the run cannot pair: not accepted, left out, or already matched.
func (p *pool) checkPins(pins [][2]string, exclude []string) error {
	for _, pin := range pins {
		mentor, mentee := p.apps[pin[0]], p.apps[pin[1]]
		if mentor.Role == forms.RoleMentee && mentee.Role == forms.RoleMentor {
			return fmt.Errorf("%w: the pin of %s with %s names the mentee first; write [mentor id, mentee id]; nothing was proposed",
				ErrInput, mentor.Form.Applicant().Name, mentee.Form.Applicant().Name)
		}
		for _, side := range []struct {
			a    *store.Application
			role forms.Role
		}{{mentor, forms.RoleMentor}, {mentee, forms.RoleMentee}} {
			name := side.a.Form.Applicant().Name
			why := ""
			switch {
			case side.a.Role != side.role:
				why = fmt.Sprintf("applied as a %s, not a %s", side.a.Role, side.role)
			case side.a.Status != store.StatusAccepted:
				why = "is " + statusWord(side.a.Status) + ", not accepted"
			case slices.Contains(exclude, side.a.ID):
				why = "is left out of this run"
			case !p.free(side.a.ID):
				why = "has no place left: already matched"
			}
			if why != "" {
				return fmt.Errorf("%w: cannot pin %s with %s: %s %s; nothing was proposed", ErrInput,
					mentor.Form.Applicant().Name, mentee.Form.Applicant().Name, name, why)
			}
		}
	}
	return nil
}

// free says whether the run may still pair the person: a mentor with room, a mentee without a partner.
func (p *pool) free(id string) bool {
	return slices.ContainsFunc(p.mentors, func(m proposal.Mentor) bool { return m.ID == id }) ||
		slices.ContainsFunc(p.mentees, func(e *scoring.Person) bool { return e.ID == id })
}

// withNames puts each application id in a message next to its applicant's name.
func (p *pool) withNames(msg string) string {
	var pairs []string
	for id, a := range p.apps {
		pairs = append(pairs, id, a.Form.Applicant().Name+" ("+id+")")
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}
