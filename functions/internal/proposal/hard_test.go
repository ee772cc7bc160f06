package proposal

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/match/matchtest"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

// value is what the coverage objective ranks, in order: pairs, then how many of each difficulty
// are paired (fewest possible mentors first), then the total of the original weights.
type value struct {
	pairs  int
	byHard []int // byHard[d]: paired mentees with at most d possible mentors
	total  float64
}

func degrees(p match.Problem) []int {
	d := make([]int, len(p.Mentees))
	for _, a := range p.Allowed {
		if p.Mentors[a.Mentor].Capacity > 0 {
			d[a.Mentee]++
		}
	}
	return d
}

func valueOf(p match.Problem, mentor []int, total float64) value {
	deg := degrees(p)
	v := value{byHard: make([]int, len(p.Mentors)+1), total: total}
	for e, m := range mentor {
		if m < 0 {
			continue
		}
		v.pairs++
		for d := deg[e]; d <= len(p.Mentors); d++ {
			v.byHard[d]++
		}
	}
	return v
}

// better ranks two values lexicographically.
func better(a, b value) bool {
	if a.pairs != b.pairs {
		return a.pairs > b.pairs
	}
	for d := range a.byHard {
		if a.byHard[d] != b.byHard[d] {
			return a.byHard[d] > b.byHard[d]
		}
	}
	return a.total > b.total+matchtest.Tolerance
}

// solveFavoured solves p with the tie-break and reads the answer back in p's own weights.
func solveFavoured(t *testing.T, p match.Problem) value {
	t.Helper()
	a, err := match.Solve(favourHardToPlace(p))
	if err != nil {
		t.Fatal(err)
	}
	mentor := make([]int, len(p.Mentees))
	index := map[string]int{}
	for j, m := range p.Mentors {
		index[m.ID] = j
	}
	for i := range mentor {
		mentor[i] = -1
	}
	weight := map[[2]int]float64{}
	for _, al := range p.Allowed {
		weight[[2]int{al.Mentee, al.Mentor}] = al.Weight
	}
	total := 0.0
	for _, pr := range a.Pairs {
		var e int
		fmt.Sscanf(pr.Mentee, "e%d", &e)
		mentor[e] = index[pr.Mentor]
		w, ok := weight[[2]int{e, mentor[e]}]
		if !ok {
			t.Fatalf("pair %v is not allowed", pr)
		}
		total += w
	}
	return valueOf(p, mentor, total)
}

func TestFavourHardToPlaceMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 7))
	for n := range 400 {
		p := match.Problem{Objective: match.Coverage}
		for i := range 1 + rng.IntN(6) {
			p.Mentees = append(p.Mentees, fmt.Sprintf("e%d", i))
		}
		for j := range 1 + rng.IntN(4) {
			p.Mentors = append(p.Mentors, match.Mentor{ID: fmt.Sprintf("m%d", j), Capacity: rng.IntN(3)})
		}
		for i := range p.Mentees {
			for j := range p.Mentors {
				if rng.IntN(2) == 0 {
					p.Allowed = append(p.Allowed, match.Allowed{Mentee: i, Mentor: j, Weight: math.Round(rng.Float64()*100) / 10})
				}
			}
		}
		var best value
		first := true
		matchtest.Each(p, func(mentor []int, o matchtest.Optimum) {
			if v := valueOf(p, mentor, o.Total); first || better(v, best) {
				best, first = v, false
			}
		})
		got := solveFavoured(t, p)
		if better(best, got) {
			t.Fatalf("instance %d %+v: solver gives %+v, brute force finds %+v", n, p, got, best)
		}
	}
}

// Kai and Mo each have one possible mentor; Lee has two and scores higher with both. Two pairs
// are the most any assignment makes; the tie-break pairs Kai and Mo, not Lee.
func TestBuildPairsTheHardToPlace(t *testing.T) {
	person := func(id, state string, geo scoring.Strength) *scoring.Person {
		return &scoring.Person{ID: id, Identity: id, Country: "US", State: state, Region: scoring.PlaceOf("US", state).Region,
			UTCHours: -6, Geo: scoring.GeoPreference{Strength: geo, Within: scoring.SameState}}
	}
	in := Input{Objective: match.Coverage, Weights: scoring.DefaultWeights(),
		Mentors: []Mentor{{Person: person("m-il", "IL", scoring.NoPreference), Capacity: 1}, {Person: person("m-wi", "WI", scoring.NoPreference), Capacity: 1}},
		Mentees: []*scoring.Person{person("kai", "IL", scoring.Required), person("mo", "WI", scoring.Required), person("lee", "IL", scoring.NoPreference)},
	}
	in.Mentees[2].InPerson, in.Mentors[0].InPerson, in.Mentors[1].InPerson = true, true, true // Lee scores higher with either
	plain := in.Weights.Score(in.Mentees[2], in.Mentors[1].Person).Score
	if kai := in.Weights.Score(in.Mentees[0], in.Mentors[0].Person).Score; plain <= kai-in.Weights.SameState {
		t.Fatalf("the example needs Lee to score more than Kai's base: %v, %v", plain, kai)
	}
	prop, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range prop.Pairs {
		got[p.Mentee] = p.Mentor
	}
	if got["kai"] != "m-il" || got["mo"] != "m-wi" || len(got) != 2 {
		t.Fatalf("pairs %v, want Kai with the Illinois mentor and Mo with the Wisconsin one", got)
	}
	if prop.Unmatched[0].ID != "lee" || prop.Unmatched[0].Role != forms.RoleMentee {
		t.Errorf("unmatched %+v, want Lee", prop.Unmatched)
	}
}
