package match_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

func errorsIsMalformed(err error) bool { return errors.Is(err, match.ErrMalformed) }

func TestDecodeContractExample(t *testing.T) {
	in := `{"objective": "coverage", "mentors": [{"id": "m1", "capacity": 2}], "mentees": [{"id": "e1"}],
	        "weights": [[0.7, null]]}`
	_, err := match.Decode(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "has 2 entries; want 1") {
		t.Fatalf("the contract example has two weights for one mentor: want a ragged-row error, got %v", err)
	}
	in = `{"objective": "coverage", "mentors": [{"id": "m1", "capacity": 2}, {"id": "m2", "capacity": 1}],
	       "mentees": [{"id": "e1"}], "weights": [[0.7, null]]}`
	p, err := match.Decode(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []match.Allowed{{Mentee: 0, Mentor: 0, Weight: 0.7}}
	if p.Objective != match.Coverage || !slices.Equal(p.Allowed, want) || len(p.Mentors) != 2 || p.Mentors[0].Capacity != 2 {
		t.Fatalf("decoded %+v", p)
	}
}

func TestDecodeMalformed(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", ``, "the instance is empty"},
		{"bad JSON", `{"mentors": [}`, "bad JSON"},
		{"trailing data", `{} {}`, "unexpected data after the instance"},
		{"unknown field", `{"mentor": []}`, `unknown field "mentor"`},
		{"ragged matrix", `{"mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 1}], "mentees": [{"id": "e1"}, {"id": "e2"}], "weights": [[1, 2], [3]]}`,
			`row 2 (mentee "e2") has 1 entries; want 2`},
		{"too few rows", `{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}, {"id": "e2"}], "weights": [[1]]}`, "weights has 1 rows; want 2"},
		{"missing weights", `{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}]}`, "weights are missing"},
		{"negative capacity", `{"mentors": [{"id": "m1", "capacity": -2}], "mentees": [], "weights": []}`, `mentor "m1" has capacity -2`},
		{"missing capacity", `{"mentors": [{"id": "m1"}], "mentees": [], "weights": []}`, `mentor "m1" has no capacity`},
		{"fractional capacity", `{"mentors": [{"id": "m1", "capacity": 1.5}], "mentees": [], "weights": []}`, "bad JSON"},
		{"NaN weight", `{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}], "weights": [[NaN]]}`, "bad JSON"},
		{"infinite weight", `{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}], "weights": [[1e999]]}`, "1e999 is not a finite number"},
		{"string weight", `{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}], "weights": [["0.5"]]}`, "want a number or null"},
		{"row not an array", `{"mentors": [{"id": "m1", "capacity": 1}], "mentees": [{"id": "e1"}], "weights": [0.5]}`, "must be an array"},
		{"unknown objective", `{"objective": "fastest", "mentors": [], "mentees": [], "weights": []}`, `objective "fastest" is unknown`},
		{"duplicate id", `{"mentors": [{"id": "m1", "capacity": 1}, {"id": "m1", "capacity": 1}], "mentees": [], "weights": []}`, `mentor id "m1" appears more than once`},
		{"empty id", `{"mentors": [], "mentees": [{"id": ""}], "weights": [[]]}`, "mentee 1 has an empty id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := match.Decode(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errorsIsMalformed(err) {
				t.Fatalf("error %v, want one containing %q and wrapping ErrMalformed", err, tc.want)
			}
		})
	}
}
