package local

import (
	"context"
	"fmt"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// AddAcceptedPeople adds n made-up mentors (each for one mentee) and n mentees, already accepted,
// with no required preference, to the calendar's cycle (cfg.Calendar, the built-in one when nil),
// so that the matcher can pair every one of them: what the fault trial (make load) matches
// through the matcher's own propose and commit. Ids are "<prefix>-mentor-01", …; names
// "<Prefix> Mentor 1", …, and addresses derive from the names at demo.example.org. Adding again
// adds nothing twice; it returns how many it added.
func AddAcceptedPeople(ctx context.Context, cfg Config, cycle, prefix string, n int) (int, error) {
	cal := program.DefaultCalendar()
	if cfg.Calendar != nil {
		var err error
		if cal, err = program.ParseCalendar(cfg.Calendar); err != nil {
			return 0, err
		}
	}
	cy, ok := cal.Cycle(cycle)
	if !ok {
		return 0, fmt.Errorf("local: the calendar has no cycle %q", cycle)
	}
	if cfg.Table == "" {
		cfg.Table = "mentoring"
	}
	title := prefix
	if prefix != "" {
		title = string(prefix[0]-'a'+'A') + prefix[1:]
	}
	zones := []forms.TimeZone{forms.TimeZoneEastern, forms.TimeZoneCentral, forms.TimeZoneMountain, forms.TimeZonePacific}
	person := func(role string, i int) demoPerson {
		return demoPerson{name: fmt.Sprintf("%s %s %d", title, role, i), state: "IL", zone: zones[i%len(zones)],
			gender: forms.GenderPreferNot, geo: forms.PreferenceNone, genderPref: forms.PreferenceNone, racePref: forms.PreferenceNone,
			areas: []forms.Competency{forms.CompetencyProgramming}, capacity: 1, years: 5, situation: forms.SituationEarlyCareer}
	}
	var mentors, mentees []demoPerson
	for i := 1; i <= n; i++ {
		mentors, mentees = append(mentors, person("Mentor", i)), append(mentees, person("Mentee", i))
	}
	return addAccepted(ctx, store.New(store.Local(cfg.DynamoDB), cfg.Table), cy, prefix, mentors, mentees)
}
