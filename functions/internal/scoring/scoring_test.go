package scoring

import (
	"slices"
	"strings"
	"testing"
)

func mentee() *Person {
	return &Person{ID: "e1", Identity: "ana", Country: "US", State: "IL", Region: PlaceOf("US", "IL").Region,
		UTCHours: -6, Modes: []string{"email", "video"}, Areas: []string{"Programming Skills", "Outreach and Advocacy"},
		Gender: "woman", RaceEthnicity: []string{"Latina/o/x"}}
}

func mentor() *Person {
	return &Person{ID: "m1", Identity: "bo", Country: "US", State: "WI", Region: PlaceOf("US", "WI").Region,
		UTCHours: -6, Modes: []string{"video"}, Areas: []string{"programming skills"}, Years: 10,
		Gender: "man", RaceEthnicity: []string{"White"}}
}

func TestScoreHardRules(t *testing.T) {
	w := DefaultWeights()
	for _, tc := range []struct {
		name   string
		change func(e, m *Person)
		broken string
	}{
		{"mentee requires same state", func(e, m *Person) { e.Geo = GeoPreference{Required, SameState} }, "mentee requires same-state"},
		{"mentor requires same country, mentee abroad", func(e, m *Person) {
			m.Geo = GeoPreference{Required, SameCountry}
			e.Country, e.State = "CA", "ON"
		}, "mentor requires same-country"},
		{"mentee requires a woman mentor", func(e, m *Person) { e.GenderPref = Preference{Required, []string{"Woman"}} }, "mentee requires gender"},
		{"mentee requires shared background", func(e, m *Person) { e.RacePref = Preference{Strength: Required} }, "mentee requires race/ethnicity"},
		{"mentor requires shared gender but mentee gave none", func(e, m *Person) {
			m.GenderPref = Preference{Strength: Required}
			e.Gender = ""
		}, "mentor requires gender"},
		{"same person in both roles", func(e, m *Person) { m.Identity = e.Identity }, "same person"},
		{"mentee left this mentor", func(e, m *Person) { e.Left = []string{m.Identity} }, "already left each other this cycle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, m := mentee(), mentor()
			tc.change(e, m)
			p := w.Score(e, m)
			if p.Allowed || !slices.Contains(p.Broken, tc.broken) {
				t.Fatalf("Score = %+v, want forbidden for %q", p, tc.broken)
			}
			if p.Score != 0 || p.Contributions != nil {
				t.Errorf("a forbidden pair carries a score: %+v", p)
			}
		})
	}
}

func TestScoreSoftRules(t *testing.T) {
	w := DefaultWeights()
	for _, tc := range []struct {
		name   string
		change func(e, m *Person)
		rule   string
		points float64
	}{
		{"preferred same region met", func(e, m *Person) { e.Geo = GeoPreference{Preferred, SameRegion} }, "mentee preferred same-region", w.PreferredMet},
		{"required region met still scores the region", func(e, m *Person) { e.Geo = GeoPreference{Required, SameRegion} }, "same region", w.SameRegion},
		{"same state and in person", func(e, m *Person) { m.State, e.InPerson, m.InPerson = "il", true, true }, "both can meet in person", w.InPerson},
		{"same region only", func(e, m *Person) {}, "same region", w.SameRegion},
		{"two hours apart", func(e, m *Person) { m.UTCHours = -8 }, "2 hours apart", -2 * w.TimeZoneHour},
		{"shared competency, case folded", func(e, m *Person) {}, "1 shared competency area", w.SharedArea},
		{"experienced mentor", func(e, m *Person) {}, "experience suits the mentee's situation", w.ExperienceFit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, m := mentee(), mentor()
			tc.change(e, m)
			p := w.Score(e, m)
			if !p.Allowed {
				t.Fatalf("pair forbidden: %v", p.Broken)
			}
			i := slices.IndexFunc(p.Contributions, func(c Contribution) bool { return c.Rule == tc.rule })
			if i < 0 || p.Contributions[i].Points != tc.points {
				t.Fatalf("contributions %+v lack %q worth %g", p.Contributions, tc.rule, tc.points)
			}
			sum := 0.0
			for _, c := range p.Contributions {
				sum += c.Points
			}
			if sum != p.Score {
				t.Errorf("score %g is not the sum of its contributions %g", p.Score, sum)
			}
		})
	}
}

func TestRefiningMenteeNeedsMoreExperience(t *testing.T) {
	w := DefaultWeights()
	fits := func(e, m *Person) bool {
		return slices.ContainsFunc(w.Score(e, m).Contributions, func(c Contribution) bool {
			return c.Rule == "experience suits the mentee's situation"
		})
	}
	e, m := mentee(), mentor()
	m.Years = w.ExperienceYears
	if !fits(e, m) {
		t.Errorf("a mentor with %d years does not suit a mentee starting out", m.Years)
	}
	e.Refining = true
	if fits(e, m) {
		t.Errorf("a mentor with %d years suits a mentee refining their skills (needs %d)", m.Years, w.ExperienceYearsRefining)
	}
	m.Years = w.ExperienceYearsRefining
	if !fits(e, m) {
		t.Errorf("a mentor with %d years does not suit a mentee refining their skills", m.Years)
	}
}

func TestScoreCaps(t *testing.T) {
	w := DefaultWeights()
	e, m := mentee(), mentor()
	e.UTCHours, m.UTCHours = -10, 12
	all := []string{"a", "b", "c", "d", "e", "f", "g"}
	e.Areas, m.Areas = all, all
	p := w.Score(e, m)
	zone, areas := 0, 0
	for _, c := range p.Contributions {
		if strings.HasSuffix(c.Rule, "hours apart") {
			zone++
			if c.Points != -w.TimeZoneHoursCap*w.TimeZoneHour {
				t.Errorf("time zone penalty %g not capped at %g hours", c.Points, w.TimeZoneHoursCap)
			}
		}
		if strings.HasSuffix(c.Rule, "competency areas") {
			areas++
			if c.Points != float64(w.SharedAreaCap)*w.SharedArea {
				t.Errorf("shared areas %g not capped at %d", c.Points, w.SharedAreaCap)
			}
		}
	}
	// Both capped contributions must be there: a score that dropped them would pass the checks above.
	if zone != 1 || areas != 1 {
		t.Errorf("%d time zone and %d shared-area contributions, want one of each: %+v", zone, areas, p.Contributions)
	}
}

func TestParseWeightsRejects(t *testing.T) {
	good := string(defaultWeights)
	for _, tc := range []struct{ name, text, want string }{
		{"unknown name", good + "\nbonus = 1\n", "unknown name"},
		{"missing weight", strings.Replace(good, "\nbase = 1.0", "", 1), "base is missing"},
		{"not a number", strings.Replace(good, "base = 1.0", "base = nan", 1), "base is not a finite number"},
		{"bad toml", "base = ", "weights:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseWeights([]byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestWhyUnmatched(t *testing.T) {
	ok := Verdict{Allowed: true, Score: 1}
	state := Verdict{Broken: []string{"mentee requires same-state"}}
	gender := Verdict{Broken: []string{"mentee requires gender"}}
	for _, tc := range []struct {
		name     string
		verdicts []Verdict
		full     []bool
		want     string
	}{
		{"nobody", nil, nil, "no one on the other side"},
		{"one rule blocks all", []Verdict{state, state}, []bool{false, false}, "satisfies this rule: mentee requires same-state"},
		{"mixed rules", []Verdict{state, gender}, []bool{false, false}, "mentee requires gender (1), mentee requires same-state (1)"},
		{"capacity", []Verdict{ok, state}, []bool{true, false}, "all 1 compatible partners are already taken"},
		{"score", []Verdict{ok, ok}, []bool{true, false}, "1 compatible partners still free"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := WhyUnmatched(tc.verdicts, tc.full); !strings.Contains(got, tc.want) {
				t.Errorf("WhyUnmatched = %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

func TestWhyUnmatchedNamesEveryBlockingRuleStably(t *testing.T) {
	both := Verdict{Broken: []string{"mentee requires same-state", "mentee requires gender"}}
	left := Verdict{Broken: []string{"already left each other this cycle", "mentee requires gender", "mentee requires same-state"}}
	for _, tc := range []struct {
		name     string
		verdicts []Verdict
		want     string
	}{
		{"two rules broken by all", []Verdict{both, left, both},
			"no one on the other side satisfies these rules: mentee requires gender; mentee requires same-state"},
		{"no rule broken by all", []Verdict{{Broken: []string{"same person"}}, {Broken: []string{"mentor requires gender"}}, {Broken: []string{"mentee requires gender"}}},
			"every possible partner breaks a hard rule: mentee requires gender (1), mentor requires gender (1), same person (1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full := make([]bool, len(tc.verdicts))
			for range 50 {
				if got := WhyUnmatched(tc.verdicts, full); got != tc.want {
					t.Fatalf("WhyUnmatched = %q, want %q", got, tc.want)
				}
			}
		})
	}
}

func TestPlaceOf(t *testing.T) {
	for _, tc := range []struct {
		name          string
		a, b          [2]string // country, state
		sameState     bool
		sameRegion    bool
		sameCountryAs bool
	}{
		{"code and name of one state", [2]string{"USA", "Illinois"}, [2]string{"United States", "il"}, true, true, true},
		{"two states of one census region", [2]string{"US", "IL"}, [2]string{"U.S.A.", "Wisconsin"}, false, true, true},
		{"two census regions", [2]string{"US", "IL"}, [2]string{"US", "New York"}, false, false, true},
		{"Canada by name and code", [2]string{"Canada", "ON"}, [2]string{"ca", "on"}, true, true, true},
		{"two countries", [2]string{"Canada", "ON"}, [2]string{"US", "NY"}, false, false, false},
		{"a province by code and by name", [2]string{"Canada", "Ontario"}, [2]string{"CA", "on"}, true, true, true},
		{"a province by its French name", [2]string{"canada", "Québec"}, [2]string{"Canada", "QC"}, true, true, true},
		{"two provinces of one region", [2]string{"Canada", "Alberta"}, [2]string{"Canada", "SK"}, false, true, true},
		{"two Canadian regions", [2]string{"Canada", "BC"}, [2]string{"Canada", "Nova Scotia"}, false, false, true},
		{"California is a state, not Canada", [2]string{"US", "CA"}, [2]string{"USA", "California"}, true, true, true},
		{"Canada's CA is not California", [2]string{"Canada", "ON"}, [2]string{"US", "California"}, false, false, false},
		{"a territory as country or state", [2]string{"Puerto Rico", ""}, [2]string{"United States", "PR"}, true, true, true},
		{"a territory by name", [2]string{"USA", "Guam"}, [2]string{"Guam", ""}, true, true, true},
		{"a territory is not a census region", [2]string{"US", "Puerto Rico"}, [2]string{"US", "Florida"}, false, false, true},
		{"two Caribbean territories", [2]string{"US", "Puerto Rico"}, [2]string{"US", "U.S. Virgin Islands"}, false, true, true},
		{"another country as typed", [2]string{"Mexico", "Jalisco"}, [2]string{"mexico", "jalisco"}, true, true, true},
		{"another country is not the US", [2]string{"Mexico", "Jalisco"}, [2]string{"US", "IL"}, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := PlaceOf(tc.a[0], tc.a[1]), PlaceOf(tc.b[0], tc.b[1])
			if (a.State == b.State && a.Country == b.Country) != tc.sameState || (a.Region == b.Region) != tc.sameRegion ||
				(a.Country == b.Country) != tc.sameCountryAs {
				t.Errorf("%+v vs %+v", a, b)
			}
		})
	}
}
