package match_test

import (
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

// Two mentors and two mentees, the second of whom may not be paired with the second mentor
// (null). Coverage pairs both mentees, though the total is lower; quality takes the best total
// and leaves one mentee unpaired.
func ExampleSolve() {
	for _, objective := range []string{"coverage", "quality"} {
		p, err := match.Decode(strings.NewReader(`{"objective": "` + objective + `",
			"mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 1}],
			"mentees": [{"id": "e1"}, {"id": "e2"}],
			"weights": [[0.9, 0.05], [0.8, null]]}`))
		if err != nil {
			fmt.Println(err)
			return
		}
		a, err := match.Solve(p)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %d matched, total %.2f, unmatched %v\n", objective, a.Matched, a.Total, a.Unmatched)
		for _, pair := range a.Pairs {
			fmt.Printf("  %s with %s (%.2f)\n", pair.Mentee, pair.Mentor, pair.Weight)
		}
	}
	// Output:
	// coverage: 2 matched, total 0.85, unmatched []
	//   e1 with m2 (0.05)
	//   e2 with m1 (0.80)
	// quality: 1 matched, total 0.90, unmatched [e2]
	//   e1 with m1 (0.90)
}
