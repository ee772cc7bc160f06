package season

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Letter is what committing a proposal writes to one person, in words.
type Letter = staffpages.Letter

// The outcome letters, by the outcome they carry.
var outcomeLetters = map[store.Outcome]string{
	store.OutcomeDeclined: "the application was declined",
	store.OutcomeUnpaired: "not paired this time",
}

// plan lists everyone committing the proposal built from p writes to, or leaves unwritten on
// purpose, sorted by name: the pairs' introductions, the people of the matches it ends who get
// no new partner, and the outcome of every application it leaves without a partner, each sent
// once.
func (p *pool) plan(prop *proposal.Proposal, exclude []string) []Letter {
	var out []Letter
	add := func(id, letter string) {
		a := p.apps[id]
		out = append(out, Letter{Name: a.Form.Applicant().Name, Role: a.Role, Letter: letter})
	}
	paired := pairedIn(prop)
	for _, x := range prop.Pairs {
		kind := "introduction to "
		if p.rematched(x) {
			kind = "rematch introduction to "
		}
		add(x.Mentee, kind+p.apps.Name(x.Mentor))
		add(x.Mentor, kind+p.apps.Name(x.Mentee))
	}
	for _, m := range p.ends {
		for _, side := range [][2]string{{m.Mentor, m.Mentee}, {m.Mentee, m.Mentor}} {
			if !paired[side[0]] {
				add(side[0], "the match with "+p.apps.Name(side[1])+" has ended")
			}
		}
	}
	for _, o := range p.outcomes(exclude, paired) {
		a := p.apps[o.id]
		letter := outcomeLetters[o.outcome]
		if a.OutcomeSent {
			letter = "nothing: told before that " + letter
		}
		add(o.id, letter)
	}
	for id, a := range p.apps {
		switch {
		case paired[id]:
		case slices.Contains(exclude, id) && p.life.Pairable(id):
			add(id, "nothing: left out of this proposal")
		case a.Status == store.StatusSubmitted:
			add(id, "nothing: still waiting for a decision")
		}
	}
	slices.SortFunc(out, func(a, b Letter) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(string(a.Role), string(b.Role)), strings.Compare(a.Letter, b.Letter))
	})
	return out
}

// owed is an outcome an application is owed.
type owed struct {
	id      string
	outcome store.Outcome
}

// outcomes are the outcome letters committing a proposal owes: a decline to every declined
// application, and "not paired this time" to every accepted one never matched that the
// proposal neither pairs nor leaves out. Withdrawn people and those who were matched before are
// told otherwise (their partner's leaving, or the end of their match).
func (p *pool) outcomes(exclude []string, paired map[string]bool) []owed {
	var out []owed
	for id := range p.apps {
		switch state := p.life.Person(id); {
		case state == lifecycle.Declined:
			out = append(out, owed{id, store.OutcomeDeclined})
		case state == lifecycle.Accepted && !paired[id] && !slices.Contains(exclude, id):
			out = append(out, owed{id, store.OutcomeUnpaired})
		}
	}
	slices.SortFunc(out, func(a, b owed) int { return strings.Compare(a.id, b.id) })
	return out
}

// rematched reports whether one of the pair leaves an earlier match of the cycle: their
// introduction says so.
func (p *pool) rematched(x proposal.Pair) bool {
	for _, id := range []string{x.Mentor, x.Mentee} {
		if len(p.life.Former(id)) > 0 || matchOf(p.ends, id) != "" {
			return true
		}
	}
	return false
}

// pairedIn is everyone a proposal pairs.
func pairedIn(prop *proposal.Proposal) map[string]bool {
	paired := map[string]bool{}
	for _, x := range prop.Pairs {
		paired[x.Mentor], paired[x.Mentee] = true, true
	}
	return paired
}

// earlier is, for each side of a pair one of whom leaves an earlier match, the sentence their
// rematch introduction opens with.
func (p *pool) earlier(x proposal.Pair) map[forms.Role]string {
	out := map[forms.Role]string{}
	for _, side := range []struct {
		role, other forms.Role
		self        string
	}{{forms.RoleMentor, forms.RoleMentee, x.Mentor}, {forms.RoleMentee, forms.RoleMentor, x.Mentee}} {
		former := slices.Concat(partnersIn(p.ends, side.self), p.life.Former(side.self))
		if len(former) > 0 {
			out[side.role] = "Your match with " + p.apps.Name(former[0]) + " has ended."
		} else {
			out[side.role] = "Your new " + string(side.other) + " was matched with someone else earlier this program year, and that match has ended."
		}
	}
	return out
}

// describe says in words what changed among the items of a proposal's inputs.
func (p *pool) describe(keys []string) string {
	var out []string
	for _, k := range keys {
		out = append(out, cmp.Or(p.labels[k], "a rematch request was answered or declined"))
	}
	return strings.Join(slices.Compact(out), "; ")
}
