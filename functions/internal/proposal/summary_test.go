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

func TestHonouredFoldsSmallCounts(t *testing.T) {
	gender := Honoured{Kind: "gender", Strength: forms.PreferenceRequired, Asked: 12, Met: 10}
	state := Honoured{Kind: "same-state", Strength: forms.PreferencePreferred, Asked: 6, Met: 3}
	race := Honoured{Kind: "race/ethnicity", Strength: forms.PreferenceRequired, Asked: 2, Met: 2}
	racePreferred := Honoured{Kind: "race/ethnicity", Strength: forms.PreferencePreferred, Asked: 3, Met: 1}
	other := func(asked, met int) Honoured {
		return Honoured{Kind: "other preferences, combined", Asked: asked, Met: met}
	}
	for _, tc := range []struct {
		name       string
		rows, want []Honoured
	}{
		{"all large", []Honoured{gender, state}, []Honoured{gender, state}},
		{"small rows fold into a large enough remainder", []Honoured{gender, race, racePreferred}, []Honoured{gender, other(5, 3)}},
		{"remainder too small takes the smallest shown row", []Honoured{gender, race, state}, []Honoured{gender, other(8, 5)}},
		{"everything small", []Honoured{race}, []Honoured{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := foldHonoured(tc.rows)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			for _, h := range got {
				if h.Asked < MinGroup {
					t.Errorf("row %+v is smaller than %d", h, MinGroup)
				}
			}
		})
	}
}

// The rule against differencing: a run that leaves one person out shows no tables, so it cannot
// be set against the full run's to read her answers.
func TestSummaryWithholdsTablesOfPartialRuns(t *testing.T) {
	var in Input
	in.Weights = scoring.DefaultWeights()
	for i := range 6 {
		id := fmt.Sprintf("m%d", i)
		in.Mentors = append(in.Mentors, Mentor{Person: &scoring.Person{ID: id, Identity: id, Gender: "woman", Country: "US", State: "IL"}, Capacity: 1})
	}
	for i := range 7 {
		id := fmt.Sprintf("e%d", i)
		in.Mentees = append(in.Mentees, &scoring.Person{ID: id, Identity: id, Gender: "woman", Country: "US", State: "IL",
			GenderPref: scoring.Preference{Strength: scoring.Required}})
	}
	full, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Summary.Fairness) == 0 || len(full.Summary.Honoured) == 0 || full.Summary.Withheld != "" {
		t.Fatalf("full run: %+v, want its tables", full.Summary)
	}
	for name, change := range map[string]func(*Input){
		"one person left out": func(in *Input) { in.Mentees, in.Partial = in.Mentees[1:], true },
		"a pin":               func(in *Input) { in.Pins = [][2]string{{"m0", "e0"}} },
		"some first":          func(in *Input) { in.First = []string{"e6"} },
	} {
		t.Run(name, func(t *testing.T) {
			run := in
			change(&run)
			p, err := Build(run)
			if err != nil {
				t.Fatal(err)
			}
			if p.Summary.Fairness != nil || p.Summary.Honoured != nil || p.Summary.Withheld == "" || p.Summary.Pairs == 0 {
				t.Errorf("summary %+v, want counts only and the reason the tables are withheld", p.Summary)
			}
		})
	}
}
