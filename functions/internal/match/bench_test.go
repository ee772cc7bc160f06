package match_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

// uniform is a square problem with uniform random weights and every pair allowed.
func uniform(n int) match.Problem {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	p := match.Problem{}
	for i := range n {
		p.Mentees = append(p.Mentees, fmt.Sprintf("e%05d", i))
		p.Mentors = append(p.Mentors, match.Mentor{ID: fmt.Sprintf("m%05d", i), Capacity: 1})
	}
	for e := range n {
		for m := range n {
			p.Allowed = append(p.Allowed, match.Allowed{Mentee: e, Mentor: m, Weight: rng.Float64()})
		}
	}
	return p
}

// capacitated has more mentees than mentors, capacity three and a share of forbidden pairs.
func capacitated(mentees, mentors int, forbidden float64) match.Problem {
	rng := rand.New(rand.NewPCG(uint64(mentees), 8))
	p := match.Problem{}
	for i := range mentees {
		p.Mentees = append(p.Mentees, fmt.Sprintf("e%05d", i))
	}
	for i := range mentors {
		p.Mentors = append(p.Mentors, match.Mentor{ID: fmt.Sprintf("m%05d", i), Capacity: 3})
	}
	for e := range mentees {
		for m := range mentors {
			if rng.Float64() >= forbidden {
				p.Allowed = append(p.Allowed, match.Allowed{Mentee: e, Mentor: m, Weight: rng.Float64()})
			}
		}
	}
	return p
}

func BenchmarkSolve(b *testing.B) {
	cases := map[string]match.Problem{
		"uniform-100":          uniform(100),
		"uniform-500":          uniform(500),
		"uniform-1000":         uniform(1000),
		"capacitated-2000x700": capacitated(2000, 700, 0.3),
		"sparse-2000x700":      capacitated(2000, 700, 0.95),
	}
	for name, p := range cases {
		for _, o := range objectives() {
			p.Objective = o
			b.Run(name+"/"+string(o), func(b *testing.B) {
				for b.Loop() {
					if _, err := match.Solve(p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
