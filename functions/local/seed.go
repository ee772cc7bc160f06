package local

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// demoPerson is one made-up applicant of the demo cohort.
type demoPerson struct {
	name, state               string
	zone                      forms.TimeZone
	gender                    forms.Gender
	race                      []forms.RaceEthnicity
	geo, genderPref, racePref forms.Preference
	areas                     []forms.Competency
	capacity, years           int             // mentors
	situation                 forms.Situation // mentees
}

// The demo cohort: mentors and mentees from across the country with a mix of preferences, so
// that a proposal shows required and preferred preferences at work and someone left unpaired.
var (
	demoMentors = []demoPerson{
		{name: "Rosa Delgado", state: "IL", zone: forms.TimeZoneCentral, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceHispanic}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferencePreferred, areas: []forms.Competency{forms.CompetencyProgramming, forms.CompetencyOutreach}, capacity: 2, years: 14},
		{name: "Marcus Bell", state: "GA", zone: forms.TimeZoneEastern, gender: forms.GenderMan, race: []forms.RaceEthnicity{forms.RaceBlack}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyAdministration, forms.CompetencyProfessionalism}, capacity: 2, years: 20},
		{name: "Hannah Okafor", state: "OH", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceBlack}, geo: forms.PreferencePreferred, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyMaterials, forms.CompetencyReference}, capacity: 1, years: 9},
		{name: "Lena Sato", state: "CA", zone: forms.TimeZonePacific, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceAsian}, geo: forms.PreferenceNone, genderPref: forms.PreferencePreferred, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyClientGroup, forms.CompetencyProgramming}, capacity: 3, years: 11},
		{name: "Tom Whitehorse", state: "NM", zone: forms.TimeZoneMountain, gender: forms.GenderMan, race: []forms.RaceEthnicity{forms.RaceAmericanIndian}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyOutreach, forms.CompetencyMaterials}, capacity: 1, years: 6},
		{name: "Priya Raman", state: "NY", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceAsian}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyReference, forms.CompetencyProfessionalism}, capacity: 2, years: 4},
	}
	demoMentees = []demoPerson{
		{name: "Jordan Avery", state: "IL", zone: forms.TimeZoneCentral, gender: forms.GenderNonbinary, geo: forms.PreferenceRequired, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyProgramming}, situation: forms.SituationEarlyCareer},
		{name: "Maya Thompson", state: "GA", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceBlack}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceRequired, areas: []forms.Competency{forms.CompetencyAdministration}, situation: forms.SituationRefining},
		{name: "Luis Herrera", state: "TX", zone: forms.TimeZoneCentral, gender: forms.GenderMan, race: []forms.RaceEthnicity{forms.RaceHispanic}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferencePreferred, areas: []forms.Competency{forms.CompetencyOutreach}, situation: forms.SituationStudent},
		{name: "Emma Lindqvist", state: "MN", zone: forms.TimeZoneCentral, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceWhite}, geo: forms.PreferenceNone, genderPref: forms.PreferencePreferred, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyMaterials, forms.CompetencyProgramming}, situation: forms.SituationReturning},
		{name: "Kenji Mori", state: "WA", zone: forms.TimeZonePacific, gender: forms.GenderMan, race: []forms.RaceEthnicity{forms.RaceAsian}, geo: forms.PreferencePreferred, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyClientGroup}, situation: forms.SituationEarlyCareer},
		{name: "Aisha Bello", state: "OH", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceBlack}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyReference}, situation: forms.SituationStudent},
		{name: "Sam Fischer", state: "CO", zone: forms.TimeZoneMountain, gender: forms.GenderPreferNot, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyMaterials}, situation: forms.SituationOther},
		{name: "Grace Kim", state: "NY", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceAsian}, geo: forms.PreferenceNone, genderPref: forms.PreferenceRequired, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyProfessionalism}, situation: forms.SituationRefining},
		{name: "Noah Begay", state: "AZ", zone: forms.TimeZoneArizona, gender: forms.GenderMan, race: []forms.RaceEthnicity{forms.RaceAmericanIndian}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferencePreferred, areas: []forms.Competency{forms.CompetencyOutreach}, situation: forms.SituationEarlyCareer},
		{name: "Olivia Brooks", state: "ME", zone: forms.TimeZoneEastern, gender: forms.GenderWoman, race: []forms.RaceEthnicity{forms.RaceWhite}, geo: forms.PreferenceRequired, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyProgramming}, situation: forms.SituationEarlyCareer},
		{name: "Daniel Cruz", state: "FL", zone: forms.TimeZoneEastern, gender: forms.GenderMan, race: []forms.RaceEthnicity{forms.RaceHispanic}, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone, areas: []forms.Competency{forms.CompetencyClientGroup, forms.CompetencyOutreach}, situation: forms.SituationStudent},
	}
)

// SeedDemo adds the demo cohort's applications, already accepted, to the calendar's cycle whose
// applications are open (or next to open) at now. Each has a fixed id and address, so seeding again adds nothing twice; it
// returns how many it added.
func SeedDemo(ctx context.Context, st *store.Store, cal *program.Calendar, now time.Time) (int, error) {
	cy, _, ok := cal.NextWindow(program.Applications, now)
	if !ok {
		cy = cal.CycleAt(now)
	}
	return addAccepted(ctx, st, cy, "demo", demoMentors, demoMentees)
}

// addAccepted adds people's applications, already accepted, to cycle cy, with fixed ids
// ("<prefix>-mentor-01", …) and addresses, so that adding again adds nothing twice. It returns how
// many it added.
func addAccepted(ctx context.Context, st *store.Store, cy *program.Cycle, prefix string, mentors, mentees []demoPerson) (int, error) {
	added := 0
	for i, p := range append(append([]demoPerson{}, mentors...), mentees...) {
		role, id := forms.RoleMentee, fmt.Sprintf("%s-mentee-%02d", prefix, i-len(mentors)+1)
		if i < len(mentors) {
			role, id = forms.RoleMentor, fmt.Sprintf("%s-mentor-%02d", prefix, i+1)
		}
		email := strings.ToLower(strings.ReplaceAll(p.name, " ", ".")) + "@demo.example.org"
		form := p.form(role, email)
		_, err := st.AddApplication(ctx, &store.Application{ID: id, Cycle: cy.ID, Role: role, Email: email,
			Status: store.StatusAccepted, SubmittedAt: cy.Window(program.Applications).Opens.Add(time.Duration(i) * time.Hour),
			Hash: forms.Hash(role, form), Form: form, Expires: cy.Expiry()}) // owing no receipt, as if it went
		switch {
		case err == nil:
			added++
		case !errors.Is(err, store.ErrApplicationExists):
			return added, err
		}
	}
	return added, nil
}

func (p demoPerson) form(role forms.Role, email string) forms.Form {
	person := forms.Person{Name: p.name, Email: email, Organisation: p.state + " Public Library",
		Position: "Children's Librarian", City: "Springfield", Region: p.state, Country: "United States", TimeZone: p.zone}
	prefs := forms.Preferences{GeoPreference: p.geo, Gender: p.gender, GenderPreference: p.genderPref,
		RaceEthnicity: p.race, RacePreference: p.racePref, Consent: true}
	contact := forms.Contact{Communication: []forms.Mode{forms.ModeEmail, forms.ModeVideo}, InPerson: forms.InPersonYes}
	if role == forms.RoleMentor {
		years := p.years
		return &forms.Mentor{Person: person, ALSCMember: forms.Yes, Years: &years, Expertise: p.areas,
			Capacity: p.capacity, Contact: contact, Preferences: prefs}
	}
	return &forms.Mentee{Person: person, Connection: "Story times and school visits.", Situation: p.situation,
		Hopes: "Confidence, and a colleague to learn from.", Interests: p.areas, Contact: contact, Preferences: prefs}
}
