package season

import (
	"math"
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

func TestPersonTranslatesTheAnswers(t *testing.T) {
	years := 9
	mentee := &store.Application{ID: "e", Email: "e@example.org", Form: &forms.Mentee{
		Person:    forms.Person{Country: "United States", Region: "IL", TimeZone: forms.TimeZoneOther},
		Situation: forms.SituationRefining, Interests: []forms.Competency{forms.CompetencyOutreach},
		Contact: forms.Contact{Communication: []forms.Mode{forms.ModeChat}, InPerson: forms.InPersonConferences},
		Preferences: forms.Preferences{Gender: forms.GenderSelfDescribe, GenderSelf: "Two-Spirit",
			GeoPreference: forms.PreferenceRequired, GenderPreference: forms.PreferencePreferred, RacePreference: forms.PreferenceNone,
			RaceEthnicity: []forms.RaceEthnicity{forms.RaceBlack, forms.RaceSelfDescribe}, RaceEthnicitySelf: "Garifuna"},
	}}
	e := person(mentee)
	if !e.Refining || e.InPerson || !math.IsNaN(e.UTCHours) || e.Gender != "Two-Spirit" ||
		!slices.Equal(e.RaceEthnicity, []string{string(forms.RaceBlack), "Garifuna"}) || !slices.Equal(e.Areas, []string{string(forms.CompetencyOutreach)}) ||
		!slices.Equal(e.Modes, []string{string(forms.ModeChat)}) {
		t.Errorf("mentee read as %+v", e)
	}
	if e.Geo != (scoring.GeoPreference{Strength: scoring.Required, Within: scoring.SameState}) ||
		e.GenderPref.Strength != scoring.Preferred || e.RacePref.Strength != scoring.NoPreference {
		t.Errorf("mentee's preferences read as %+v %+v %+v", e.Geo, e.GenderPref, e.RacePref)
	}

	mentor := &store.Application{ID: "m", Email: "m@example.org", Form: &forms.Mentor{
		Person: forms.Person{Country: "United States", TimeZone: forms.TimeZoneEastern}, Years: &years,
		Contact:     forms.Contact{InPerson: forms.InPersonYes},
		Preferences: forms.Preferences{Gender: forms.GenderPreferNot},
	}}
	m := person(mentor)
	if m.Refining || !m.InPerson || m.UTCHours != -5 || m.Gender != "" || m.Years != 9 || m.Geo.Within != scoring.SameCountry {
		t.Errorf("mentor read as %+v", m)
	}
}
