package scoring

import (
	"fmt"
	"sort"
	"strings"
)

// WhyUnmatched tells staff, in a sentence, why a person was left unpaired. verdicts holds the
// person's verdict against every possible partner; full says which partners have no room left
// in the assignment (a mentor at capacity, or a mentee already paired).
func WhyUnmatched(verdicts []Verdict, full []bool) string {
	if len(verdicts) == 0 {
		return "there is no one on the other side to pair with"
	}
	compatible, open := 0, 0
	broken := map[string]int{}
	for i, v := range verdicts {
		if v.Allowed {
			compatible++
			if !full[i] {
				open++
			}
			continue
		}
		for _, r := range v.Broken {
			broken[r]++
		}
	}
	switch {
	case compatible == 0:
		rules := make([]string, 0, len(broken))
		for r, n := range broken {
			if n == len(verdicts) {
				return "no one on the other side satisfies this rule: " + r
			}
			rules = append(rules, fmt.Sprintf("%s (%d)", r, n))
		}
		sort.Strings(rules)
		return "every possible partner breaks a hard rule: " + strings.Join(rules, ", ")
	case open == 0:
		return fmt.Sprintf("all %d compatible partners are already taken", compatible)
	default:
		return fmt.Sprintf("pairing with any of the %d compatible partners still free would lower the total score", open)
	}
}
