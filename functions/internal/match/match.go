// Package match pairs mentees with mentors optimally: given each mentor's capacity and a weight
// for every allowed (mentee, mentor) pair, it finds an assignment that is provably best for the
// chosen objective. It is pure computation: no AWS, no I/O beyond decoding an instance.
//
// Solve is exact on every instance. Coverage first computes the largest number of pairs any
// assignment can make (Hopcroft–Karp), then solves one capacitated assignment problem in which a
// zero-cost "unmatched" column holds exactly the mentees that cannot all be paired; quality lets
// every mentee use that column. The assignment problem is solved by shortest augmenting paths
// with dual prices (Jonker–Volgenant), mentors being columns with capacities, never expanded into
// slots. No large penalty constants are involved, so the lexicographic order of coverage is exact.
//
// Ties are broken by ids: mentees and mentors are sorted by id before solving, so the answer
// depends only on the instance's content, never on the order of its lists; among equally good
// assignments the solver's deterministic order over sorted ids decides.
//
// Pairs fixed by staff ("pins") are applied before solving: remove the pinned mentee from the
// problem, lower the pinned mentor's capacity by one, and add the pinned pair to the answer.
package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Objective says what an assignment optimises.
type Objective string

const (
	// Coverage makes as many pairs as possible, then the highest total weight among those.
	Coverage Objective = "coverage"
	// Quality makes the highest total weight; leaving someone unmatched is allowed.
	Quality Objective = "quality"
)

// ErrMalformed marks every error caused by a malformed instance or problem.
var ErrMalformed = errors.New("malformed instance")

// Mentor is a mentor and how many mentees they can take.
type Mentor struct {
	ID       string `json:"id"`
	Capacity int    `json:"capacity"`
}

// Allowed is an allowed pair, by index into Problem.Mentees and Problem.Mentors, with its weight.
type Allowed struct {
	Mentee, Mentor int
	Weight         float64
}

// Problem is a matching problem: pairs not listed in Allowed are forbidden.
type Problem struct {
	Objective Objective // empty means Coverage
	Mentees   []string
	Mentors   []Mentor
	Allowed   []Allowed
}

// Pair is one proposed (mentor, mentee) pair and its weight.
type Pair struct {
	Mentor string  `json:"mentor"`
	Mentee string  `json:"mentee"`
	Weight float64 `json:"weight"`
}

// Assignment is an optimal answer: pairs sorted by mentee id, and the mentees left unmatched.
type Assignment struct {
	Pairs     []Pair   `json:"pairs"`
	Matched   int      `json:"matched"`
	Total     float64  `json:"total"`
	Unmatched []string `json:"unmatched"`
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// Validate reports the first way p is malformed, or nil.
func (p *Problem) Validate() error {
	switch p.Objective {
	case "", Coverage, Quality:
	default:
		return malformed("objective %q is unknown; use %q or %q", p.Objective, Coverage, Quality)
	}
	if err := uniqueIDs("mentee", len(p.Mentees), func(i int) string { return p.Mentees[i] }); err != nil {
		return err
	}
	if err := uniqueIDs("mentor", len(p.Mentors), func(i int) string { return p.Mentors[i].ID }); err != nil {
		return err
	}
	for _, m := range p.Mentors {
		if m.Capacity < 0 {
			return malformed("mentor %q has capacity %d; capacity cannot be negative", m.ID, m.Capacity)
		}
	}
	perMentee := make([]int32, len(p.Mentees)+1)
	ordered := true // by mentee, then mentor: then pairs listed twice are neighbours
	for k, a := range p.Allowed {
		if a.Mentee < 0 || a.Mentee >= len(p.Mentees) || a.Mentor < 0 || a.Mentor >= len(p.Mentors) {
			return malformed("allowed pair (mentee %d, mentor %d) is out of range", a.Mentee, a.Mentor)
		}
		if math.IsNaN(a.Weight) || math.IsInf(a.Weight, 0) {
			return malformed("weight of mentee %q with mentor %q is %v; weights must be finite numbers",
				p.Mentees[a.Mentee], p.Mentors[a.Mentor].ID, a.Weight)
		}
		if k > 0 && ordered {
			b := p.Allowed[k-1]
			if b.Mentee == a.Mentee && b.Mentor == a.Mentor {
				return twice(p, a)
			}
			ordered = b.Mentee < a.Mentee || b.Mentee == a.Mentee && b.Mentor < a.Mentor
		}
		perMentee[a.Mentee+1]++
	}
	if ordered {
		return nil
	}
	// Pairs listed twice: group the mentors by mentee, then mark each mentor with the last mentee seen.
	for e := range p.Mentees {
		perMentee[e+1] += perMentee[e]
	}
	mentors := make([]int32, len(p.Allowed))
	for _, a := range p.Allowed {
		mentors[perMentee[a.Mentee]] = int32(a.Mentor)
		perMentee[a.Mentee]++
	}
	last := make([]int32, len(p.Mentors))
	from := int32(0)
	for e := range p.Mentees {
		for _, m := range mentors[from:perMentee[e]] {
			if last[m] == int32(e)+1 {
				return twice(p, Allowed{Mentee: e, Mentor: int(m)})
			}
			last[m] = int32(e) + 1
		}
		from = perMentee[e]
	}
	return nil
}

func twice(p *Problem, a Allowed) error {
	return malformed("pair of mentee %q and mentor %q is listed twice", p.Mentees[a.Mentee], p.Mentors[a.Mentor].ID)
}

func uniqueIDs(kind string, n int, id func(int) string) error {
	seen := make(map[string]bool, n)
	for i := range n {
		s := id(i)
		if strings.TrimSpace(s) == "" {
			return malformed("%s %d has an empty id", kind, i+1)
		}
		if seen[s] {
			return malformed("%s id %q appears more than once", kind, s)
		}
		seen[s] = true
	}
	return nil
}

// Solve returns an optimal assignment for p, or an error wrapping ErrMalformed.
func Solve(p Problem) (Assignment, error) {
	if err := p.Validate(); err != nil {
		return Assignment{}, err
	}
	quality := p.Objective == Quality

	// Rows are mentees and columns mentors, both in id order; mentors without capacity,
	// mentees without any allowed pair (and, for quality, pairs below zero) drop out.
	menteeOrder := sortedBy(len(p.Mentees), func(i int) string { return p.Mentees[i] })
	mentorOrder := sortedBy(len(p.Mentors), func(i int) string { return p.Mentors[i].ID })
	col := make([]int32, len(p.Mentors))
	var colMentor []int
	var capacity []int32
	for _, m := range mentorOrder {
		col[m] = -1
		if c := p.Mentors[m].Capacity; c > 0 {
			col[m] = int32(len(colMentor))
			colMentor = append(colMentor, m)
			capacity = append(capacity, int32(min(c, len(p.Mentees))))
		}
	}
	degree := make([]int32, len(p.Mentees))
	kept := 0
	for _, a := range p.Allowed {
		if col[a.Mentor] >= 0 && !(quality && a.Weight < 0) {
			degree[a.Mentee]++
			kept++
		}
	}
	row := make([]int32, len(p.Mentees))
	var rowMentee []int
	for _, e := range menteeOrder {
		row[e] = -1
		if degree[e] > 0 {
			row[e] = int32(len(rowMentee))
			rowMentee = append(rowMentee, e)
		}
	}

	g := newGraph(len(rowMentee), len(colMentor), kept)
	for _, a := range p.Allowed {
		if r, c := row[a.Mentee], col[a.Mentor]; r >= 0 && c >= 0 && !(quality && a.Weight < 0) {
			g.add(r, c, -a.Weight)
		}
	}
	g.finish()

	// The unmatched column takes, at zero cost, the mentees no assignment can pair (coverage)
	// or any mentee at all (quality).
	unmatched := g.rows
	if !quality {
		unmatched = g.rows - maxPairs(g, capacity, kept)
	}
	x, err := assign(g, capacity, unmatched)
	if err != nil {
		return Assignment{}, err
	}

	out := Assignment{Pairs: []Pair{}, Unmatched: []string{}}
	for _, e := range menteeOrder {
		r := row[e]
		if r < 0 || int(x[r]) >= len(colMentor) {
			out.Unmatched = append(out.Unmatched, p.Mentees[e])
			continue
		}
		w := -g.cost(r, x[r])
		out.Pairs = append(out.Pairs, Pair{Mentor: p.Mentors[colMentor[x[r]]].ID, Mentee: p.Mentees[e], Weight: w})
		out.Total += w
	}
	out.Matched = len(out.Pairs)
	return out, nil
}

// sortedBy returns the indexes 0..n-1 ordered by their ids.
func sortedBy(n int, id func(int) string) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(id(a), id(b)) })
	return order
}
