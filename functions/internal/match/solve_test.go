package match_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/match/matchtest"
)

// shape describes a family of random problems.
type shape struct {
	mentees, mentors, capacity int     // upper bounds (capacity from 0)
	forbidden                  float64 // share of forbidden pairs
	ties                       bool    // weights from a few values only
	negative                   bool    // weights may be below zero
}

func random(rng *rand.Rand, s shape, o match.Objective) match.Problem {
	p := match.Problem{Objective: o}
	for i := range rng.IntN(s.mentees + 1) {
		p.Mentees = append(p.Mentees, fmt.Sprintf("e%03d", i))
	}
	for i := range rng.IntN(s.mentors + 1) {
		p.Mentors = append(p.Mentors, match.Mentor{ID: fmt.Sprintf("m%03d", i), Capacity: rng.IntN(s.capacity + 1)})
	}
	for e := range p.Mentees {
		for m := range p.Mentors {
			if rng.Float64() < s.forbidden {
				continue
			}
			w := rng.Float64()
			if s.ties {
				w = float64(rng.IntN(3)) / 2
			}
			if s.negative {
				w = 2*w - 1
			}
			p.Allowed = append(p.Allowed, match.Allowed{Mentee: e, Mentor: m, Weight: w})
		}
	}
	return p
}

func objectives() []match.Objective { return []match.Objective{match.Coverage, match.Quality} }

func mustSolve(t testing.TB, p match.Problem) (match.Assignment, matchtest.Optimum) {
	t.Helper()
	a, err := match.Solve(p)
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	got, err := matchtest.Check(p, a)
	if err != nil {
		t.Fatalf("infeasible answer: %v\nproblem %+v", err, p)
	}
	return a, got
}

func sameOptimum(o match.Objective, a, b matchtest.Optimum) bool {
	return !matchtest.Better(o, a, b) && !matchtest.Better(o, b, a)
}

func TestOptimalAgainstExhaustiveSearch(t *testing.T) {
	shapes := map[string]shape{
		"dense":       {mentees: 6, mentors: 4, capacity: 2},
		"sparse":      {mentees: 7, mentors: 4, capacity: 2, forbidden: 0.6},
		"ties":        {mentees: 6, mentors: 3, capacity: 3, forbidden: 0.3, ties: true},
		"negative":    {mentees: 6, mentors: 4, capacity: 2, forbidden: 0.3, negative: true},
		"unit":        {mentees: 6, mentors: 6, capacity: 1, forbidden: 0.2},
		"scarce":      {mentees: 7, mentors: 2, capacity: 2, forbidden: 0.4},
		"mostly-none": {mentees: 6, mentors: 4, capacity: 3, forbidden: 0.85},
	}
	for name, s := range shapes {
		for _, o := range objectives() {
			t.Run(name+"/"+string(o), func(t *testing.T) {
				for seed := range uint64(400) {
					p := random(rand.New(rand.NewPCG(seed, 1)), s, o)
					_, got := mustSolve(t, p)
					if want := matchtest.Exhaustive(p); !sameOptimum(o, got, want) {
						t.Fatalf("seed %d: got %+v, optimum is %+v\nproblem %+v", seed, got, want, p)
					}
				}
			})
		}
	}
}

func TestOptimalAgainstReferenceOnLargerProblems(t *testing.T) {
	shapes := map[string]shape{
		"square-dense":      {mentees: 40, mentors: 40, capacity: 1},
		"capacitated":       {mentees: 60, mentors: 20, capacity: 4, forbidden: 0.3},
		"sparse":            {mentees: 60, mentors: 30, capacity: 3, forbidden: 0.9},
		"more-mentees":      {mentees: 80, mentors: 15, capacity: 3, forbidden: 0.5},
		"ties-and-negative": {mentees: 50, mentors: 20, capacity: 3, forbidden: 0.4, ties: true, negative: true},
	}
	for name, s := range shapes {
		for _, o := range objectives() {
			t.Run(name+"/"+string(o), func(t *testing.T) {
				for seed := range uint64(25) {
					p := random(rand.New(rand.NewPCG(seed, 2)), s, o)
					_, got := mustSolve(t, p)
					if want := matchtest.Reference(p); !sameOptimum(o, got, want) {
						t.Fatalf("seed %d: got %+v, optimum is %+v", seed, got, want)
					}
				}
			})
		}
	}
}

// FuzzSolve builds a small problem from arbitrary bytes and compares with exhaustive search.
func FuzzSolve(f *testing.F) {
	f.Add([]byte{3, 2, 1, 2, 10, 200, 0, 30, 255, 7, 9})
	f.Add([]byte{5, 1, 4, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		p := match.Problem{Objective: objectives()[next()%2]}
		nE, nM := next()%7, next()%4
		for i := range nE {
			p.Mentees = append(p.Mentees, fmt.Sprint("e", i))
		}
		for i := range nM {
			p.Mentors = append(p.Mentors, match.Mentor{ID: fmt.Sprint("m", i), Capacity: next() % 4})
		}
		for e := range nE {
			for m := range nM {
				if b := next(); b%4 != 0 {
					p.Allowed = append(p.Allowed, match.Allowed{Mentee: e, Mentor: m, Weight: float64(b-128) / 16})
				}
			}
		}
		_, got := mustSolve(t, p)
		if want := matchtest.Exhaustive(p); !sameOptimum(p.Objective, got, want) {
			t.Fatalf("got %+v, optimum is %+v for %+v", got, want, p)
		}
	})
}

func TestEdgeCases(t *testing.T) {
	mentors := func(caps ...int) []match.Mentor {
		var ms []match.Mentor
		for i, c := range caps {
			ms = append(ms, match.Mentor{ID: fmt.Sprint("m", i+1), Capacity: c})
		}
		return ms
	}
	mentees := func(n int) []string {
		var es []string
		for i := range n {
			es = append(es, fmt.Sprint("e", i+1))
		}
		return es
	}
	all := func(nE, nM int, w float64) []match.Allowed {
		var as []match.Allowed
		for e := range nE {
			for m := range nM {
				as = append(as, match.Allowed{Mentee: e, Mentor: m, Weight: w + float64(e)/10})
			}
		}
		return as
	}
	tests := []struct {
		name      string
		problem   match.Problem
		matched   int
		unmatched []string
	}{
		{"nobody at all", match.Problem{}, 0, nil},
		{"no mentors", match.Problem{Mentees: mentees(3)}, 0, []string{"e1", "e2", "e3"}},
		{"no mentees", match.Problem{Mentors: mentors(2, 1)}, 0, nil},
		{"all pairs forbidden", match.Problem{Mentees: mentees(3), Mentors: mentors(2, 2)}, 0, []string{"e1", "e2", "e3"}},
		{"capacity zero", match.Problem{Mentees: mentees(2), Mentors: mentors(0, 0), Allowed: all(2, 2, 1)}, 0, []string{"e1", "e2"}},
		{"more mentees than slots", match.Problem{Mentees: mentees(5), Mentors: mentors(1, 2), Allowed: all(5, 2, 0.5)}, 3, []string{"e1", "e2"}},
		{"one mentor takes everyone", match.Problem{Mentees: mentees(6), Mentors: mentors(6), Allowed: all(6, 1, 0.1)}, 6, nil},
		{"quality leaves a negative pair out", match.Problem{Objective: match.Quality, Mentees: mentees(2), Mentors: mentors(2),
			Allowed: []match.Allowed{{0, 0, -0.5}, {1, 0, 0.25}}}, 1, []string{"e1"}},
		{"coverage takes a negative pair to pair more", match.Problem{Mentees: mentees(2), Mentors: mentors(1, 1),
			Allowed: []match.Allowed{{0, 0, 0.9}, {1, 0, 0.8}, {0, 1, -0.5}}}, 2, nil},
		{"coverage gives up weight for a pair", match.Problem{Mentees: mentees(2), Mentors: mentors(1, 1),
			Allowed: []match.Allowed{{0, 0, 1}, {0, 1, 0.1}, {1, 0, 0.1}}}, 2, nil},
		{"quality keeps the heavy pair", match.Problem{Objective: match.Quality, Mentees: mentees(2), Mentors: mentors(1, 1),
			Allowed: []match.Allowed{{0, 0, 1}, {0, 1, 0.1}, {1, 0, 0.1}}}, 1, []string{"e2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, got := mustSolve(t, tc.problem)
			if want := matchtest.Exhaustive(tc.problem); !sameOptimum(tc.problem.Objective, got, want) {
				t.Errorf("got %+v, optimum is %+v", got, want)
			}
			if a.Matched != tc.matched {
				t.Errorf("matched %d, want %d", a.Matched, tc.matched)
			}
			if !slices.Equal(a.Unmatched, append([]string{}, tc.unmatched...)) {
				t.Errorf("unmatched %q, want %q", a.Unmatched, tc.unmatched)
			}
		})
	}
}

// TestSameAnswerInAnyOrder shuffles mentees, mentors and pairs of instances full of ties: the
// answer must not change by a single byte.
func TestSameAnswerInAnyOrder(t *testing.T) {
	for _, s := range []shape{
		{mentees: 30, mentors: 10, capacity: 3, forbidden: 0.3, ties: true},
		{mentees: 30, mentors: 30, capacity: 1, ties: true},
		{mentees: 40, mentors: 10, capacity: 2, forbidden: 0.8, ties: true},
	} {
		for _, o := range objectives() {
			for seed := range uint64(10) {
				rng := rand.New(rand.NewPCG(seed, 3))
				p := random(rng, s, o)
				first := answer(t, p)
				for range 5 {
					if got := answer(t, shuffled(rng, p)); got != first {
						t.Fatalf("%v seed %d: order changed the answer:\n%s\n%s", o, seed, first, got)
					}
				}
			}
		}
	}
}

func answer(t *testing.T, p match.Problem) string {
	a, _ := mustSolve(t, p)
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func shuffled(rng *rand.Rand, p match.Problem) match.Problem {
	eOrder, mOrder := rng.Perm(len(p.Mentees)), rng.Perm(len(p.Mentors))
	q := match.Problem{Objective: p.Objective, Mentees: make([]string, len(p.Mentees)), Mentors: make([]match.Mentor, len(p.Mentors))}
	for i, j := range eOrder {
		q.Mentees[j] = p.Mentees[i]
	}
	for i, j := range mOrder {
		q.Mentors[j] = p.Mentors[i]
	}
	for _, k := range rng.Perm(len(p.Allowed)) {
		a := p.Allowed[k]
		q.Allowed = append(q.Allowed, match.Allowed{Mentee: eOrder[a.Mentee], Mentor: mOrder[a.Mentor], Weight: a.Weight})
	}
	return q
}

func TestMalformedProblems(t *testing.T) {
	base := func() match.Problem {
		return match.Problem{Mentees: []string{"e1", "e2"}, Mentors: []match.Mentor{{ID: "m1", Capacity: 1}},
			Allowed: []match.Allowed{{0, 0, 0.5}}}
	}
	tests := []struct {
		name   string
		change func(*match.Problem)
		want   string
	}{
		{"unknown objective", func(p *match.Problem) { p.Objective = "speed" }, `objective "speed" is unknown`},
		{"negative capacity", func(p *match.Problem) { p.Mentors[0].Capacity = -1 }, `mentor "m1" has capacity -1`},
		{"NaN weight", func(p *match.Problem) { p.Allowed[0].Weight = math.NaN() }, "weights must be finite"},
		{"infinite weight", func(p *match.Problem) { p.Allowed[0].Weight = math.Inf(-1) }, "weights must be finite"},
		{"duplicate mentee", func(p *match.Problem) { p.Mentees[1] = "e1" }, `mentee id "e1" appears more than once`},
		{"empty mentor id", func(p *match.Problem) { p.Mentors[0].ID = " " }, "mentor 1 has an empty id"},
		{"pair out of range", func(p *match.Problem) { p.Allowed[0].Mentor = 3 }, "out of range"},
		{"pair listed twice", func(p *match.Problem) { p.Allowed = append(p.Allowed, p.Allowed[0]) }, "listed twice"},
		{"pair listed twice apart", func(p *match.Problem) {
			p.Allowed = append(p.Allowed, match.Allowed{Mentee: 1, Mentor: 0}, p.Allowed[0])
		}, `mentee "e1" and mentor "m1" is listed twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base()
			tc.change(&p)
			_, err := match.Solve(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errorsIsMalformed(err) {
				t.Fatalf("error %v, want one containing %q and wrapping ErrMalformed", err, tc.want)
			}
		})
	}
}
