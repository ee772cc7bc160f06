// Package proposal turns scored applications and a solved assignment into the matcher's
// proposal for staff: the pairs with staff-only explanations, the unmatched with reasons, and a
// summary that is safe to show because no group in it is small enough to identify anyone.
package proposal

import (
	"slices"
	"sort"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

// MinGroup is the smallest group the fairness summary shows; smaller groups are folded together.
const MinGroup = 5

// Pair is one proposed pairing with the staff-only reasons for its score.
type Pair struct {
	Mentor        string                 `json:"mentor"`
	Mentee        string                 `json:"mentee"`
	Score         float64                `json:"score"`
	Contributions []scoring.Contribution `json:"contributions,omitempty"`
	Pinned        bool                   `json:"pinned,omitempty"`
}

// Honoured counts, among paired people, the preferences of one kind and strength (the answer
// that asked for it) and how many of them the partner satisfies.
type Honoured struct {
	Kind     string           `json:"kind"`
	Strength forms.Preference `json:"strength"`
	Asked    int              `json:"asked"`
	Met      int              `json:"met"`
}

// Group is how many people gave one answer and how many of them were paired.
type Group struct {
	Role      forms.Role `json:"role"`
	Dimension string     `json:"dimension"`
	Answer    string     `json:"answer"`
	People    int        `json:"people"`
	Matched   int        `json:"matched"`
}

// Honour tallies the preferences of every paired person against their partner, in a stable order.
func Honour(pairs []Pair, mentors, mentees map[string]*scoring.Person) []Honoured {
	type kind struct {
		name     string
		strength scoring.Strength
	}
	counts := map[kind]*Honoured{}
	for _, p := range pairs {
		m, e := mentors[p.Mentor], mentees[p.Mentee]
		for _, side := range [][2]*scoring.Person{{e, m}, {m, e}} {
			for _, j := range side[0].Preferences(side[1]) {
				if j.Strength == scoring.NoPreference {
					continue
				}
				k := kind{j.Kind, j.Strength}
				h := counts[k]
				if h == nil {
					h = &Honoured{Kind: j.Kind, Strength: answer(j.Strength)}
					counts[k] = h
				}
				h.Asked++
				if j.Met {
					h.Met++
				}
			}
		}
	}
	out := make([]Honoured, 0, len(counts))
	for _, h := range counts {
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return Strength(out[i].Strength) > Strength(out[j].Strength)
	})
	return out
}

// Fairness reports, per role, how often people of each gender and each race/ethnicity answer
// were paired. Groups smaller than MinGroup are folded into "other answers, combined"; when that
// remainder is itself too small, the smallest shown groups join it until it is large enough, so
// no small group can be worked out from the totals either.
func Fairness(role forms.Role, people []*scoring.Person, matched map[string]bool) []Group {
	var out []Group
	dims := []struct {
		name    string
		answers func(*scoring.Person) []string
	}{
		{"gender", func(p *scoring.Person) []string { return []string{p.Gender} }},
		{"race/ethnicity", func(p *scoring.Person) []string { return p.RaceEthnicity }},
	}
	for _, d := range dims {
		answers := func(p *scoring.Person) []string {
			if a := slices.DeleteFunc(slices.Clone(d.answers(p)), func(s string) bool { return s == "" }); len(a) > 0 {
				return a
			}
			return []string{"no answer"}
		}
		groups := map[string]*Group{}
		for _, p := range people {
			for _, a := range answers(p) {
				g := groups[a]
				if g == nil {
					g = &Group{Role: role, Dimension: d.name, Answer: a}
					groups[a] = g
				}
				g.People++
				if matched[p.ID] {
					g.Matched++
				}
			}
		}
		out = append(out, suppress(role, d.name, people, matched, groups, answers)...)
	}
	return out
}

func suppress(role forms.Role, dim string, people []*scoring.Person, matched map[string]bool,
	groups map[string]*Group, answers func(*scoring.Person) []string) []Group {
	all := make([]Group, 0, len(groups))
	for _, g := range groups {
		all = append(all, *g)
	}
	return keepLarge(all, func(g Group) int { return g.People }, func(g Group) string { return g.Answer },
		func(shown []Group) Group {
			rest := Group{Role: role, Dimension: dim, Answer: "other answers, combined"}
			for _, p := range people {
				inShown := slices.ContainsFunc(answers(p), func(a string) bool {
					return slices.ContainsFunc(shown, func(g Group) bool { return g.Answer == a })
				})
				if !inShown {
					rest.People++
					if matched[p.ID] {
						rest.Matched++
					}
				}
			}
			return rest
		})
}

// foldHonoured folds the rows of preferences honoured that fewer than MinGroup people asked for
// into "other preferences, combined", as the fairness table folds small groups; the rows shown
// keep their order, the combined row last.
func foldHonoured(rows []Honoured) []Honoured {
	shown := keepLarge(rows, func(h Honoured) int { return h.Asked }, func(h Honoured) string { return h.Kind + "/" + string(h.Strength) },
		func(shown []Honoured) Honoured {
			rest := Honoured{Kind: "other preferences, combined"}
			for _, h := range rows {
				if !slices.Contains(shown, h) {
					rest.Asked += h.Asked
					rest.Met += h.Met
				}
			}
			return rest
		})
	out := make([]Honoured, 0, len(shown))
	for _, h := range rows {
		if slices.Contains(shown, h) {
			out = append(out, h)
		}
	}
	if len(shown) > len(out) {
		out = append(out, shown[len(shown)-1])
	}
	return out
}

// keepLarge shows the items of at least MinGroup, largest first (ties by name), and then the
// rest combined (rest computes it from the items shown) when that is at least MinGroup. When the
// rest is smaller, the smallest shown items join it until it is large enough, so that no small
// group can be worked out from the totals either.
func keepLarge[T any](items []T, size func(T) int, name func(T) string, rest func(shown []T) T) []T {
	var shown []T
	for _, it := range items {
		if size(it) >= MinGroup {
			shown = append(shown, it)
		}
	}
	sort.Slice(shown, func(i, j int) bool {
		if size(shown[i]) != size(shown[j]) {
			return size(shown[i]) > size(shown[j])
		}
		return name(shown[i]) < name(shown[j])
	})
	for {
		r := rest(shown)
		if n := size(r); n == 0 || n >= MinGroup || len(shown) == 0 {
			if n >= MinGroup {
				shown = append(shown, r)
			}
			return shown
		}
		shown = shown[:len(shown)-1]
	}
}
