package forms_test

import (
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

func TestValuesOfTypedAnswers(t *testing.T) {
	m := &forms.Mentor{ALSCMember: forms.Yes, Expertise: []forms.Competency{forms.CompetencyMaterials, forms.CompetencyOutreach}}
	v := forms.Values(m)
	if got := v["expertise"]; !slices.Equal(got, []string{string(forms.CompetencyMaterials), string(forms.CompetencyOutreach)}) {
		t.Errorf("expertise = %q", got)
	}
	if got := v.Get("alsc_member"); got != string(forms.Yes) {
		t.Errorf("alsc_member = %q", got)
	}
}
