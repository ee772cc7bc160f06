package season

import (
	"math"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// person is the matcher's view of an application.
func person(a *store.Application) *scoring.Person {
	me, prefs := a.Form.Applicant(), a.Form.Confidential()
	place := scoring.PlaceOf(me.Country, me.Region)
	p := &scoring.Person{
		ID: a.ID, Identity: store.EmailKey(a.Email), Country: place.Country, State: place.State,
		Region: place.Region, UTCHours: utcHours(me.TimeZone),
		Gender:     string(prefs.Gender),
		Geo:        scoring.GeoPreference{Strength: proposal.Strength(prefs.GeoPreference), Within: scoring.Near(me.Region)},
		GenderPref: scoring.Preference{Strength: proposal.Strength(prefs.GenderPreference)},
		RacePref:   scoring.Preference{Strength: proposal.Strength(prefs.RacePreference)},
	}
	switch prefs.Gender {
	case forms.GenderSelfDescribe:
		p.Gender = prefs.GenderSelf
	case forms.GenderPreferNot:
		p.Gender = ""
	}
	for _, r := range prefs.RaceEthnicity {
		if r != forms.RaceSelfDescribe {
			p.RaceEthnicity = append(p.RaceEthnicity, string(r))
		}
	}
	if prefs.RaceEthnicitySelf != "" {
		p.RaceEthnicity = append(p.RaceEthnicity, prefs.RaceEthnicitySelf)
	}
	switch f := a.Form.(type) {
	case *forms.Mentor:
		p.Modes, p.Areas, p.InPerson = plain(f.Communication), plain(f.Expertise), f.InPerson == forms.InPersonYes
		if f.Years != nil {
			p.Years = *f.Years
		}
	case *forms.Mentee:
		p.Modes, p.Areas, p.InPerson = plain(f.Communication), plain(f.Interests), f.InPerson == forms.InPersonYes
		p.Refining = f.Situation == forms.SituationRefining
	}
	return p
}

// plain is a list of answers as plain strings.
func plain[T ~string](answers []T) []string {
	if answers == nil {
		return nil
	}
	out := make([]string, len(answers))
	for i, a := range answers {
		out[i] = string(a)
	}
	return out
}

// utcHours is a time zone's offset from UTC in hours in January (so daylight saving time does not
// make zones look nearer in summer), or NaN when unknown.
func utcHours(zone forms.TimeZone) float64 {
	loc, err := time.LoadLocation(string(zone))
	if err != nil || zone == "" || zone == forms.TimeZoneOther {
		return math.NaN()
	}
	_, off := time.Date(2026, 1, 15, 12, 0, 0, 0, loc).Zone()
	return float64(off) / 3600
}

// applications are a cycle's applications by id.
type applications = staffpages.Apps
