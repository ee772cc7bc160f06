package season_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// TestSeason runs a cycle as the staff liaison would: applications through the API, a correction
// for an applicant refused as a duplicate, review, propose, commit (introductions and outcome
// emails), a rematch request, a rematch that pairs the one who asked first, and its commit.
func TestSeason(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	now := time.Date(2026, 9, 10, 15, 0, 0, 0, time.UTC)
	api := web.NewApply(f.runner.Calendar, f.store, slog.New(slog.DiscardHandler), web.WithClock(func() time.Time { return now }))
	years := 10
	apply := func(role forms.Role, name, email, state string, geo forms.Preference) (int, string) {
		t.Helper()
		person := forms.Person{Name: name, Email: email, Organisation: "Public Library", Position: "Youth Services Librarian",
			City: "Springfield", Region: state, Country: "United States", TimeZone: forms.TimeZoneCentral}
		prefs := forms.Preferences{GeoPreference: geo, GenderPreference: forms.PreferenceNone, RacePreference: forms.PreferenceNone, Consent: true}
		contact := forms.Contact{Communication: []forms.Mode{forms.ModeEmail}, InPerson: forms.InPersonNo}
		var form forms.Form = &forms.Mentee{Person: person, Connection: "Story times", Situation: forms.SituationEarlyCareer,
			Hopes: "Confidence", Interests: []forms.Competency{forms.CompetencyProgramming}, Contact: contact, Preferences: prefs}
		if role == forms.RoleMentor {
			form = &forms.Mentor{Person: person, ALSCMember: forms.Yes, Years: &years, Expertise: []forms.Competency{forms.CompetencyProgramming},
				Capacity: 1, Contact: contact, Preferences: prefs}
		}
		b, err := json.Marshal(form)
		if err != nil {
			t.Fatal(err)
		}
		body := `{"role": "` + string(role) + `", ` + string(b[1:])
		r := httptest.NewRequest(http.MethodPost, "/api/applications", strings.NewReader(body))
		r.Header.Set("Content-Type", forms.JSON)
		w := httptest.NewRecorder()
		api.ServeHTTP(w, r)
		var answer struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
			t.Fatalf("%s's application: %d %s", name, w.Code, w.Body)
		}
		return w.Code, answer.ID
	}
	ids := map[string]string{}
	for _, a := range []struct {
		role               forms.Role
		name, email, state string
		geo                forms.Preference
	}{
		{forms.RoleMentor, "Mira Ilić", "mira@example.org", "IL", forms.PreferenceNone},
		{forms.RoleMentor, "Carl Ames", "carl@example.org", "CA", forms.PreferenceNone},
		{forms.RoleMentor, "Walt Berg", "walt@example.org", "WI", forms.PreferenceNone},
		{forms.RoleMentor, "Nora Quinn", "nora@example.org", "IL", forms.PreferenceNone},
		{forms.RoleMentee, "Ivy Chen", "ivy@example.org", "IL", forms.PreferenceNone},
		{forms.RoleMentee, "Ned Park", "ned@example.org", "NY", forms.PreferenceRequired}, // by mistake
		{forms.RoleMentee, "Tess Ruiz", "tess@example.org", "TX", forms.PreferenceRequired},
	} {
		code, id := apply(a.role, a.name, a.email, a.state, a.geo)
		if code != http.StatusCreated {
			t.Fatalf("%s's application: %d", a.name, code)
		}
		ids[a.name] = id
	}
	// Ned applies again with the answer he meant: answered as a first application is (which tells
	// nobody he had applied) and stored nowhere; the email it sends him says to ask the liaison.
	if code, id := apply(forms.RoleMentee, "Ned Park", "ned@example.org", "NY", forms.PreferenceNone); code != http.StatusCreated || id == ids["Ned Park"] {
		t.Fatalf("Ned's second application: %d (id %s), want 201 with another id than his first", code, id)
	}
	run := func(ev season.Event) *season.Result {
		t.Helper()
		ev.Cycle = "2026-27"
		res, err := f.runner.Run(ctx, ev)
		if err != nil {
			t.Fatalf("%s: %v", ev.Mode, err)
		}
		return res
	}
	// Review writes the page and the spreadsheet; the liaison decides in the spreadsheet, corrects
	// Ned's answer there, and hands it back.
	dir := f.withFiles(t)
	review := run(season.Event{Mode: season.Review})
	if names := fileNames(review); !slices.Equal(names, []string{"review.html", season.ReviewFile}) {
		t.Fatalf("review wrote %v", names)
	}
	s := f.readReview(t)
	for name := range ids {
		s.set(t, name, "Decision", "accept")
	}
	s.set(t, "Nora Quinn", "Decision", "decline")
	s.set(t, "Ned Park", "A match who lives near you", "No preference")
	f.save(t, s, "decisions.csv")
	decide := season.Event{Mode: season.Decisions, File: "2026-27/decisions.csv"}
	if preview := run(decide); len(preview.Decisions) != 8 || preview.Proposal != "" {
		t.Fatalf("decisions preview %+v, want 7 decisions and Ned's correction, nothing proposed", preview.Decisions)
	}
	f.runner.Now = func() time.Time { return time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC) }
	decide.Confirm = true
	prop := run(decide)
	if code, id := apply(forms.RoleMentee, "Ned Park", "ned@example.org", "NY", forms.PreferenceNone); code != http.StatusOK || id != ids["Ned Park"] {
		t.Errorf("Ned sending his corrected answers again: %d, id %s; want the replay of his application", code, id)
	}
	if prop.Summary.Pairs != 2 || pairsOf(prop)[ids["Ned Park"]] == "" || pairsOf(prop)[ids["Ivy Chen"]] == "" {
		t.Fatalf("proposal %v, want Ivy and Ned paired (Tess requires Texas)", pairsOf(prop))
	}
	page, err := os.ReadFile(filepath.Join(dir, "2026-27", "proposal-"+prop.Proposal+".html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Nothing is stored or sent yet", "Tess Ruiz (mentee) has no possible mentor",
		"no one on the other side satisfies this rule: mentee requires the same state", pairLine(prop, ids["Ivy Chen"]), pairLine(prop, ids["Ned Park"])} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the proposal's page does not say %q", want)
		}
	}
	for _, id := range ids {
		if strings.Contains(string(page), id) {
			t.Errorf("the proposal's page shows the application id %s; it names people", id)
		}
	}
	done := run(season.Event{Mode: season.Commit, Proposal: prop.Proposal})
	if names := fileNames(done); !slices.Equal(names, []string{"matches-" + prop.Proposal + ".html", "matches-" + prop.Proposal + ".csv"}) {
		t.Fatalf("commit wrote %v", names)
	}
	sent, err := os.ReadFile(filepath.Join(dir, "2026-27", "matches-"+prop.Proposal+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{"Nora Quinn,nora@example.org,mentor,declined (on its way)", "Tess Ruiz,tess@example.org,mentee,unpaired (on its way)",
		"Ivy Chen,ivy@example.org,mentee,introduced to " + prop.People[pairsOf(prop)[ids["Ivy Chen"]]]} {
		if !strings.Contains(string(sent), row+"\r\n") {
			t.Errorf("the commit's spreadsheet has no row %q:\n%s", row, sent)
		}
	}
	got := map[string]store.Outcome{}
	for _, o := range done.Outcomes {
		got[o.Name] = o.Outcome
	}
	if done.New != 2 || len(done.Outcomes) != 3 || got["Nora Quinn"] != store.OutcomeDeclined || got["Tess Ruiz"] != store.OutcomeUnpaired {
		t.Fatalf("commit %+v, want 2 matches, Nora declined, Tess and the spare mentor told they are unpaired", done)
	}
	if done.Emails != 4+3 {
		t.Errorf("%d emails, want 4 introductions and 3 outcomes", done.Emails)
	}

	f.runner.Now = func() time.Time { return inWindow }
	q := f.askRematch(t, ids["Ivy Chen"], forms.RoleMentee, inWindow, store.RematchSubmitted)
	formerMentor := q.Mentor()
	review = run(season.Event{Mode: season.Review})
	if len(review.Requests) != 1 {
		t.Fatalf("review lists %d rematch requests, want Ivy's", len(review.Requests))
	}
	run(season.Event{Mode: season.Review, AcceptRematch: []string{review.Requests[0].Key}})
	re := run(season.Event{Mode: season.Rematch})
	if mentor := pairsOf(re)[ids["Ivy Chen"]]; mentor == "" || mentor == formerMentor || len(re.Ends) != 1 {
		t.Fatalf("rematch %v, ends %v; want Ivy, who asked, with a new mentor", pairsOf(re), re.Ends)
	}
	after := run(season.Event{Mode: season.Commit, Proposal: re.Proposal})
	if after.New != 1 || after.Emails != 3 {
		t.Errorf("rematch commit %+v, want Ivy and her new mentor introduced and her former mentor told", after)
	}
	reqs, _ := f.store.RematchRequests(ctx, "2026-27")
	if len(reqs) != 1 || reqs[0].Status != store.RematchDone {
		t.Errorf("requests after the rematch: %+v", reqs)
	}
}

// fileNames are the names of the files a run wrote.
func fileNames(res *season.Result) []string {
	var out []string
	for _, l := range res.Files {
		out = append(out, l.Name)
	}
	return out
}

// pairLine is a pair's row on the proposal's page: the mentee's name, then the mentor's.
func pairLine(res *season.Result, mentee string) string {
	return "<td>" + res.People[mentee] + "</td>\n<td>" + res.People[pairsOf(res)[mentee]] + "</td>"
}
