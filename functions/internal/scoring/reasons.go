package scoring

import (
	"fmt"
	"sort"
	"strings"
)

// WhyUnmatched tells staff, in a sentence, why a person was left unpaired. verdicts holds the
// person's verdict against every possible partner; full says which partners have no room left
// in the assignment (a mentor at capacity, or a mentee already paired). When no partner is
// compatible it names every rule that all partners break, or else each broken rule with how
// many partners break it; rules are sorted, so the same input always gives the same sentence.
func WhyUnmatched(verdicts []Verdict, full []bool) string {
	if len(verdicts) == 0 {
		return "there is no one on the other side to pair with"
	}
	compatible, open := 0, 0
	broken := map[string]int{} // rule → partners breaking it
	for i, v := range verdicts {
		if v.Allowed {
			compatible++
			if !full[i] {
				open++
			}
			continue
		}
		seen := map[string]bool{}
		for _, r := range v.Broken {
			if !seen[r] {
				seen[r] = true
				broken[r]++
			}
		}
	}
	switch {
	case compatible == 0:
		rules := make([]string, 0, len(broken))
		for r := range broken {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		var all, counted []string
		for _, r := range rules {
			if broken[r] == len(verdicts) {
				all = append(all, r)
			}
			counted = append(counted, fmt.Sprintf("%s (%d)", r, broken[r]))
		}
		switch len(all) {
		case 0:
			return "every possible partner breaks a hard rule: " + strings.Join(counted, ", ")
		case 1:
			return "no one on the other side satisfies this rule: " + all[0]
		default:
			return "no one on the other side satisfies these rules: " + strings.Join(all, "; ")
		}
	case open == 0:
		return fmt.Sprintf("all %d compatible partners are already taken", compatible)
	default:
		return fmt.Sprintf("pairing with any of the %d compatible partners still free would lower the total score", open)
	}
}
