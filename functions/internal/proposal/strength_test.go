package proposal

import (
	"encoding/json"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

func TestEveryPreferenceAnswerHasAStrength(t *testing.T) {
	seen := map[scoring.Strength]bool{}
	for _, o := range forms.Lists["preference"] {
		a := forms.Preference(o.Value)
		s := Strength(a)
		if seen[s] {
			t.Errorf("answer %q shares strength %d with another answer", a, s)
		}
		seen[s] = true
		if answer(s) != a {
			t.Errorf("answer(Strength(%q)) = %q", a, answer(s))
		}
	}
	if Strength("") != scoring.NoPreference {
		t.Errorf("an empty answer counts as %d, want no preference", Strength(""))
	}
	if !(Strength(forms.PreferenceRequired) > Strength(forms.PreferencePreferred) && Strength(forms.PreferencePreferred) > Strength(forms.PreferenceNone)) {
		t.Error("required, preferred and none are not in decreasing strength")
	}
}

func TestHonouredNamesTheAnswer(t *testing.T) {
	b, err := json.Marshal(Honoured{Kind: "gender", Strength: answer(scoring.Required), Asked: 1, Met: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"kind":"gender","strength":"required","asked":1,"met":1}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}
