package season_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The review spreadsheet handed back exactly as review wrote it asks for no change, though its
// answers hold what a spreadsheet is careful with: a formula (written behind an apostrophe), an
// answer that itself begins with an apostrophe, one that begins with an apostrophe and an equals
// sign, and line breaks typed as CRLF and as a lone CR.
func TestAnUntouchedSpreadsheetAsksForNoChange(t *testing.T) {
	ctx := context.Background()
	f, _ := cohortWithFiles(t, store.StatusSubmitted)
	years := 3
	form := &forms.Mentor{Person: forms.Person{Name: "Orla Ní Bhriain", Email: "orla@example.org", Organisation: "=SUM(A1:A9)",
		Position: "'Tis the season librarian", City: "'=Springfield", Region: "IL", Country: "United States", TimeZone: forms.TimeZoneCentral},
		ALSCMember: forms.Yes, Years: &years, Expertise: []forms.Competency{forms.CompetencyProgramming}, Capacity: 1,
		Committees: "Notable Children's Books,\r\n2019-2021\r-5 drafts a year", Contact: forms.Contact{Communication: []forms.Mode{forms.ModeEmail},
			InPerson: forms.InPersonYes},
		Preferences: forms.Preferences{GeoPreference: forms.PreferenceNone, GenderPreference: forms.PreferenceNone,
			RacePreference: forms.PreferenceNone, Consent: true}}
	if _, err := f.store.AddApplication(ctx, &store.Application{ID: "m-on", Cycle: "2026-27", Role: forms.RoleMentor, Email: "orla@example.org",
		Status: store.StatusSubmitted, SubmittedAt: time.Date(2026, 9, 4, 0, 0, 0, 0, time.UTC), Hash: forms.Hash(forms.RoleMentor, form),
		Form: form, Expires: time.Date(2028, 8, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review}); err != nil {
		t.Fatal(err)
	}
	b, err := f.runner.Files.Get(ctx, "2026-27/"+season.ReviewFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{",'=SUM(A1:A9),", ",'Tis the season librarian,", ",''=Springfield,"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the spreadsheet does not hold %q", want)
		}
	}
	if _, err := f.runner.Files.Put(ctx, "2026-27/untouched.csv", report.CSVType, b); err != nil {
		t.Fatal(err)
	}
	before := f.snapshot(t)
	res, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/untouched.csv", Confirm: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Decisions {
		t.Errorf("an untouched spreadsheet asks: %s: %s", d.Name, d.Change)
	}
	if !strings.HasPrefix(res.Message, "Nothing new to store") {
		t.Errorf("the answer: %s", res.Message)
	}
	after := f.snapshot(t)
	if got := after["m-on"].Form.(*forms.Mentor); got.Organisation != form.Organisation || got.City != form.City ||
		got.Committees != form.Committees || after["m-on"].Hash != before["m-on"].Hash {
		t.Errorf("the stored application changed: %+v", got.Person)
	}
}
