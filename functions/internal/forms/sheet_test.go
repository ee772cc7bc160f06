package forms_test

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// The columns keep each form's order, name every question once and leave out the consent box.
func TestSheetColumns(t *testing.T) {
	cols := forms.SheetColumns()
	var names []string
	for _, c := range cols {
		if c.Label == "" || c.Label == c.Field {
			t.Errorf("column %s has no label", c.Field)
		}
		names = append(names, c.Field)
	}
	for _, role := range forms.Roles {
		var order []int
		spec := forms.ForRole(role).Spec()
		for _, s := range spec.Sections {
			for _, f := range s.Fields {
				i := slices.Index(names, f.Name)
				if f.Name == "consent" {
					if i >= 0 {
						t.Error("the consent box has a column")
					}
					continue
				}
				if i < 0 {
					t.Errorf("%s: no column for %s", role, f.Name)
				}
				order = append(order, i)
			}
		}
		if !slices.IsSorted(order) {
			t.Errorf("%s: the columns are not in the form's order: %v", role, order)
		}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("%s has two columns", n)
		}
		seen[n] = true
	}
	// A list's answers are split at semicolons, so no option of a list may contain one.
	for name, list := range forms.Lists {
		for _, o := range list {
			if strings.Contains(o.Label, ";") {
				t.Errorf("%s: option %q contains a semicolon", name, o.Label)
			}
		}
	}
}

// A row read back unchanged corrects nothing; each edited cell becomes exactly one correction,
// which Correct then accepts.
func TestSheetCorrections(t *testing.T) {
	stored, err := decodeAPI(t, Mentee())
	if err != nil {
		t.Fatal(err)
	}
	row := forms.SheetRow(forms.RoleMentee, stored.Form)
	if row["time_zone"] != "Central" || row["communication"] != "Email; Video calls" || row["race_preference"] !=
		"Required: match me only with someone who shares it" || row["name"] != "Ngozi Adébáyọ̀" {
		t.Fatalf("cells are not the plain answers: %q", row)
	}
	if _, ok := row["years_experience"]; ok {
		t.Fatal("a mentee's row has a mentor's question")
	}
	got, err := forms.SheetCorrections(forms.RoleMentee, stored.Form, row)
	if err != nil || string(got) != "{}" {
		t.Fatalf("unchanged row: %s, %v", got, err)
	}

	edited := maps.Clone(row)
	edited["time_zone"] = " eastern "
	edited["communication"] = "video calls;Phone; "
	edited["race_preference"] = "None"
	edited["city"] = "Evanston"
	edited["years_experience"] = "" // a mentor's question, left empty
	got, err = forms.SheetCorrections(forms.RoleMentee, stored.Form, edited)
	if err != nil {
		t.Fatal(err)
	}
	var corrections map[string]any
	if err := json.Unmarshal(got, &corrections); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"time_zone": "America/New_York", "communication": []any{"video", "phone"},
		"race_preference": "none", "city": "Evanston"}
	if !reflect.DeepEqual(corrections, want) {
		t.Fatalf("corrections = %v, want %v", corrections, want)
	}
	corrected, err := forms.Correct(forms.RoleMentee, stored.Form, got)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, c := range forms.Changes(stored.Form, corrected) {
		labels = append(labels, c.Label+": "+c.Was+" → "+c.Now)
	}
	wantLabels := []string{"City or town: Chicago → Evanston", "Time zone: Central → Eastern",
		"Preferred ways to communicate: Email; Video calls → Video calls; Phone",
		"A match who shares your race or ethnic background: Required: match me only with someone who shares it → No preference"}
	if !slices.Equal(labels, wantLabels) {
		t.Fatalf("changes:\n%s\nwant:\n%s", strings.Join(labels, "\n"), strings.Join(wantLabels, "\n"))
	}

	for _, tc := range []struct{ field, cell, message string }{
		{"time_zone", "Centrl", `Time zone: "Centrl" is not one of the answers: "Hawaii", `},
		{"interests", "Programming Skills; Storytelling", `Areas of interest: "Storytelling" is not one of the answers`},
		{"capacity", "2", "How many mentees could you take this year?: the mentee form does not ask this"},
	} {
		bad := maps.Clone(row)
		bad[tc.field] = tc.cell
		if _, err := forms.SheetCorrections(forms.RoleMentee, stored.Form, bad); err == nil || !strings.HasPrefix(err.Error(), tc.message) {
			t.Errorf("%s = %q: error %v, want one starting %q", tc.field, tc.cell, err, tc.message)
		}
	}

	mentor, err := decodeAPI(t, Mentor())
	if err != nil {
		t.Fatal(err)
	}
	mrow := forms.SheetRow(forms.RoleMentor, mentor.Form)
	mrow["years_experience"] = "15"
	if got, err := forms.SheetCorrections(forms.RoleMentor, mentor.Form, mrow); err != nil || string(got) != `{"years_experience":15}` {
		t.Fatalf("years: %s, %v", got, err)
	}
	mrow["years_experience"] = "fifteen"
	if _, err := forms.SheetCorrections(forms.RoleMentor, mentor.Form, mrow); err == nil ||
		err.Error() != `Years working in children's librarianship or children's literature: "fifteen" is not a whole number` {
		t.Fatalf("words for a number: %v", err)
	}
}
