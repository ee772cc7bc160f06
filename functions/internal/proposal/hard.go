package proposal

import (
	"slices"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

// favourHardToPlace is the coverage objective's tie-break: among assignments with the most
// pairs, prefer those that pair the hard-to-place, then the best total score.
//
// A mentee's difficulty is how few mentors (with room) they may be paired with. The rule: for
// every d, the number of paired mentees with at most d possible mentors is the largest any
// assignment with the most pairs allows, all at once; among those assignments, the best total
// score. The sets of mentees one assignment can pair form a matroid, so one assignment meets
// every d at once, and it is one that maximises the sum of priorities (maxDegree + 1 − degree)
// over paired mentees, for any priorities falling strictly with the degree. Each allowed pair's
// weight gains its mentee's priority times a step larger than any two totals of score can
// differ; the solver, exact for the most pairs and then the best total weight, does the rest.
// Scores in the answer are the pairs' own; only the solver sees these weights.
func favourHardToPlace(p match.Problem) match.Problem {
	if len(p.Allowed) == 0 {
		return p
	}
	open := make([]bool, len(p.Mentors))
	for j, m := range p.Mentors {
		open[j] = m.Capacity > 0
	}
	degree := make([]int, len(p.Mentees))
	lo, hi := p.Allowed[0].Weight, p.Allowed[0].Weight
	for _, a := range p.Allowed {
		if open[a.Mentor] {
			degree[a.Mentee]++
		}
		lo, hi = min(lo, a.Weight), max(hi, a.Weight)
	}
	most := slices.Max(degree)
	step := (hi-lo)*float64(len(p.Mentees)) + 1
	q := p
	q.Allowed = make([]match.Allowed, len(p.Allowed))
	for i, a := range p.Allowed {
		a.Weight += step * float64(most+1-degree[a.Mentee])
		q.Allowed[i] = a
	}
	return q
}
