package season_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// sheet is the review spreadsheet as staff edit it: a heading row and a row per application.
type sheet struct {
	heading []string
	rows    [][]string
}

// readReview reads the review spreadsheet the last review wrote.
func (f *fixture) readReview(t *testing.T) *sheet {
	t.Helper()
	b, err := f.runner.Files.Get(context.Background(), "2026-27/"+season.ReviewFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("the spreadsheet has no byte order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return &sheet{heading: recs[0], rows: recs[1:]}
}

// set types value into the named column of the row whose name cell is name.
func (s *sheet) set(t *testing.T, name, column, value string) {
	t.Helper()
	c, n := slices.Index(s.heading, column), slices.Index(s.heading, "Your name")
	for _, r := range s.rows {
		if r[n] == name {
			r[c] = value
			return
		}
	}
	t.Fatalf("no row for %s, or no column %q", name, column)
}

// save stores the spreadsheet as staff hand it back, under name.
func (f *fixture) save(t *testing.T, s *sheet, name string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(append([][]string{s.heading}, s.rows...)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.runner.Files.Put(context.Background(), "2026-27/"+name, report.CSVType, b.Bytes()); err != nil {
		t.Fatal(err)
	}
}

// withFiles gives the runner a folder for files and a staff address. KEEP_FILES names a folder
// to use instead, to look at the pages a test wrote.
func (f *fixture) withFiles(t *testing.T) string {
	dir := t.TempDir()
	if k := os.Getenv("KEEP_FILES"); k != "" {
		dir = k
	}
	f.runner.Files, f.runner.Staff = report.Folder{Dir: dir}, []string{"liaison@example.org"}
	return dir
}

// cohortWithFiles stores the cohort, every application with the given status ("" keeps each
// one's own), on a runner with a folder for files.
func cohortWithFiles(t *testing.T, status store.Status) (*fixture, string) {
	f := mustRunner(t)
	dir := f.withFiles(t)
	for _, a := range cohort {
		if status != "" {
			a.status = status
		}
		f.add(t, a)
	}
	return f, dir
}

// Every change the spreadsheet asks for is listed back by name before anything is stored; with
// confirm, they are stored and a proposal is made with the rows left out and pinned.
func TestDecisionsFromTheSpreadsheet(t *testing.T) {
	ctx := context.Background()
	f, dir := cohortWithFiles(t, store.StatusSubmitted)
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "2026-27", "review.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 mentor applications and 3 mentee applications, 6 waiting for a decision",
		"<td>Tess Ruiz</td>\n<td>waiting for a decision</td>\n<td>Children's Librarian, Oak Park Public Library</td>\n" +
			"<td>Springfield, TX, United States</td>\n<td>Central</td>\n<td>Early in my career</td>\n<td>Programming Skills</td>\n" +
			"<td>lives near: required (same state, province or territory: TX)</td>",
		"<td>12 years; up to 1 mentee</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the review page does not say %q", want)
		}
	}
	mail, err := notify.ReadOutbox(f.outbox)
	if err != nil {
		t.Fatal(err)
	}
	if len(mail) != 1 || mail[0].To != "liaison@example.org" || mail[0].Subject != "Mentoring Program 2026-27: the applications to review" ||
		!strings.Contains(mail[0].Text, "- review.csv: "+filepath.Join(dir, "2026-27", "review.csv")) {
		t.Fatalf("staff were sent %+v", mail)
	}
	s := f.readReview(t)
	for _, name := range []string{"Mira Ilić", "Carl Ames", "Ivy Chen", "Ned Park", "Tess Ruiz"} {
		s.set(t, name, "Decision", "accept")
	}
	s.set(t, "Nora Declined", "Decision", "Decline")
	s.set(t, "Tess Ruiz", "A match who lives near you", "No preference")
	s.set(t, "Tess Ruiz", "Time zone", "eastern")
	s.set(t, "Ned Park", "Leave out", "yes")
	s.set(t, "Ivy Chen", "Pin with", "mira ilić")
	f.save(t, s, "decisions.csv")

	before := f.snapshot(t)
	ev := season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/decisions.csv"}
	preview, err := f.runner.Run(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range preview.Decisions {
		got = append(got, d.Name+": "+d.Change)
	}
	want := []string{
		"Mira Ilić: waiting for a decision → accepted",
		"Carl Ames: waiting for a decision → accepted",
		"Nora Declined: waiting for a decision → declined",
		"Ivy Chen: waiting for a decision → accepted",
		"Ivy Chen: pinned with Mira Ilić",
		"Ned Park: waiting for a decision → accepted",
		"Ned Park: left out of the proposal",
		"Tess Ruiz: waiting for a decision → accepted",
		"Tess Ruiz: Time zone: Central → Eastern",
		"Tess Ruiz: A match who lives near you: Required: match me only with someone who shares it → No preference",
	}
	// Listed in the spreadsheet's order; the rows of applications sent at one moment come in any.
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || preview.Proposal != "" || !strings.HasPrefix(preview.Message, "Nothing is stored yet") {
		t.Fatalf("preview:\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), preview.Message)
	}
	if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
		t.Fatal("the preview changed the applications")
	}

	ev.Confirm = true
	done, err := f.runner.Run(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if done.Proposal == "" || len(done.Decisions) != len(want) || !strings.HasPrefix(done.Message, "Stored 8 changes; made proposal "+done.Proposal) {
		t.Fatalf("confirmed: %+v", done)
	}
	pairs := pairsOf(done)
	if len(pairs) != 2 || pairs["e-il"] != "m-il" || pairs["e-tx"] != "m-ca" || pairs["e-ny"] != "" {
		t.Fatalf("pairs %v; want Ivy pinned with Mira, Tess (no longer requiring Texas) with Carl, Ned left out", pairs)
	}
	stored := f.snapshot(t)
	for id, st := range map[string]store.Status{"m-il": store.StatusAccepted, "m-no": store.StatusDeclined, "e-ny": store.StatusAccepted} {
		if stored[id].Status != st {
			t.Errorf("%s is %s, want %s", id, stored[id].Status, st)
		}
	}
	tess := stored["e-tx"].Form.(*forms.Mentee)
	if tess.GeoPreference != forms.PreferenceNone || tess.TimeZone != forms.TimeZoneEastern || tess.Name != "Tess Ruiz" {
		t.Errorf("Tess's corrected answers: %+v", tess.Person)
	}
	// Handing the same spreadsheet back again finds nothing left to change.
	ev.Confirm = false
	if again, err := f.runner.Run(ctx, ev); err != nil || len(again.Decisions) != 2 {
		t.Fatalf("the same file again: %+v %v; want only the leave-out and the pin", again, err)
	}
}

// snapshot is every stored application of the cycle, by id.
func (f *fixture) snapshot(t *testing.T) map[string]*store.Application {
	t.Helper()
	out := map[string]*store.Application{}
	for _, role := range forms.Roles {
		apps, err := f.store.Applications(context.Background(), "2026-27", role)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			out[a.ID] = a
		}
	}
	return out
}

// A spreadsheet with a mistake is refused whole, naming the row and the person, and changes
// nothing.
func TestDecisionsRefuseAMalformedRow(t *testing.T) {
	ctx := context.Background()
	f, dir := cohortWithFiles(t, "")
	f.add(t, applicant{id: "e-ivy2", email: "ivy2@example.org", name: "Ivy Chen", state: "IL", geo: forms.PreferenceNone})
	f.add(t, applicant{id: "m-ivy", email: "ivy3@example.org", name: "Ivy Chen", state: "IL", geo: forms.PreferenceNone, mentor: true})
	f.add(t, applicant{id: "m-ivy2", email: "ivy4@example.org", name: "Ivy Chen", state: "IL", geo: forms.PreferenceNone, mentor: true})
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review}); err != nil {
		t.Fatal(err)
	}
	clean := f.readReview(t)
	row := func(name string) int { // a row's number in the spreadsheet, the heading being row 1
		n := slices.Index(clean.heading, "Your name")
		for i, r := range clean.rows {
			if r[n] == name {
				return i + 2
			}
		}
		return 0
	}
	before := f.snapshot(t)
	for _, tc := range []struct {
		name  string
		edit  func(s *sheet)
		error string
	}{
		{"a decision that is not one", func(s *sheet) { s.set(t, "Ned Park", "Decision", "maybe") },
			`row %d (Ned Park): Decision is "maybe"; write accept or decline, or leave it empty`},
		{"an answer that is not an option", func(s *sheet) { s.set(t, "Tess Ruiz", "Time zone", "Centrl") },
			`row %d (Tess Ruiz): Time zone: "Centrl" is not one of the answers: "Hawaii"`},
		{"a mentor's question on a mentee's row", func(s *sheet) { s.set(t, "Tess Ruiz", "How many mentees could you take this year?", "2") },
			`row %d (Tess Ruiz): How many mentees could you take this year?: the mentee form does not ask this`},
		{"an answer the form refuses", func(s *sheet) { s.set(t, "Carl Ames", "How many mentees could you take this year?", "9") },
			`row %d (Carl Ames): the corrections to Carl Ames's application (m-ca) were refused`},
		{"a new email address", func(s *sheet) { s.set(t, "Carl Ames", "Email address", "carl@elsewhere.org") },
			`row %d (Carl Ames): the email address identifies Carl Ames's application (m-ca) and cannot be corrected`},
		{"an unknown id", func(s *sheet) { s.set(t, "Mira Ilić", "Application id", "m-zz") },
			`row %d (Mira Ilić): no application with the id "m-zz" in this cycle`},
		{"a pin naming nobody", func(s *sheet) { s.set(t, "Ned Park", "Pin with", "Walt Berg") },
			`row %d (Ned Park): Pin with is "Walt Berg", but no mentor has that name or id`},
		{"a pin naming two people", func(s *sheet) { s.set(t, "Ned Park", "Pin with", "Ivy Chen") },
			`row %d (Ned Park): Pin with is "Ivy Chen", and 2 mentors have that name; write the application id of the one you mean`},
		{"a changed role", func(s *sheet) { s.set(t, "Ned Park", "Role", "mentor") },
			`row %d (Ned Park): the role cannot be changed (it is mentee)`},
		{"a leave-out that is not yes", func(s *sheet) { s.set(t, "Ned Park", "Leave out", "perhaps") },
			`row %d (Ned Park): Leave out is "perhaps"; write yes, or leave it empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &sheet{heading: clean.heading}
			for _, r := range clean.rows {
				s.rows = append(s.rows, slices.Clone(r))
			}
			// A good change on another row, which must not be stored either.
			s.set(t, "Ivy Chen", "City or town", "Evanston")
			tc.edit(s)
			f.save(t, s, "bad.csv")
			_, who, _ := strings.Cut(tc.error, "(")
			who, _, _ = strings.Cut(who, ")")
			want := strings.Replace(tc.error, "%d", strconv.Itoa(row(who)), 1)
			_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/bad.csv", Confirm: true})
			if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "nothing was changed") {
				t.Fatalf("error %v\nwant one containing %q and saying nothing was changed", err, want)
			}
			if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
				t.Fatal("a refused spreadsheet changed the applications")
			}
		})
	}

	for _, tc := range []struct{ name, body, error string }{
		{"an unknown column", "Application id,Objetive\r\nm-il,x\r\n", `row 1: "Objetive" is not a column of the review spreadsheet`},
		{"no id column", "Decision\r\naccept\r\n", `row 1: the column "Application id" is missing`},
		{"a row twice", "Application id,Decision\r\nm-il,accept\r\nm-ca,\r\nm-il,decline\r\n", "rows 2 and 4 are both Mira Ilić's application"},
		{"not CSV", "Application id,Decision\r\n\"m-il,accept\r\n", "line 2 of the file cannot be read as a spreadsheet saved as CSV"},
		{"not UTF-8", "Application id,Your name\r\nm-il,Mira Ili\xe6\r\n", "the file is not in UTF-8"},
	} {
		if err := os.WriteFile(filepath.Join(dir, "2026-27", "bad.csv"), []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/bad.csv", Confirm: true})
		if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), tc.error) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.error)
		}
	}
	f.save(t, clean, "unchanged.csv")
	res, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/unchanged.csv"})
	if err != nil || len(res.Decisions) != 0 || !strings.HasPrefix(res.Message, "The spreadsheet asks for no change; nothing is stored.") {
		t.Errorf("an unchanged spreadsheet: %+v %v", res, err)
	}
	_, err = f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/none.csv"})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), `there is no file "2026-27/none.csv" among the staff files`) {
		t.Errorf("a missing file: %v", err)
	}
	if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
		t.Fatal("a refused spreadsheet changed the applications")
	}
}

// A spreadsheet saved where the comma is the decimal sign has semicolons between cells; it reads
// the same.
func TestDecisionsReadSemicolons(t *testing.T) {
	ctx := context.Background()
	f, dir := cohortWithFiles(t, store.StatusSubmitted)
	if err := os.MkdirAll(filepath.Join(dir, "2026-27"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Carl's row sets a city that begins like a formula (so written with an apostrophe); Mira's
	// stops before the city, which stays as it was.
	body := "\ufeffApplication id;Role;Decision;Leave out;Pin with;City or town\r\nm-ca;mentor;accept;;;'=Springfield\r\nm-il;mentor\r\n"
	if err := os.WriteFile(filepath.Join(dir, "2026-27", "semi.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Decisions, File: "2026-27/semi.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Decisions) != 2 || res.Decisions[0].Change != "waiting for a decision → accepted" ||
		res.Decisions[1].Change != "City or town: Springfield → =Springfield" {
		t.Fatalf("decisions %+v", res.Decisions)
	}
}
