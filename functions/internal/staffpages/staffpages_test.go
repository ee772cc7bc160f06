package staffpages

import (
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
)

// A person with no possible partner is told apart from one whom every pairing breaks a rule for:
// when nobody on the other side is free, the reason says so.
func TestFewWordsSayWhyNobodyFits(t *testing.T) {
	for _, c := range []struct {
		few              proposal.Few
		mentors, mentees int
		want             string
	}{
		{proposal.Few{Role: forms.RoleMentee, Partners: 0}, 0, 3, "Tess Ruiz (mentee) has no possible mentor: no mentor is free to pair."},
		{proposal.Few{Role: forms.RoleMentee, Partners: 0}, 2, 3, "Tess Ruiz (mentee) has no possible mentor: each pairing breaks a " +
			"preference one of the two requires, or pairs former partners again."},
		{proposal.Few{Role: forms.RoleMentor, Partners: 0}, 2, 0, "Tess Ruiz (mentor) has no possible mentee: no mentee is free to pair."},
		{proposal.Few{Role: forms.RoleMentor, Partners: 1}, 2, 0, "Tess Ruiz (mentor) has only one possible mentee."},
	} {
		if got := fewWords("Tess Ruiz", c.few, c.mentors, c.mentees); got != c.want {
			t.Errorf("%+v with %d mentors and %d mentees free:\n%s\nwant\n%s", c.few, c.mentors, c.mentees, got, c.want)
		}
	}
}

func TestMany(t *testing.T) {
	for n, want := range map[int]string{0: "0 matches", 1: "1 match", 2: "2 matches"} {
		if got := Many(n, "match"); got != want {
			t.Errorf("Many(%d, match) = %q, want %q", n, got, want)
		}
	}
	if got := Many(3, "pair"); got != "3 pairs" {
		t.Errorf("Many(3, pair) = %q", got)
	}
}
