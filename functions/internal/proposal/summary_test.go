package proposal

import (
	"fmt"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

func people(counts map[string]int) ([]*scoring.Person, map[string]bool) {
	var ps []*scoring.Person
	matched := map[string]bool{}
	for _, g := range []string{"woman", "man", "nonbinary", ""} {
		for i := range counts[g] {
			id := fmt.Sprintf("%s-%d", g, i)
			ps = append(ps, &scoring.Person{ID: id, Gender: g})
			matched[id] = i%2 == 0
		}
	}
	return ps, matched
}

func TestFairnessSuppressesSmallGroups(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts map[string]int
		want   map[string]int // answer → people shown
	}{
		{"all large", map[string]int{"woman": 12, "man": 6, "": 5}, map[string]int{"woman": 12, "man": 6, "no answer": 5}},
		{"small groups fold into a large enough remainder", map[string]int{"woman": 12, "man": 3, "nonbinary": 2}, map[string]int{"woman": 12, "other answers, combined": 5}},
		{"remainder too small takes the smallest shown group", map[string]int{"woman": 12, "man": 6, "nonbinary": 2}, map[string]int{"woman": 12, "other answers, combined": 8}},
		{"everyone in small groups", map[string]int{"woman": 2, "man": 1}, map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, matched := people(tc.counts)
			var got []Group
			for _, g := range Fairness("mentee", ps, matched) {
				if g.Dimension == "gender" {
					got = append(got, g)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("groups %+v, want %v", got, tc.want)
			}
			for _, g := range got {
				if g.People < MinGroup || tc.want[g.Answer] != g.People {
					t.Errorf("group %+v, want %d people", g, tc.want[g.Answer])
				}
				if g.Matched > g.People {
					t.Errorf("group %+v has more matched than people", g)
				}
			}
		})
	}
}

func TestHonour(t *testing.T) {
	e := &scoring.Person{ID: "e", Country: "US", State: "IL", Gender: "woman",
		Geo: scoring.GeoPreference{Strength: scoring.Preferred, Within: scoring.SameState}, GenderPref: scoring.Preference{Strength: scoring.Required}}
	m := &scoring.Person{ID: "m", Country: "US", State: "OH", Gender: "woman",
		RacePref: scoring.Preference{Strength: scoring.Preferred}}
	got := Honour([]Pair{{Mentor: "m", Mentee: "e"}}, map[string]*scoring.Person{"m": m}, map[string]*scoring.Person{"e": e})
	want := []Honoured{
		{Kind: "gender", Strength: forms.PreferenceRequired, Asked: 1, Met: 1},
		{Kind: "race/ethnicity", Strength: forms.PreferencePreferred, Asked: 1, Met: 0},
		{Kind: "same-state", Strength: forms.PreferencePreferred, Asked: 1, Met: 0},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Honour = %+v, want %+v", got, want)
	}
}
