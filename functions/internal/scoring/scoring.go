// Package scoring decides whether a mentee and a mentor may be paired and how good the pair is:
// the hard rules (required preferences, never oneself, never a partner already left) and the
// soft rules whose weights live in data/weights.toml. It is pure: no storage, no AWS.
//
// Everything it returns is for staff only. The pair is never told why they were matched.
package scoring

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

//go:embed data/weights.toml
var defaultWeights []byte

// Strength is how much an applicant cares about a preference; a stronger preference compares
// greater.
type Strength int

// The strengths an applicant can choose for each preference.
const (
	NoPreference Strength = iota
	Preferred
	Required
)

// Proximity is how close an applicant wants the partner to live.
type Proximity string

// The proximities a geographic preference can ask for.
const (
	SameState   Proximity = "same-state"
	SameRegion  Proximity = "same-region"
	SameCountry Proximity = "same-country"
)

// Near is where a partner must live to "live near" someone who gave region as their state,
// province or territory: the same one when they named it, otherwise the same country.
func Near(region string) Proximity {
	if region != "" {
		return SameState
	}
	return SameCountry
}

// Preference is a wish about the partner's own answer (gender, race/ethnicity). An empty Accept
// means "someone who shares my answer".
type Preference struct {
	Strength Strength
	Accept   []string
}

// GeoPreference is a wish about where the partner lives.
type GeoPreference struct {
	Strength Strength
	Within   Proximity
}

// Person is what the matcher knows of one accepted applicant.
type Person struct {
	ID       string // the application's id
	Identity string // the same for one person's applications in both roles
	Country  string
	State    string
	Region   string  // see PlaceOf
	UTCHours float64 // NaN when the time zone is unknown
	InPerson bool
	Modes    []string // ways of communicating the person is happy with
	Areas    []string // competency areas: offered by a mentor, sought by a mentee
	// Mentees only: refining their skills rather than starting out, so they want a mentor with
	// more experience (Weights.ExperienceYearsRefining).
	Refining bool
	// Mentors only.
	Years int

	// Confidential: staff and the matcher only.
	Gender        string
	RaceEthnicity []string
	Geo           GeoPreference
	GenderPref    Preference
	RacePref      Preference
	Left          []string // identities of partners this person already left this cycle
}

// Weights are the soft rules' points; see data/weights.toml for what each one means.
type Weights struct {
	Base                    float64 `toml:"base"`
	PreferredMet            float64 `toml:"preferred_met"`
	SameState               float64 `toml:"same_state"`
	SameRegion              float64 `toml:"same_region"`
	InPerson                float64 `toml:"in_person"`
	SharedArea              float64 `toml:"shared_area"`
	SharedAreaCap           int     `toml:"shared_area_cap"`
	SharedMode              float64 `toml:"shared_mode"`
	SharedModeCap           int     `toml:"shared_mode_cap"`
	TimeZoneHour            float64 `toml:"time_zone_hour"`
	TimeZoneHoursCap        float64 `toml:"time_zone_hours_cap"`
	ExperienceFit           float64 `toml:"experience_fit"`
	ExperienceYears         int     `toml:"experience_years"`
	ExperienceYearsRefining int     `toml:"experience_years_refining"`
}

// DefaultWeights returns the weights built in from data/weights.toml.
func DefaultWeights() Weights {
	w, err := ParseWeights(defaultWeights)
	if err != nil {
		panic("scoring: built-in weights: " + err.Error())
	}
	return w
}

// LoadWeights reads a weights file; an empty path means the built-in weights.
func LoadWeights(path string) (Weights, error) {
	if path == "" {
		return DefaultWeights(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Weights{}, err
	}
	return ParseWeights(b)
}

// ParseWeights decodes weights, refusing unknown names and missing or non-finite numbers.
func ParseWeights(b []byte) (Weights, error) {
	var raw map[string]any
	if err := toml.Unmarshal(b, &raw); err != nil {
		return Weights{}, fmt.Errorf("weights: %w", err)
	}
	var w Weights
	dec := toml.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return Weights{}, fmt.Errorf("weights: unknown name:\n%s", strict.String())
		}
		return Weights{}, fmt.Errorf("weights: %w", err)
	}
	for _, name := range weightNames() {
		v, ok := raw[name]
		if !ok {
			return Weights{}, fmt.Errorf("weights: %s is missing", name)
		}
		if f, isFloat := v.(float64); isFloat && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return Weights{}, fmt.Errorf("weights: %s is not a finite number", name)
		}
	}
	return w, nil
}

func weightNames() []string {
	return []string{"base", "preferred_met", "same_state", "same_region", "in_person", "shared_area",
		"shared_area_cap", "shared_mode", "shared_mode_cap", "time_zone_hour", "time_zone_hours_cap",
		"experience_fit", "experience_years", "experience_years_refining"}
}

// Contribution is one rule's share of a pair's score.
type Contribution struct {
	Rule   string  `json:"rule"`
	Points float64 `json:"points"`
}

// Verdict is the judgement on one mentee–mentor pair: allowed or not, and its score.
type Verdict struct {
	Allowed bool
	Score   float64
	// Why the score is what it is, rule by rule (allowed pairs).
	Contributions []Contribution
	// The hard rules the pair breaks, e.g. "mentee requires same-state" (forbidden pairs).
	Broken []string
}

// Score judges the pair of mentee e with mentor m.
func (w Weights) Score(e, m *Person) Verdict {
	var p Verdict
	if e.Identity != "" && e.Identity == m.Identity {
		p.Broken = append(p.Broken, "same person")
	}
	if slices.Contains(e.Left, m.Identity) || slices.Contains(m.Left, e.Identity) {
		p.Broken = append(p.Broken, "already left each other this cycle")
	}
	add := func(rule string, pts float64) {
		if pts != 0 {
			p.Contributions = append(p.Contributions, Contribution{rule, pts})
		}
	}
	add("base", w.Base)
	for _, side := range []struct {
		name        string
		self, other *Person
	}{{"mentee", e, m}, {"mentor", m, e}} {
		for _, pref := range side.self.Preferences(side.other) {
			switch {
			case pref.Strength == Required && !pref.Met:
				p.Broken = append(p.Broken, side.name+" requires "+pref.Kind)
			case pref.Strength == Preferred && pref.Met:
				add(side.name+" preferred "+pref.Kind, w.PreferredMet)
			}
		}
	}
	if len(p.Broken) > 0 {
		return Verdict{Broken: p.Broken}
	}
	sameState := fold(e.Country) == fold(m.Country) && e.State != "" && fold(e.State) == fold(m.State)
	switch {
	case sameState:
		add("same state", w.SameState)
	case e.Region != "" && fold(e.Region) == fold(m.Region):
		add("same region", w.SameRegion)
	}
	if sameState && e.InPerson && m.InPerson {
		add("both can meet in person", w.InPerson)
	}
	if n := min(shared(e.Areas, m.Areas), w.SharedAreaCap); n > 0 {
		add(count(n, "shared competency area", "shared competency areas"), float64(n)*w.SharedArea)
	}
	if n := min(shared(e.Modes, m.Modes), w.SharedModeCap); n > 0 {
		add(count(n, "shared way to communicate", "shared ways to communicate"), float64(n)*w.SharedMode)
	}
	if h := min(math.Abs(e.UTCHours-m.UTCHours), w.TimeZoneHoursCap); h > 0 && !math.IsNaN(h) {
		add(count(h, "hour", "hours")+" apart", -h*w.TimeZoneHour)
	}
	if m.Years >= w.yearsFor(e.Refining) {
		add("experience suits the mentee's situation", w.ExperienceFit)
	}
	p.Allowed = true
	for _, c := range p.Contributions {
		p.Score += c.Points
	}
	return p
}

// yearsFor is the experience a mentor needs to suit a mentee, who may be refining their skills.
func (w Weights) yearsFor(refining bool) int {
	if refining {
		return w.ExperienceYearsRefining
	}
	return w.ExperienceYears
}

// Judged is one of a person's preferences and whether a given partner satisfies it.
type Judged struct {
	Kind     string // same-state, same-region, same-country, gender or race/ethnicity
	Strength Strength
	Met      bool
}

// Preferences lists p's three preferences and whether other satisfies each.
func (p *Person) Preferences(other *Person) []Judged {
	return []Judged{
		{string(p.Geo.Within), p.Geo.Strength, p.near(other, p.Geo.Within)},
		{"gender", p.GenderPref.Strength, accepts(p.GenderPref, []string{p.Gender}, []string{other.Gender})},
		{"race/ethnicity", p.RacePref.Strength, accepts(p.RacePref, p.RaceEthnicity, other.RaceEthnicity)},
	}
}

func (p *Person) near(o *Person, within Proximity) bool {
	if p.Country == "" || fold(p.Country) != fold(o.Country) {
		return false
	}
	switch within {
	case SameState:
		return p.State != "" && fold(p.State) == fold(o.State)
	case SameRegion:
		return p.Region != "" && fold(p.Region) == fold(o.Region)
	}
	return true
}

// accepts reports whether the partner's answers meet the preference: one of them is in Accept,
// or, when Accept is empty, one of them is among the person's own answers.
func accepts(pref Preference, own, theirs []string) bool {
	want := pref.Accept
	if len(want) == 0 {
		want = own
	}
	for _, t := range theirs {
		if t == "" {
			continue
		}
		for _, w := range want {
			if fold(w) == fold(t) {
				return true
			}
		}
	}
	return false
}

func shared(a, b []string) int {
	n := 0
	for _, x := range a {
		if slices.ContainsFunc(b, func(y string) bool { return fold(x) == fold(y) }) {
			n++
		}
	}
	return n
}

// count puts a number before the singular or plural noun: "1 hour", "2 hours".
func count[N int | float64](n N, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%v %s", n, one)
	}
	return fmt.Sprintf("%v %s", n, many)
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
