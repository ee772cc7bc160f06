// Package matchtest checks matcher answers independently of the solver: a feasibility check and
// an exhaustive search for the optimum of small problems.
package matchtest

import (
	"fmt"
	"math"
	"sort"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

// Tolerance is the absolute difference below which two totals are the same.
const Tolerance = 1e-9

// Optimum is the best (pairs, total) an assignment can reach under an objective.
type Optimum struct {
	Pairs int
	Total float64
}

// Exhaustive tries every assignment of p (each mentee to an allowed mentor with room, or to none)
// and returns the optimum for p's objective. Only for small problems.
func Exhaustive(p match.Problem) Optimum {
	best := Optimum{Pairs: 0, Total: 0}
	Each(p, func(mentor []int, o Optimum) {
		if Better(p.Objective, o, best) {
			best = o
		}
	})
	return best
}

// Each calls visit with every feasible assignment of p: mentor[e] is the index of mentee e's
// mentor, or -1, with the assignment's pairs and total. Only for small problems.
func Each(p match.Problem, visit func(mentor []int, o Optimum)) {
	weight := make(map[[2]int]float64, len(p.Allowed))
	for _, a := range p.Allowed {
		weight[[2]int{a.Mentee, a.Mentor}] = a.Weight
	}
	room := make([]int, len(p.Mentors))
	for i, m := range p.Mentors {
		room[i] = m.Capacity
	}
	mentor := make([]int, len(p.Mentees))
	var try func(e, pairs int, total float64)
	try = func(e, pairs int, total float64) {
		if e == len(p.Mentees) {
			visit(mentor, Optimum{pairs, total})
			return
		}
		mentor[e] = -1
		try(e+1, pairs, total)
		for m := range p.Mentors {
			if w, ok := weight[[2]int{e, m}]; ok && room[m] > 0 {
				room[m]--
				mentor[e] = m
				try(e+1, pairs+1, total+w)
				room[m]++
			}
		}
		mentor[e] = -1
	}
	try(0, 0, 0)
}

// Better reports whether a beats b under the objective by more than Tolerance.
func Better(o match.Objective, a, b Optimum) bool {
	if o != match.Quality && a.Pairs != b.Pairs {
		return a.Pairs > b.Pairs
	}
	return a.Total > b.Total+Tolerance
}

// Check verifies that a is a feasible answer to p with consistent counts, and returns its value.
func Check(p match.Problem, a match.Assignment) (Optimum, error) {
	weight := make(map[[2]string]float64, len(p.Allowed))
	for _, al := range p.Allowed {
		weight[[2]string{p.Mentees[al.Mentee], p.Mentors[al.Mentor].ID}] = al.Weight
	}
	room := make(map[string]int, len(p.Mentors))
	for _, m := range p.Mentors {
		room[m.ID] = m.Capacity
	}
	seen := map[string]bool{}
	total := 0.0
	for _, pr := range a.Pairs {
		w, ok := weight[[2]string{pr.Mentee, pr.Mentor}]
		switch {
		case !ok:
			return Optimum{}, fmt.Errorf("pair %v is not allowed", pr)
		case w != pr.Weight:
			return Optimum{}, fmt.Errorf("pair %v reports weight %v, want %v", pr, pr.Weight, w)
		case seen[pr.Mentee]:
			return Optimum{}, fmt.Errorf("mentee %s is paired twice", pr.Mentee)
		case room[pr.Mentor] == 0:
			return Optimum{}, fmt.Errorf("mentor %s is over capacity", pr.Mentor)
		}
		seen[pr.Mentee] = true
		room[pr.Mentor]--
		total += w
	}
	var unmatched []string
	for _, e := range p.Mentees {
		if !seen[e] {
			unmatched = append(unmatched, e)
		}
	}
	sort.Strings(unmatched)
	got := append([]string(nil), a.Unmatched...)
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(unmatched) || a.Unmatched == nil {
		return Optimum{}, fmt.Errorf("unmatched = %q, want %q", a.Unmatched, unmatched)
	}
	if a.Matched != len(a.Pairs) {
		return Optimum{}, fmt.Errorf("matched = %d, but %d pairs", a.Matched, len(a.Pairs))
	}
	if math.Abs(a.Total-total) > Tolerance {
		return Optimum{}, fmt.Errorf("total = %v, pairs sum to %v", a.Total, total)
	}
	return Optimum{len(a.Pairs), total}, nil
}

// Reference solves p by successive shortest paths with Bellman–Ford on the residual network,
// one pair at a time: after k steps the pairs form a best k-pair assignment. Coverage stops when
// no path is left; quality stops when the next path would not raise the total. Slow but simple,
// for problems of a few hundred pairs.
func Reference(p match.Problem) Optimum {
	type edge struct {
		to, cap int
		cost    float64
	}
	nE, nM := len(p.Mentees), len(p.Mentors)
	source, sink := nE+nM, nE+nM+1
	var edges []edge
	adj := make([][]int, nE+nM+2)
	link := func(a, b, c int, cost float64) {
		adj[a] = append(adj[a], len(edges))
		edges = append(edges, edge{b, c, cost})
		adj[b] = append(adj[b], len(edges))
		edges = append(edges, edge{a, 0, -cost})
	}
	for e := range nE {
		link(source, e, 1, 0)
	}
	for _, a := range p.Allowed {
		link(a.Mentee, nE+a.Mentor, 1, -a.Weight)
	}
	for m, mentor := range p.Mentors {
		link(nE+m, sink, mentor.Capacity, 0)
	}
	best := Optimum{}
	for {
		dist := make([]float64, len(adj))
		via := make([]int, len(adj))
		for i := range dist {
			dist[i], via[i] = math.Inf(1), -1
		}
		dist[source] = 0
		for changed, round := true, 0; changed && round < len(adj); round++ {
			changed = false
			for u := range adj {
				if math.IsInf(dist[u], 1) {
					continue
				}
				for _, id := range adj[u] {
					if ed := edges[id]; ed.cap > 0 && dist[u]+ed.cost < dist[ed.to]-1e-12 {
						dist[ed.to], via[ed.to], changed = dist[u]+ed.cost, id, true
					}
				}
			}
		}
		if math.IsInf(dist[sink], 1) || p.Objective == match.Quality && dist[sink] >= 0 {
			return best
		}
		for v := sink; v != source; v = edges[via[v]^1].to {
			edges[via[v]].cap--
			edges[via[v]^1].cap++
		}
		best.Pairs++
		best.Total -= dist[sink]
	}
}
