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
	name, state, zone, gender string
	race                      []string
	geo, genderPref, racePref string // required, preferred or none
	areas                     []string
	capacity, years           int    // mentors
	situation                 string // mentees
}

// The demo cohort: mentors and mentees from across the country with a mix of preferences, so
// that a proposal shows required and preferred preferences at work and someone left unpaired.
var (
	demoMentors = []demoPerson{
		{name: "Rosa Delgado", state: "IL", zone: "America/Chicago", gender: "woman", race: []string{"hispanic"}, geo: "none", genderPref: "none", racePref: "preferred", areas: []string{"programming", "outreach"}, capacity: 2, years: 14},
		{name: "Marcus Bell", state: "GA", zone: "America/New_York", gender: "man", race: []string{"black"}, geo: "none", genderPref: "none", racePref: "none", areas: []string{"administration", "professionalism"}, capacity: 2, years: 20},
		{name: "Hannah Okafor", state: "OH", zone: "America/New_York", gender: "woman", race: []string{"black"}, geo: "preferred", genderPref: "none", racePref: "none", areas: []string{"materials", "reference"}, capacity: 1, years: 9},
		{name: "Lena Sato", state: "CA", zone: "America/Los_Angeles", gender: "woman", race: []string{"asian"}, geo: "none", genderPref: "preferred", racePref: "none", areas: []string{"client_group", "programming"}, capacity: 3, years: 11},
		{name: "Tom Whitehorse", state: "NM", zone: "America/Denver", gender: "man", race: []string{"american_indian"}, geo: "none", genderPref: "none", racePref: "none", areas: []string{"outreach", "materials"}, capacity: 1, years: 6},
		{name: "Priya Raman", state: "NY", zone: "America/New_York", gender: "woman", race: []string{"asian"}, geo: "none", genderPref: "none", racePref: "none", areas: []string{"reference", "professionalism"}, capacity: 2, years: 4},
	}
	demoMentees = []demoPerson{
		{name: "Jordan Avery", state: "IL", zone: "America/Chicago", gender: "nonbinary", geo: "required", genderPref: "none", racePref: "none", areas: []string{"programming"}, situation: "early_career"},
		{name: "Maya Thompson", state: "GA", zone: "America/New_York", gender: "woman", race: []string{"black"}, geo: "none", genderPref: "none", racePref: "required", areas: []string{"administration"}, situation: "refining"},
		{name: "Luis Herrera", state: "TX", zone: "America/Chicago", gender: "man", race: []string{"hispanic"}, geo: "none", genderPref: "none", racePref: "preferred", areas: []string{"outreach"}, situation: "student"},
		{name: "Emma Lindqvist", state: "MN", zone: "America/Chicago", gender: "woman", race: []string{"white"}, geo: "none", genderPref: "preferred", racePref: "none", areas: []string{"materials", "programming"}, situation: "returning"},
		{name: "Kenji Mori", state: "WA", zone: "America/Los_Angeles", gender: "man", race: []string{"asian"}, geo: "preferred", genderPref: "none", racePref: "none", areas: []string{"client_group"}, situation: "early_career"},
		{name: "Aisha Bello", state: "OH", zone: "America/New_York", gender: "woman", race: []string{"black"}, geo: "none", genderPref: "none", racePref: "none", areas: []string{"reference"}, situation: "student"},
		{name: "Sam Fischer", state: "CO", zone: "America/Denver", gender: "prefer_not", geo: "none", genderPref: "none", racePref: "none", areas: []string{"materials"}, situation: "other"},
		{name: "Grace Kim", state: "NY", zone: "America/New_York", gender: "woman", race: []string{"asian"}, geo: "none", genderPref: "required", racePref: "none", areas: []string{"professionalism"}, situation: "refining"},
		{name: "Noah Begay", state: "AZ", zone: "America/Phoenix", gender: "man", race: []string{"american_indian"}, geo: "none", genderPref: "none", racePref: "preferred", areas: []string{"outreach"}, situation: "early_career"},
		{name: "Olivia Brooks", state: "ME", zone: "America/New_York", gender: "woman", race: []string{"white"}, geo: "required", genderPref: "none", racePref: "none", areas: []string{"programming"}, situation: "early_career"},
		{name: "Daniel Cruz", state: "FL", zone: "America/New_York", gender: "man", race: []string{"hispanic"}, geo: "none", genderPref: "none", racePref: "none", areas: []string{"client_group", "outreach"}, situation: "student"},
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
	added := 0
	for i, p := range append(append([]demoPerson{}, demoMentors...), demoMentees...) {
		role, id := forms.RoleMentee, fmt.Sprintf("demo-mentee-%02d", i-len(demoMentors)+1)
		if i < len(demoMentors) {
			role, id = forms.RoleMentor, fmt.Sprintf("demo-mentor-%02d", i+1)
		}
		email := strings.ToLower(strings.ReplaceAll(p.name, " ", ".")) + "@demo.example.org"
		form := p.form(role, email)
		_, err := st.AddApplication(ctx, &store.Application{ID: id, Cycle: cy.ID, Role: role, Email: email,
			Status: store.StatusAccepted, SubmittedAt: cy.Window(program.Applications).Opens.Add(time.Duration(i) * time.Hour),
			Hash: forms.Hash(role, form), Form: form, Expires: cy.Expiry()})
		switch {
		case err == nil:
			added++
		case !errors.Is(err, store.ErrExists):
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
	contact := forms.Contact{Communication: []string{"email", "video"}, InPerson: "yes"}
	if role == forms.RoleMentor {
		years := p.years
		return &forms.Mentor{Person: person, ALSCMember: "yes", Years: &years, Expertise: p.areas,
			Capacity: p.capacity, Contact: contact, Preferences: prefs}
	}
	return &forms.Mentee{Person: person, Connection: "Story times and school visits.", Situation: p.situation,
		Hopes: "Confidence, and a colleague to learn from.", Interests: p.areas, Contact: contact, Preferences: prefs}
}
