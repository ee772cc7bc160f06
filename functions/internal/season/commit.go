package season

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

func (r *Runner) commit(ctx context.Context, cy *program.Cycle, ev CommitRequest) (*Result, error) {
	if ev.Proposal == "" {
		return nil, fmt.Errorf("%w: commit needs the id of the proposal staff reviewed, as its page names it", ErrInput)
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
	now, err := r.pool(ctx, cy, stored.Exclude, stored.Kept)
	if err != nil {
		return nil, err
	}
	matches := now.life.Matches
	ours := func(k string) bool { // what this proposal's own commit changes, should it run again
		return slices.Contains(stored.Ends, k) || slices.Contains(stored.Requests, k) ||
			slices.ContainsFunc(matches, func(m *store.Match) bool { return m.Key() == k && m.Proposal == stored.ID })
	}
	committed := committedOn(matches, stored.ID)
	if changed := differences(stored.Inputs, now.inputs, ours); len(changed) > 0 && committed.IsZero() {
		return nil, fmt.Errorf("%w: proposal %s cannot be committed: since it was made, %s. Make a new proposal (%s again) "+
			"and review it; nothing was stored or sent", ErrInput, ev.Proposal, now.describe(changed), stored.Mode)
	}
	if open := cy.Window(program.Applications); committed.IsZero() && open.Contains(r.Now()) && !ev.WhileOpen {
		return nil, fmt.Errorf("%w: applications are open until %s, and anyone who applies after this commit misses "+
			"these matches; nothing was stored or sent. Commit after that day, or commit proposal %s anyway",
			ErrInput, r.Calendar.LastDay(open), ev.Proposal)
	}
	apps := now.apps
	res := &Result{Mode: Commit, Cycle: cy.ID, Proposal: ev.Proposal, Ends: stored.Ends, Letters: now.plan(&prop, stored.Exclude),
		Committed: &Committed{}}
	told, err := r.endAndTell(ctx, cy, now.life, matches, stored, prop.Pairs, apps)
	res.Emails += told
	if err != nil {
		return nil, err
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
		text := introductionText
		if now.rematched(p) {
			text = rematchIntroductionText
		}
		mentor, mentee := apps[p.Mentor], apps[p.Mentee]
		m := &store.Match{Cycle: cy.ID, Mentor: p.Mentor, Mentee: p.Mentee, Proposal: ev.Proposal, CreatedAt: r.Now().UTC(),
			Expires: cy.Expiry(), MentorEmailed: true, MenteeEmailed: true}
		intros := r.introductions(cy, m, mentor, mentee, text, now.earlier(p))
		m.Owes = intros
		existing, err := r.Store.AddMatch(ctx, m)
		switch {
		case err == nil:
			res.New++
			res.Emails += len(intros)
		case errors.Is(err, store.ErrMatchExists):
			// Stored by an earlier run, with its introductions owed; a match stored before the
			// outbox whose introduction never went owes it now.
			for _, e := range intros {
				if existing.Introduced(e.To.Role) {
					continue
				}
				owed, err := r.Store.OweIntroduction(ctx, existing, e.To.Role, r.Now(), e)
				if err != nil {
					return nil, err
				}
				if owed {
					res.Emails++
				}
			}
		default:
			return nil, err
		}
		res.Matches++
	}
	if err := r.outcomes(ctx, cy, now.outcomes(stored.Exclude, pairedIn(&prop)), apps, res); err != nil {
		return nil, err
	}
	if !committed.IsZero() && res.New == 0 && res.Emails == 0 {
		res.Message = fmt.Sprintf("Proposal %s was already committed on %s: its %s are stored and every email is sent or on its way. "+
			"Nothing new was stored or sent.", ev.Proposal, r.Calendar.Day(committed), staffpages.Many(res.Matches, "match"))
		return res, nil
	}
	res.Message = fmt.Sprintf("Committed proposal %s: %s stored (%d new); %s on their way.", ev.Proposal,
		staffpages.Many(res.Matches, "match"), res.New, staffpages.Many(res.Emails, "email"))
	files, err := r.commitFiles(cy, res, &prop, apps)
	if err != nil {
		return nil, err
	}
	if res.Files, err = r.publish(ctx, cy, "the matches of proposal "+ev.Proposal, "The introductions and outcome emails "+
		"are on their way.", files, res); err != nil {
		return nil, err
	}
	r.Log.Info("proposal committed", "cycle", cy.ID, "proposal", ev.Proposal, "matches", res.Matches, "new", res.New, "emails", res.Emails)
	return res, nil
}

// committedOn is when the proposal's first match was stored, or zero if it has none.
func committedOn(matches []*store.Match, proposal string) time.Time {
	var first time.Time
	for _, m := range matches {
		if m.Proposal == proposal && (first.IsZero() || m.CreatedAt.Before(first)) {
			first = m.CreatedAt
		}
	}
	return first
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

// The introductions' texts (content/emails).
const (
	introductionText        = "match-introduction"
	rematchIntroductionText = "rematch-introduction"
)

// introductions are the emails a new match owes its two sides, owed with it in its own write:
// text (an introduction, or a rematch introduction opening with earlier) naming the partner,
// with a personal link minted when it is sent (package outbox) that opens the pair's page. Their
// ids, introduction-<mentee id>-<mentor id>-<role>, make a commit run again owe the same ones.
func (r *Runner) introductions(cy *program.Cycle, m *store.Match, mentor, mentee *store.Application, text string,
	earlier map[forms.Role]string) []store.Email {
	var out []store.Email
	for _, side := range []struct {
		role, partnerRole forms.Role
		self, partner     *store.Application
	}{
		{forms.RoleMentor, forms.RoleMentee, mentor, mentee},
		{forms.RoleMentee, forms.RoleMentor, mentee, mentor},
	} {
		me, them := side.self.Form.Applicant(), side.partner.Form.Applicant()
		out = append(out, store.Email{ID: "introduction-" + m.Mentee + "-" + m.Mentor + "-" + string(side.role), Text: text,
			To: store.Recipient{Cycle: cy.ID, Role: side.role, ID: side.self.ID, Page: forms.PairPath + "?with=" + side.partner.ID},
			Values: map[string]string{
				"Name": me.Name, "Cycle": cy.Title(), "PartnerRole": string(side.partnerRole),
				"PartnerName": them.Name, "PartnerPronouns": parenthesised(them.Pronouns), "PartnerPosition": them.Position,
				"PartnerOrganisation": them.Organisation, "PartnerEmail": side.partner.Email,
				"GoalsDue":      r.Calendar.LastDay(cy.Window(program.Goals)),
				"RematchBy":     r.Calendar.LastDay(cy.Rematch()),
				"ActivitiesURL": r.SiteURL + "/activities/",
				"Earlier":       earlier[side.role],
			}})
	}
	return out
}

// parenthesised is " (s)", or nothing when s is empty.
func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
