package proposal

import (
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
)

// strengths pairs each answer to a preference question with how strongly it counts in scoring.
var strengths = []struct {
	answer   forms.Preference
	strength scoring.Strength
}{
	{forms.PreferenceNone, scoring.NoPreference},
	{forms.PreferencePreferred, scoring.Preferred},
	{forms.PreferenceRequired, scoring.Required},
}

// Strength is how strongly the answer a to a preference question counts in scoring; an answer
// left empty counts as no preference.
func Strength(a forms.Preference) scoring.Strength {
	for _, s := range strengths {
		if s.answer == a {
			return s.strength
		}
	}
	return scoring.NoPreference
}

// answer is the answer to a preference question that asks for strength s.
func answer(s scoring.Strength) forms.Preference {
	for _, x := range strengths {
		if x.strength == s {
			return x.answer
		}
	}
	return forms.PreferenceNone
}
