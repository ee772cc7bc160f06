// Package lifecycle owns where each person and each match of a cycle stands, and the only ways
// they move.
//
// A person's state, read with Cycle.Person; Transitions lists every move and what makes it:
//
//	submitted ──accept──▶ accepted ◀──accept── declined
//	    │                   │  └─────decline─────▲
//	    └──────decline──────┼────────────────────┘
//	                        │ commit
//	                        ▼
//	                     matched ──year ends──▶ completed
//	                      │   ▲
//	      last match ends │   │ commit: a new partner
//	                      ▼   │
//	               needs a new partner
//
//	accepted, matched or needs a new partner ──leaves the program──▶ withdrawn (final)
//
// Staff's decisions and a participant's leaving are stored as the application's status
// (submitted, accepted, declined, withdrawn); matched, needs a new partner and completed follow
// from the person's matches and the calendar, so no fact is kept twice. A match is active until
// it ends, with a reason (store.EndReason): a withdrawal, a rematch or staff; one still active
// when the program year ends is completed.
//
// The rules:
//   - Leaving ends every active match of the person at once and makes them withdrawn for the
//     cycle: never offered to anyone again, sent no outcome. Each partner left behind needs a
//     new partner and is paired first by the next proposal, never with a former partner.
//   - Only a decline sends the decline email, and only a declined person is sent it. A person
//     left out of a proposal stays accepted and is sent nothing: the next proposal may pair them.
//   - A person once matched is not declined: they are left out of proposals instead.
//   - Withdrawn is final for the cycle.
//
// Completing the year earns a certificate of completion (Certificate): a pair of the person's
// sent its goals and the mid-point tracker and they answered the wrap-up survey in it; a person
// who left gets none; staff may issue one by hand to anyone who was matched (IssueCertificate).
// The participant's certificate page, the staff export and the staff step all read this rule.
//
// Every mode of the matcher, the participant functions, reminders and reports read states here,
// and change them only through Decide, Withdraw, End and IssueCertificate.
package lifecycle

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// State is where a person stands in a cycle.
type State string

// The states of a person.
const (
	Submitted    State = "submitted"     // waiting for staff's decision
	Accepted     State = "accepted"      // accepted, never matched this cycle
	Declined     State = "declined"      // staff declined the application
	Matched      State = "matched"       // in at least one active match
	NeedsPartner State = "needs partner" // matched once, no active match now
	Withdrawn    State = "withdrawn"     // left the program for the cycle
	Completed    State = "completed"     // still matched when the program year ended
)

// Words are the state as staff read it.
func (s State) Words() string {
	return map[State]string{Submitted: "waiting for a decision", Accepted: "accepted", Declined: "declined",
		Matched: "matched", NeedsPartner: "needs a new partner", Withdrawn: "left the program", Completed: "completed the year"}[s]
}

// Transition is one move a person's state may make, and what makes it.
type Transition struct {
	From, To State
	By       string
}

// Transitions are every move a person's state may make; any other is refused.
var Transitions = []Transition{
	{Submitted, Accepted, "staff accept the application"},
	{Submitted, Declined, "staff decline the application"},
	{Accepted, Declined, "staff decline the application"},
	{Declined, Accepted, "staff accept the application"},
	{Accepted, Matched, "a commit pairs them"},
	{NeedsPartner, Matched, "a commit gives them a new partner"},
	{Matched, NeedsPartner, "their last active match ends: the partner left, or a rematch or staff ended it"},
	{Accepted, Withdrawn, "they leave the program"},
	{Matched, Withdrawn, "they leave the program"},
	{NeedsPartner, Withdrawn, "they leave the program"},
	{Matched, Completed, "the program year ends"},
}

// allowed reports whether a person may move from one state to another.
func allowed(from, to State) bool {
	return slices.ContainsFunc(Transitions, func(t Transition) bool { return t.From == from && t.To == to })
}

// Cycle is a cycle's people and matches as they stand at one moment.
type Cycle struct {
	Cycle   *program.Cycle
	Now     time.Time
	Apps    map[string]*store.Application // by id
	Matches []*store.Match
}

// Load reads a cycle's applications and matches.
func Load(ctx context.Context, st *store.Store, cy *program.Cycle, now time.Time) (*Cycle, error) {
	c := &Cycle{Cycle: cy, Now: now, Apps: map[string]*store.Application{}}
	for _, role := range forms.Roles {
		apps, err := st.Applications(ctx, cy.ID, role)
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			c.Apps[a.ID] = a
		}
	}
	var err error
	if c.Matches, err = st.Matches(ctx, cy.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// Person is the state of the person with this application id ("" if there is none).
func (c *Cycle) Person(id string) State {
	a := c.Apps[id]
	if a == nil {
		return ""
	}
	switch a.Status {
	case store.StatusSubmitted:
		return Submitted
	case store.StatusDeclined:
		return Declined
	case store.StatusWithdrawn:
		return Withdrawn
	}
	active, ended := 0, 0
	for _, m := range c.Matches {
		if m.Mentor != id && m.Mentee != id {
			continue
		}
		if m.Ended {
			ended++
		} else {
			active++
		}
	}
	switch {
	case active > 0 && c.yearOver():
		return Completed
	case active > 0:
		return Matched
	case ended > 0:
		return NeedsPartner
	}
	return Accepted
}

func (c *Cycle) yearOver() bool { return !c.Now.Before(c.Cycle.Span().Closes) }

// Active lists the person's active matches.
func (c *Cycle) Active(id string) []*store.Match {
	var out []*store.Match
	for _, m := range c.Matches {
		if !m.Ended && (m.Mentor == id || m.Mentee == id) {
			out = append(out, m)
		}
	}
	return out
}

// Former are the application ids of everyone the person was matched with in an ended match:
// they are never paired again this cycle.
func (c *Cycle) Former(id string) []string {
	var out []string
	for _, m := range c.Matches {
		switch {
		case !m.Ended:
		case m.Mentor == id:
			out = append(out, m.Mentee)
		case m.Mentee == id:
			out = append(out, m.Mentor)
		}
	}
	return out
}

// Pairable reports whether a proposal may give the person a partner: accepted, or needing a new
// partner, or a mentor still matched (whose room the caller counts).
func (c *Cycle) Pairable(id string) bool {
	switch c.Person(id) {
	case Accepted, NeedsPartner:
		return true
	case Matched:
		return c.Apps[id].Role == forms.RoleMentor
	}
	return false
}

// Count is how many people of a role are in each state.
func (c *Cycle) Count(role forms.Role) map[State]int {
	out := map[State]int{}
	for id, a := range c.Apps {
		if a.Role == role {
			out[c.Person(id)]++
		}
	}
	return out
}

// Started reports whether the program year has begun for this cycle: a first commit stored
// matches. From then on proposals pair those who need a new partner first.
func (c *Cycle) Started() bool { return len(c.Matches) > 0 }

// FirstCommit is when the cycle's first matches were stored (zero before).
func (c *Cycle) FirstCommit() time.Time {
	var first time.Time
	for _, m := range c.Matches {
		if first.IsZero() || m.CreatedAt.Before(first) {
			first = m.CreatedAt
		}
	}
	return first
}

// RefusedError is a move the lifecycle does not allow; its message says why in plain words.
type RefusedError struct{ Message string }

func (e *RefusedError) Error() string { return e.Message }

// CanDecide says whether staff's decision, accept or decline, may be recorded on an
// application: nil, or a RefusedError saying why not.
func (c *Cycle) CanDecide(id string, to store.Status) error {
	a := c.Apps[id]
	if a == nil {
		return fmt.Errorf("lifecycle: no application %s in %s", id, c.Cycle.ID)
	}
	target := map[store.Status]State{store.StatusAccepted: Accepted, store.StatusDeclined: Declined}[to]
	if from := c.Person(id); from != target && (target == "" || !allowed(from, target)) {
		return &RefusedError{Message: refusal(a.Form.Applicant().Name, from, to)}
	}
	return nil
}

// Decide records staff's decision, accept or decline, on an application (see CanDecide).
func (c *Cycle) Decide(ctx context.Context, st *store.Store, id string, to store.Status) error {
	if err := c.CanDecide(id, to); err != nil {
		return err
	}
	a := c.Apps[id]
	if a.Status == to {
		return nil
	}
	if err := st.SetStatus(ctx, a.Cycle, a.Role, a.Email, to); err != nil {
		return err
	}
	a.Status = to
	return nil
}

// refusal says why a decision cannot be recorded for a person in a state.
func refusal(name string, from State, to store.Status) string {
	switch from {
	case Withdrawn:
		return fmt.Sprintf("%s left the program, so their application can no longer be %s.", name, to)
	case Matched, NeedsPartner, Completed:
		return fmt.Sprintf("%s has been matched this year, so their application can no longer be declined; "+
			"to give them no new partner, leave them out of the proposal.", name)
	}
	return fmt.Sprintf("%s's application is %s and cannot be %s.", name, from.Words(), to)
}

// Withdraw records that the person with this application id leaves the program: every active
// match of theirs ends at once, and they are withdrawn for the cycle. It returns the matches it
// ended, whose partners are to be told. Withdrawing again changes nothing more.
func (c *Cycle) Withdraw(ctx context.Context, st *store.Store, id string, at time.Time) ([]*store.Match, error) {
	return c.WithdrawOwing(ctx, st, id, at, Leaving{})
}

// Leaving is what a person's leaving owes, each email in the write that records part of it:
// Partner the emails owed by the write that ends one of their matches (the notice to the partner
// left behind), Staff those owed by the write that makes them withdrawn, given every match their
// leaving ended (staff's note of who needs a new partner). Either may be nil.
type Leaving struct {
	Partner func(m *store.Match) []store.Email
	Staff   func(ended []*store.Match) []store.Email
}

// WithdrawOwing is Withdraw, owing what the leaving owes in the writes that record it: each
// email is owed once, by the write that makes its part of the change, and not by a withdrawal
// sent again.
func (c *Cycle) WithdrawOwing(ctx context.Context, st *store.Store, id string, at time.Time, owe Leaving) ([]*store.Match, error) {
	a := c.Apps[id]
	if a == nil {
		return nil, fmt.Errorf("lifecycle: no application %s in %s", id, c.Cycle.ID)
	}
	if from := c.Person(id); from != Withdrawn && !allowed(from, Withdrawn) {
		return nil, &RefusedError{Message: fmt.Sprintf("%s is %s, so cannot leave the program.", a.Form.Applicant().Name, from.Words())}
	}
	ended := c.Active(id)
	// The matches end before the status changes: a request stopped in between leaves the
	// person unmatched and still to be marked, which the same withdrawal sent again finishes.
	for _, m := range ended {
		var owes []store.Email
		if owe.Partner != nil {
			owes = owe.Partner(m)
		}
		if err := st.EndMatchTelling(ctx, m, store.EndWithdrawal, a.Role, at, owes...); err != nil {
			return nil, err
		}
	}
	if a.Status != store.StatusWithdrawn {
		var owes []store.Email
		if owe.Staff != nil {
			owes = owe.Staff(c.LeftBy(id))
		}
		if err := st.MarkWithdrawn(ctx, a, at, owes...); err != nil {
			return nil, err
		}
	}
	return ended, nil
}

// LeftBy lists the matches that the person's leaving ended (by this request or an earlier one
// that stopped before the person was marked withdrawn).
func (c *Cycle) LeftBy(id string) []*store.Match {
	a := c.Apps[id]
	var out []*store.Match
	for _, m := range c.Matches {
		if a != nil && m.Ended && m.EndReason == store.EndWithdrawal && m.EndedBy == a.Role && (m.Mentor == id || m.Mentee == id) {
			out = append(out, m)
		}
	}
	return out
}

// End ends an active match for a reason other than a withdrawal (a rematch, or staff), owing in
// the same write the notices to its sides that it ended (store.EndMatchTelling).
func (c *Cycle) End(ctx context.Context, st *store.Store, m *store.Match, reason store.EndReason, at time.Time, notices ...store.Email) error {
	if reason == store.EndWithdrawal {
		return fmt.Errorf("lifecycle: a withdrawal ends matches through Withdraw")
	}
	return st.EndMatchTelling(ctx, m, reason, "", at, notices...)
}

// List is the cycle's applications, mentors first, each role in order of submission.
func (c *Cycle) List() []*store.Application {
	var out []*store.Application
	for _, a := range c.Apps {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *store.Application) int {
		if a.Role != b.Role {
			return slices.Index(forms.Roles, a.Role) - slices.Index(forms.Roles, b.Role)
		}
		return a.SubmittedAt.Compare(b.SubmittedAt)
	})
	return out
}

// Certificate is whether a person gets a certificate of completion for the cycle, and why.
type Certificate struct {
	Issued bool
	ByHand bool           // staff issued it by hand, as an exception to the rule
	Pairs  []*store.Match // the pairs through which the person earned it by the rule
	// Missing, when the person has not earned it by the rule, says what their pair that came
	// closest did not send, in plain words ("the mid-point tracker"); empty when they left the
	// program or were never matched.
	Missing []string
	Why     string // when not issued: why not, in plain words, naming the person
	// Partners, when issued, are the application ids of the partners it names: those of the
	// person's pairs in which both answered the wrap-up survey agreeing to the names.
	Partners []string
}

// Certificate says whether the person with this application id gets a certificate of
// completion. The rule: a pair of theirs sent its goals and the mid-point tracker, and they
// answered the wrap-up survey in it; a person who left the program gets none. Staff may issue
// one by hand to anyone who was matched (IssueCertificate), whatever the rule says. years holds
// what the person's pairs sent, by match key; a pair missing from it sent nothing.
func (c *Cycle) Certificate(id string, years map[string]*store.Year) Certificate {
	a := c.Apps[id]
	if a == nil {
		return Certificate{Why: "There is no such application in " + c.Cycle.Title() + "."}
	}
	name := a.Form.Applicant().Name
	var out Certificate
	var closest []string
	for _, m := range c.Matches {
		if m.Mentor != id && m.Mentee != id {
			continue
		}
		y := years[m.Key()]
		if y == nil {
			y = store.NewYear()
		}
		var missing []string
		if len(y.Goals) == 0 {
			missing = append(missing, "the pair's goals")
		}
		if y.Tracker == nil {
			missing = append(missing, "the mid-point tracker")
		}
		if y.Surveys[a.Role] == nil {
			missing = append(missing, "the wrap-up survey")
		}
		if namesPartner(y.Surveys[forms.RoleMentor]) && namesPartner(y.Surveys[forms.RoleMentee]) {
			partner := m.Mentor
			if partner == id {
				partner = m.Mentee
			}
			out.Partners = append(out.Partners, partner)
		}
		if len(missing) == 0 {
			out.Pairs = append(out.Pairs, m)
		} else if closest == nil || len(missing) < len(closest) {
			closest = missing
		}
	}
	switch {
	case !a.CertificateByHand.IsZero():
		out.Issued, out.ByHand = true, true
	case c.Person(id) == Withdrawn:
		out.Pairs, out.Partners = nil, nil
		out.Why = name + " left the program, so gets no certificate unless staff issue one by hand."
	case len(out.Pairs) > 0:
		out.Issued = true
	case closest == nil:
		out.Partners = nil
		out.Why = name + " was never matched this year."
	default:
		out.Partners = nil
		out.Missing = closest
		out.Why = fmt.Sprintf("The ALSC office did not receive %s for %s.", andList(closest), name)
	}
	return out
}

// namesPartner reports whether a wrap-up survey agreed that the partners' certificates may
// name each other.
func namesPartner(e *store.Entry) bool {
	if e == nil {
		return false
	}
	s, ok := e.Answers.(*forms.Survey)
	return ok && s.NamesPartner()
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// IssueCertificate records that staff issue the person with this application id a certificate
// of completion by hand, as an exception to the rule of Certificate: anyone who was matched this
// cycle, even after leaving the program. Issuing again changes nothing.
func (c *Cycle) IssueCertificate(ctx context.Context, st *store.Store, id string, at time.Time) error {
	a := c.Apps[id]
	if a == nil {
		return fmt.Errorf("lifecycle: no application %s in %s", id, c.Cycle.ID)
	}
	if !slices.ContainsFunc(c.Matches, func(m *store.Match) bool { return m.Mentor == id || m.Mentee == id }) {
		return &RefusedError{Message: fmt.Sprintf("%s was never matched this year, so has no page to print a certificate from.",
			a.Form.Applicant().Name)}
	}
	if !a.CertificateByHand.IsZero() {
		return nil
	}
	return st.SetCertificateByHand(ctx, a, at)
}
