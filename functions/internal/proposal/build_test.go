package proposal

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/match/matchtest"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

var states = []string{"IL", "WI", "NY", "CA"}

func randomPerson(r *rand.Rand, id string) *scoring.Person {
	strengths := []scoring.Strength{scoring.NoPreference, scoring.NoPreference, scoring.Preferred, scoring.Required}
	st := states[r.IntN(len(states))]
	return &scoring.Person{
		ID: id, Identity: id, Country: "US", State: st, Region: scoring.PlaceOf("US", st).Region,
		UTCHours: float64(-5 - r.IntN(4)), Years: r.IntN(12), Refining: r.IntN(2) == 1,
		Areas:      []string{"Programming Skills", "Outreach and Advocacy", "Knowledge of Materials"}[:1+r.IntN(3)],
		Gender:     []string{"woman", "man", ""}[r.IntN(3)],
		Geo:        scoring.GeoPreference{Strength: strengths[r.IntN(4)], Within: scoring.SameRegion},
		GenderPref: scoring.Preference{Strength: strengths[r.IntN(4)]},
	}
}

// best is the optimum by exhaustive search: under coverage most pairs first, then the
// hard-to-place (see favourHardToPlace), then total score; under quality the total score.
func best(in Input) (pairs int, total float64) {
	p := match.Problem{Objective: in.Objective}
	for _, e := range in.Mentees {
		p.Mentees = append(p.Mentees, e.ID)
	}
	for _, m := range in.Mentors {
		p.Mentors = append(p.Mentors, match.Mentor{ID: m.ID, Capacity: m.Capacity})
	}
	for i, e := range in.Mentees {
		for j, m := range in.Mentors {
			if v := in.Weights.Score(e, m.Person); v.Allowed {
				p.Allowed = append(p.Allowed, match.Allowed{Mentee: i, Mentor: j, Weight: v.Score})
			}
		}
	}
	var top value
	first := true
	matchtest.Each(p, func(mentor []int, o matchtest.Optimum) {
		v := valueOf(p, mentor, o.Total)
		if first || in.Objective == match.Quality && v.total > top.total+1e-9 || in.Objective != match.Quality && better(v, top) {
			top, first = v, false
		}
	})
	return top.pairs, top.total
}

func TestBuildIsOptimalAndKeepsHardRules(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := range 150 {
		in := Input{Weights: scoring.DefaultWeights(), Objective: []match.Objective{match.Coverage, match.Quality}[n%2]}
		for i := range 1 + r.IntN(3) {
			in.Mentors = append(in.Mentors, Mentor{randomPerson(r, fmt.Sprintf("m%d", i)), r.IntN(3)})
		}
		for i := range 1 + r.IntN(5) {
			in.Mentees = append(in.Mentees, randomPerson(r, fmt.Sprintf("e%d", i)))
		}
		p, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
		wantPairs, wantTotal := best(in)
		if p.Summary.Pairs != wantPairs && in.Objective == match.Coverage || math.Abs(p.Summary.Total-wantTotal) > 1e-9 {
			t.Fatalf("instance %d (%s): %d pairs, total %g; optimum %d pairs, total %g", n, in.Objective, p.Summary.Pairs, p.Summary.Total, wantPairs, wantTotal)
		}
		used := map[string]int{}
		for _, pr := range p.Pairs {
			used[pr.Mentor]++
		}
		for _, m := range in.Mentors {
			if used[m.ID] > m.Capacity {
				t.Fatalf("instance %d: mentor %s over capacity", n, m.ID)
			}
		}
		if len(p.Unmatched) == 0 && p.Summary.Unpaired > 0 {
			t.Fatalf("instance %d: unpaired mentees without reasons", n)
		}
	}
}

func TestBuildPinsAndReasons(t *testing.T) {
	w := scoring.DefaultWeights()
	person := func(id, state string) *scoring.Person {
		return &scoring.Person{ID: id, Identity: id, Country: "US", State: state, Region: scoring.PlaceOf("US", state).Region}
	}
	near := person("e-near", "IL")
	near.Geo = scoring.GeoPreference{Strength: scoring.Required, Within: scoring.SameState}
	far := person("e-far", "CA")
	far.Geo = scoring.GeoPreference{Strength: scoring.Required, Within: scoring.SameState}
	other := person("e-other", "IL")
	mentors := []Mentor{{person("m-il", "IL"), 1}, {person("m-ny", "NY"), 1}}

	t.Run("pin is kept and the rest is solved", func(t *testing.T) {
		p, err := Build(Input{Weights: w, Mentors: mentors, Mentees: []*scoring.Person{near, far, other}, Pins: [][2]string{{"m-il", "e-other"}}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, pr := range p.Pairs {
			got[pr.Mentee] = pr.Mentor
		}
		if got["e-other"] != "m-il" || got["e-near"] != "" || got["e-far"] != "" || p.Summary.Pinned != 1 {
			t.Fatalf("pairs %+v", p.Pairs)
		}
		reasons := map[string]string{}
		for _, u := range p.Unmatched {
			reasons[u.ID] = u.Reason
		}
		if !strings.Contains(reasons["e-near"], "already taken") {
			t.Errorf("e-near: %q, want the capacity reason", reasons["e-near"])
		}
		if !strings.Contains(reasons["e-far"], "mentee requires same-state") {
			t.Errorf("e-far: %q, want the required preference named", reasons["e-far"])
		}
	})
	for _, tc := range []struct {
		name string
		pins [][2]string
		want string
	}{
		{"pin breaking a required preference", [][2]string{{"m-ny", "e-near"}}, "breaks: mentee requires same-state"},
		{"unknown id", [][2]string{{"m-zz", "e-near"}}, "accepted applications"},
		{"mentee pinned twice", [][2]string{{"m-il", "e-other"}, {"m-ny", "e-other"}}, "pinned twice"},
		{"mentor over capacity", [][2]string{{"m-il", "e-other"}, {"m-il", "e-near"}}, "no room"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(Input{Weights: w, Mentors: mentors, Mentees: []*scoring.Person{near, far, other}, Pins: tc.pins})
			if !errors.Is(err, ErrPin) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a pin refusal mentioning %q", err, tc.want)
			}
		})
	}
}

func TestBuildWarnsOfFewPartners(t *testing.T) {
	person := func(id, state string, sameState bool) *scoring.Person {
		p := &scoring.Person{ID: id, Identity: id, Country: "US", State: state, Region: scoring.PlaceOf("US", state).Region}
		if sameState {
			p.Geo = scoring.GeoPreference{Strength: scoring.Required, Within: scoring.SameState}
		}
		return p
	}
	// e-a (pinned) can have only m-il, e-b no one, e-c m-il and m-ny; m-il can have e-a and
	// e-c, m-ny only e-c, m-tx no one.
	in := Input{
		Weights: scoring.DefaultWeights(),
		Mentors: []Mentor{{person("m-tx", "TX", true), 1}, {person("m-il", "IL", false), 1}, {person("m-ny", "NY", false), 1}},
		Mentees: []*scoring.Person{person("e-b", "CA", true), person("e-c", "IL", false), person("e-a", "IL", true)},
		Pins:    [][2]string{{"m-il", "e-a"}},
	}
	p, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Few{
		{ID: "e-a", Role: forms.RoleMentee, Partners: 1},
		{ID: "e-b", Role: forms.RoleMentee, Partners: 0},
		{ID: "m-ny", Role: forms.RoleMentor, Partners: 1},
		{ID: "m-tx", Role: forms.RoleMentor, Partners: 0},
	}
	if !slices.Equal(p.Few, want) {
		t.Fatalf("Few = %+v, want %+v", p.Few, want)
	}
}
