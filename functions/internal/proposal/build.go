package proposal

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

// Mentor is a mentor the matcher may pair, with the number of mentees they can take.
type Mentor struct {
	*scoring.Person
	Capacity int
}

// Input is everything a proposal is built from.
type Input struct {
	Objective match.Objective
	Weights   scoring.Weights
	Mentors   []Mentor
	Mentees   []*scoring.Person
	Pins      [][2]string // pairs fixed by staff: [mentor id, mentee id]
	// First names people to pair before anyone else is considered (those who asked for a
	// rematch): as many of them as possible are paired, best total score among those, and only
	// then everyone else, with the room left.
	First []string
	// Partial says the run leaves out people of the pool (staff's exclusions); its summary then
	// withholds its tables (see Summary).
	Partial bool
}

// Unmatched is a person the proposal leaves unpaired, and why (staff only).
type Unmatched struct {
	ID     string     `json:"id"`
	Role   forms.Role `json:"role"`
	Reason string     `json:"reason"`
}

// Few is a person with fewer than two possible partners in the run: staff may want to look
// before committing (Partners 0 or 1).
type Few struct {
	ID       string     `json:"id"`
	Role     forms.Role `json:"role"`
	Partners int        `json:"partners"`
}

// Summary is the part of a proposal that is safe to show beyond the staff liaison: counts, and
// the tables of preferences honoured and of fairness, with no group smaller than MinGroup.
//
// Against differencing (two summaries whose tables differ by exactly one person's answers) the
// rule is: the tables describe only a run over the whole pool as it stands (see Input.Partial).
// A run that leaves anyone out, fixes pairs or puts some people first gives counts only, and
// Withheld says why. Two summaries with tables then differ only where the pool itself changed,
// which only the liaison's review decisions do.
type Summary struct {
	Mentees    int        `json:"mentees"`
	Mentors    int        `json:"mentors"`
	Places     int        `json:"places"`
	Pairs      int        `json:"pairs"`
	Pinned     int        `json:"pinned"`
	Unpaired   int        `json:"unpaired_mentees"`
	SpareSlots int        `json:"spare_places"`
	Total      float64    `json:"total_score"`
	Honoured   []Honoured `json:"preferences_honoured"`
	Fairness   []Group    `json:"fairness"`
	Withheld   string     `json:"tables_withheld,omitempty"`
}

// withheld is what Summary.Withheld says.
const withheld = "The tables of preferences honoured and of fairness are left out of this proposal: it left people out, " +
	"fixed pairs or put some people first, and comparing such proposals could tell one person's confidential answers. " +
	"A proposal made from everyone as they stand, with nobody left out or pinned, shows them."

// Proposal is an optimal set of pairs for staff to review.
type Proposal struct {
	Objective match.Objective `json:"objective"`
	Pairs     []Pair          `json:"pairs"`
	Unmatched []Unmatched     `json:"unmatched"`
	Few       []Few           `json:"few_partners,omitempty"`
	Summary   Summary         `json:"summary"`
}

// ErrPin marks a pin staff asked for that cannot be honoured.
var ErrPin = errors.New("pin refused")

// Build scores every pair, fixes the pins, solves the rest optimally and explains the result.
func Build(in Input) (*Proposal, error) {
	mentors := map[string]*scoring.Person{}
	room := map[string]int{}
	for _, m := range in.Mentors {
		mentors[m.ID] = m.Person
		room[m.ID] = m.Capacity
	}
	mentees := map[string]*scoring.Person{}
	for _, e := range in.Mentees {
		mentees[e.ID] = e
	}

	var pairs []Pair
	placed := map[string]bool{} // mentees already given a mentor
	for _, pin := range in.Pins {
		m, e := mentors[pin[0]], mentees[pin[1]]
		switch {
		case m == nil || e == nil:
			return nil, fmt.Errorf("%w: %s–%s: both must be accepted applications in this run", ErrPin, pin[0], pin[1])
		case placed[e.ID]:
			return nil, fmt.Errorf("%w: mentee %s is pinned twice", ErrPin, e.ID)
		case room[m.ID] == 0:
			return nil, fmt.Errorf("%w: mentor %s has no room left for %s", ErrPin, m.ID, e.ID)
		}
		v := in.Weights.Score(e, m)
		if !v.Allowed {
			return nil, fmt.Errorf("%w: %s–%s breaks: %s", ErrPin, m.ID, e.ID, strings.Join(v.Broken, "; "))
		}
		placed[e.ID] = true
		room[m.ID]--
		pairs = append(pairs, Pair{Mentor: m.ID, Mentee: e.ID, Score: v.Score, Contributions: v.Contributions, Pinned: true})
	}

	var free []*scoring.Person
	for _, e := range in.Mentees {
		if !placed[e.ID] {
			free = append(free, e)
		}
	}
	verdicts := make(map[[2]string]scoring.Verdict, len(free)*len(in.Mentors))
	for _, e := range free {
		for _, m := range in.Mentors {
			verdicts[[2]string{m.ID, e.ID}] = in.Weights.Score(e, m.Person)
		}
	}
	solve := func(objective match.Objective, mentees []*scoring.Person, keep func(mentor, mentee string) bool) error {
		prob := match.Problem{Objective: objective}
		for _, e := range mentees {
			prob.Mentees = append(prob.Mentees, e.ID)
		}
		for _, m := range in.Mentors {
			prob.Mentors = append(prob.Mentors, match.Mentor{ID: m.ID, Capacity: room[m.ID]})
		}
		for i, e := range mentees {
			for j, m := range in.Mentors {
				if v := verdicts[[2]string{m.ID, e.ID}]; v.Allowed && keep(m.ID, e.ID) {
					prob.Allowed = append(prob.Allowed, match.Allowed{Mentee: i, Mentor: j, Weight: v.Score})
				}
			}
		}
		if objective != match.Quality {
			prob = favourHardToPlace(prob)
		}
		a, err := match.Solve(prob)
		if err != nil {
			return err
		}
		for _, p := range a.Pairs {
			v := verdicts[[2]string{p.Mentor, p.Mentee}]
			pairs = append(pairs, Pair{Mentor: p.Mentor, Mentee: p.Mentee, Score: v.Score, Contributions: v.Contributions})
			room[p.Mentor]--
			placed[p.Mentee] = true
		}
		return nil
	}
	if len(in.First) > 0 {
		first := func(mentor, mentee string) bool {
			return slices.Contains(in.First, mentor) || slices.Contains(in.First, mentee)
		}
		if err := solve(match.Coverage, free, first); err != nil {
			return nil, err
		}
	}
	var rest []*scoring.Person
	for _, e := range free {
		if !placed[e.ID] {
			rest = append(rest, e)
		}
	}
	if err := solve(in.Objective, rest, func(string, string) bool { return true }); err != nil {
		return nil, err
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].Mentee < pairs[j].Mentee })

	paired := map[string]bool{}
	for _, p := range pairs {
		paired[p.Mentor], paired[p.Mentee] = true, true
	}
	prop := &Proposal{Objective: in.Objective, Pairs: pairs}
	if prop.Objective == "" {
		prop.Objective = match.Coverage
	}
	for _, e := range free {
		if paired[e.ID] {
			continue
		}
		vs, full := make([]scoring.Verdict, len(in.Mentors)), make([]bool, len(in.Mentors))
		for j, m := range in.Mentors {
			vs[j], full[j] = verdicts[[2]string{m.ID, e.ID}], room[m.ID] == 0
		}
		prop.Unmatched = append(prop.Unmatched, Unmatched{ID: e.ID, Role: forms.RoleMentee, Reason: scoring.WhyUnmatched(vs, full)})
	}
	for _, m := range in.Mentors {
		if paired[m.ID] {
			continue
		}
		vs, full := make([]scoring.Verdict, len(in.Mentees)), make([]bool, len(in.Mentees))
		for i, e := range in.Mentees {
			vs[i], full[i] = in.Weights.Score(e, m.Person), paired[e.ID]
		}
		reason := scoring.WhyUnmatched(vs, full)
		if room[m.ID] == 0 {
			reason = "offered no places this year"
		}
		prop.Unmatched = append(prop.Unmatched, Unmatched{ID: m.ID, Role: forms.RoleMentor, Reason: reason})
	}
	prop.Few = fewPartners(in, verdicts)
	prop.Summary = summarise(in, pairs, room, paired, mentors, mentees)
	return prop, nil
}

// fewPartners lists the people with fewer than two possible partners in the run: mentees, then
// mentors, each sorted by ID. verdicts holds the pairs already judged; the rest are judged here.
func fewPartners(in Input, verdicts map[[2]string]scoring.Verdict) []Few {
	menteeN, mentorN := make([]int, len(in.Mentees)), make([]int, len(in.Mentors))
	for i, e := range in.Mentees {
		for j, m := range in.Mentors {
			v, ok := verdicts[[2]string{m.ID, e.ID}]
			if !ok {
				v = in.Weights.Score(e, m.Person)
			}
			if v.Allowed {
				menteeN[i]++
				mentorN[j]++
			}
		}
	}
	var few, mentorFew []Few
	for i, e := range in.Mentees {
		if menteeN[i] < 2 {
			few = append(few, Few{ID: e.ID, Role: forms.RoleMentee, Partners: menteeN[i]})
		}
	}
	for j, m := range in.Mentors {
		if mentorN[j] < 2 {
			mentorFew = append(mentorFew, Few{ID: m.ID, Role: forms.RoleMentor, Partners: mentorN[j]})
		}
	}
	byID := func(a, b Few) int { return strings.Compare(a.ID, b.ID) }
	slices.SortStableFunc(few, byID)
	slices.SortStableFunc(mentorFew, byID)
	return append(few, mentorFew...)
}

func summarise(in Input, pairs []Pair, room map[string]int, paired map[string]bool,
	mentors, mentees map[string]*scoring.Person) Summary {
	s := Summary{Mentees: len(in.Mentees), Mentors: len(in.Mentors), Pairs: len(pairs)}
	for _, m := range in.Mentors {
		s.Places += m.Capacity
		s.SpareSlots += room[m.ID]
	}
	for _, p := range pairs {
		s.Total += p.Score
		if p.Pinned {
			s.Pinned++
		}
	}
	s.Unpaired = s.Mentees - s.Pairs
	if in.Partial || len(in.Pins) > 0 || len(in.First) > 0 {
		s.Withheld = withheld
		return s
	}
	s.Honoured = foldHonoured(Honour(pairs, mentors, mentees))
	ms := make([]*scoring.Person, len(in.Mentors))
	for i, m := range in.Mentors {
		ms[i] = m.Person
	}
	s.Fairness = append(Fairness(forms.RoleMentee, in.Mentees, paired), Fairness(forms.RoleMentor, ms, paired)...)
	return s
}
