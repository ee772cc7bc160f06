package season

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// matchEndedText is the notice that a match ended (content/emails).
const matchEndedText = "match-ended"

// requester is the application id of the side of the match that asked for the rematch.
func requester(q *store.RematchRequest) string {
	if q.Role == forms.RoleMentor {
		return q.Mentor()
	}
	return q.Mentee()
}

// partner is the application id of the other side of the match a rematch was asked of.
func partner(q *store.RematchRequest) string {
	if q.Role == forms.RoleMentor {
		return q.Mentee()
	}
	return q.Mentor()
}

// partnerRole is the role of the partner the one who asked is looking for.
func partnerRole(q *store.RematchRequest) forms.Role {
	if q.Role == forms.RoleMentor {
		return forms.RoleMentee
	}
	return forms.RoleMentor
}

// unreplaced lists the requests whose match the proposal would end though the one who asked
// gets no new partner, and staff did not confirm ending it (confirmed holds review keys).
func unreplaced(p *pool, prop *proposal.Proposal, confirmed []string) []*store.RematchRequest {
	var out []*store.RematchRequest
	for _, q := range p.requests {
		who := requester(q)
		paired := slices.ContainsFunc(prop.Pairs, func(x proposal.Pair) bool { return x.Mentor == who || x.Mentee == who })
		if !paired && !slices.Contains(confirmed, reviewKey(q)) {
			out = append(out, q)
		}
	}
	return out
}

// unknownRequests refuses keys that name no accepted rematch request.
func unknownRequests(keys []string, accepted []*store.RematchRequest) error {
	var unknown []string
	for _, k := range keys {
		if !slices.ContainsFunc(accepted, func(q *store.RematchRequest) bool { return reviewKey(q) == k }) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("%w: %q names no accepted rematch request %v; use the keys review lists, with mode %q; nothing was done",
			ErrInput, "end_without_new_partner", unknown, Rematch)
	}
	return nil
}

// checkWindow refuses requests made outside the cycle's rematch window, unless staff override
// it (late); with the override it says, for each, that it was used.
func (r *Runner) checkWindow(cy *program.Cycle, requests []*store.RematchRequest, apps map[string]*store.Application, late bool) ([]string, error) {
	w := cy.Rematch()
	var notes, outside []string
	for _, q := range requests {
		if w.Contains(q.CreatedAt) {
			continue
		}
		who := requester(q)
		if a := apps[who]; a != nil {
			who = a.Form.Applicant().Name
		}
		outside = append(outside, who)
		notes = append(notes, fmt.Sprintf("%s asked on %s, outside the rematch window (%s to %s); acted on because staff accepted it late.",
			who, r.Calendar.Day(q.CreatedAt), r.Calendar.Day(w.Opens), r.Calendar.LastDay(w)))
	}
	if len(outside) > 0 && !late {
		return nil, fmt.Errorf("%w: the rematch requests of %s were made outside the rematch window (%s to %s); nothing was changed. "+
			"To accept them all the same, use the matcher's accept-rematch step with the request's key and late",
			ErrInput, strings.Join(outside, ", "), r.Calendar.Day(w.Opens), r.Calendar.LastDay(w))
	}
	return notes, nil
}

// endAndTell ends each match the proposal ends (those of the rematch requests it answers) and,
// in the same write, owes each side who gets no new partner in it a kind notice, without
// reasons, that it ended (match-ended, id match-ended-<mentee id>-<mentor id>-<role>). A match
// ended already owes a side not yet told the notice now. It returns how many notices it owed.
func (r *Runner) endAndTell(ctx context.Context, cy *program.Cycle, life *lifecycle.Cycle, matches []*store.Match, stored *store.Proposal,
	pairs []proposal.Pair, apps map[string]*store.Application) (int, error) {
	owed := 0
	for _, m := range matches {
		if !slices.Contains(stored.Ends, m.Key()) {
			continue
		}
		var notices []store.Email
		for _, side := range []struct {
			role, partnerRole forms.Role
			self, partner     string
		}{
			{forms.RoleMentor, forms.RoleMentee, m.Mentor, m.Mentee},
			{forms.RoleMentee, forms.RoleMentor, m.Mentee, m.Mentor},
		} {
			repaired := slices.ContainsFunc(pairs, func(p proposal.Pair) bool { return p.Mentor == side.self || p.Mentee == side.self })
			self, other := apps[side.self], apps[side.partner]
			if m.EndTold(side.role) || repaired || self == nil || other == nil {
				continue
			}
			notices = append(notices, store.Email{ID: "match-ended-" + m.Mentee + "-" + m.Mentor + "-" + string(side.role), Text: matchEndedText,
				To: store.Recipient{Cycle: cy.ID, Role: side.role, ID: self.ID},
				Values: map[string]string{"Name": self.Form.Applicant().Name, "Cycle": cy.Title(),
					"PartnerName": other.Form.Applicant().Name, "PartnerRole": string(side.partnerRole)}})
		}
		if !m.Ended {
			if err := life.End(ctx, r.Store, m, store.EndRematch, r.Now(), notices...); err != nil {
				return owed, err
			}
		}
		for _, n := range notices { // each to a side not told before this run
			if m.EndTold(n.To.Role) {
				owed++ // by the write that ended it
				continue
			}
			ok, err := r.Store.OweEndNotice(ctx, m, n.To.Role, r.Now(), n)
			if err != nil {
				return owed, err
			}
			if ok {
				owed++
			}
		}
	}
	return owed, nil
}
