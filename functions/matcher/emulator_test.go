package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
)

// TestBuiltMatcherUnderTheEmulator builds the matcher as make build does (for this machine's
// architecture), runs it under the AWS Lambda Runtime Interface Emulator against dynalite, and
// sends it staff's events: a correction to an application, propose, then commit of that
// proposal, then a mistaken event.
func TestBuiltMatcherUnderTheEmulator(t *testing.T) {
	cycle := program.DefaultCalendar().Cycles[0].ID
	ctx := context.Background()
	dir := t.TempDir()
	rie, bootstrap := emulator.MustBuild(t, "./functions/matcher")
	endpoint, table := dynalite.TestTable(t)
	if err := store.EnsureTable(ctx, store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	st := store.New(store.Local(endpoint), table)
	years := 9
	person := func(name, email string) forms.Person {
		return forms.Person{Name: name, Email: email, Organisation: "Library", Position: "Librarian", City: "Peoria",
			Region: "IL", Country: "United States", TimeZone: forms.TimeZoneCentral}
	}
	prefs := forms.Preferences{GeoPreference: forms.PreferenceNone, GenderPreference: forms.PreferenceNone, RacePreference: forms.PreferenceNone, Consent: true}
	contact := forms.Contact{Communication: []forms.Mode{forms.ModeEmail}, InPerson: forms.InPersonNo}
	for _, a := range []*store.Application{
		{ID: "m1", Role: forms.RoleMentor, Email: "mentor@example.org", Form: &forms.Mentor{Person: person("Ada Mentor", "mentor@example.org"),
			ALSCMember: forms.Yes, Years: &years, Expertise: []forms.Competency{forms.CompetencyMaterials}, Capacity: 1, Contact: contact, Preferences: prefs}},
		{ID: "e1", Role: forms.RoleMentee, Email: "mentee@example.org", Form: &forms.Mentee{Person: person("Bo Mentee", "mentee@example.org"),
			Connection: "Volunteer", Situation: forms.SituationStudent, Hopes: "Learn", Interests: []forms.Competency{forms.CompetencyMaterials}, Contact: contact, Preferences: prefs}},
	} {
		a.Cycle, a.Status, a.SubmittedAt, a.Expires = cycle, store.StatusAccepted, time.Now(), time.Now().AddDate(1, 0, 0)
		a.Hash = forms.Hash(a.Role, a.Form)
		if _, err := st.AddApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	outboxDir := filepath.Join(dir, "outbox")
	emu, err := emulator.Start(rie, bootstrap, []string{
		"TABLE_NAME=" + table, "AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "EMAIL_FROM=mentoring@example.org",
		"OUTBOX_DIR=" + outboxDir, "SITE_URL=https://mentoring.example.org",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()

	out, err := emu.Invoke(ctx, []byte(`{"cycle": "`+cycle+`", "mode": "edit", "application": "e1", "answers": {"city": "Urbana"}, "confirm": true}`))
	if err != nil {
		t.Fatal(err)
	}
	var edited struct {
		Stored  bool           `json:"stored"`
		Changes []forms.Change `json:"changes"`
	}
	if err := json.Unmarshal(out, &edited); err != nil || !edited.Stored || len(edited.Changes) != 1 || edited.Changes[0].Now != "Urbana" {
		t.Fatalf("edit answered %s (%v)", out, err)
	}
	out, err = emu.Invoke(ctx, []byte(`{"cycle": "`+cycle+`", "mode": "propose"}`))
	if err != nil {
		t.Fatal(err)
	}
	var proposed struct {
		Proposal string `json:"proposal"`
		Summary  struct {
			Pairs int `json:"pairs"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(out, &proposed); err != nil || proposed.Proposal == "" || proposed.Summary.Pairs != 1 {
		t.Fatalf("propose answered %s (%v)", out, err)
	}
	out, err = emu.Invoke(ctx, []byte(`{"cycle": "`+cycle+`", "mode": "commit", "proposal": "`+proposed.Proposal+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var committed struct {
		New    int `json:"new_matches"`
		Emails int `json:"emails"`
	}
	if err := json.Unmarshal(out, &committed); err != nil || committed.New != 1 || committed.Emails != 2 {
		t.Fatalf("commit answered %s (%v)", out, err)
	}
	// In Lambda the commit owes the introductions; the sender function sends them from the
	// table's stream.
	if mails, _ := filepath.Glob(filepath.Join(outboxDir, "*.eml")); len(mails) != 0 {
		t.Errorf("%d emails in the outbox after the commit, want none: they are owed", len(mails))
	}
	maker := &links.Maker{Store: st, SiteURL: "https://mentoring.example.org"}
	sender := &outbox.Sender{Store: st, Mail: notify.Outbox{Dir: outboxDir, From: "mentoring@example.org"}, Links: maker.ForRecipients(program.DefaultCalendar())}
	if n, err := sender.Sweep(ctx, time.Now().Add(time.Hour)); n != 2 || err != nil {
		t.Errorf("the sender sent %d (%v), want the 2 introductions", n, err)
	}
	if mails, _ := filepath.Glob(filepath.Join(outboxDir, "*.eml")); len(mails) != 2 {
		t.Errorf("%d emails in the outbox, want 2", len(mails))
	}
	out, err = emu.Invoke(ctx, []byte(`{"cycle": "`+cycle+`", "mode": "shuffle"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "errorMessage") || !strings.Contains(string(out), "mode must be") {
		t.Errorf("a mistaken event answered %s, want an error saying what modes there are", out)
	}
}
