package forms_test

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
)

// decodeAPI decodes answers as the applications API does.
func decodeAPI(t *testing.T, answers map[string]any) (*forms.Submission, error) {
	t.Helper()
	r := httptest.NewRequest("POST", "/api/applications", strings.NewReader(formstest.JSON(answers)))
	r.Header.Set("Content-Type", forms.JSON)
	return forms.Decode(r)
}

// Corrections are judged exactly as the API judges the whole application with them.
func TestCorrectValidatesAsTheAPI(t *testing.T) {
	stored, err := decodeAPI(t, Mentee())
	if err != nil {
		t.Fatal(err)
	}
	before := forms.Hash(forms.RoleMentee, stored.Form)
	for _, tc := range []struct {
		name string
		kv   []any
		code forms.Code
	}{
		{"a new answer", []any{"geo_preference", "required", "city", "Evanston"}, 0},
		{"not an option", []any{"geo_preference", "sometimes"}, forms.Invalid},
		{"too long", []any{"city", strings.Repeat("x", 101)}, forms.Invalid},
		{"a rule joining answers", []any{"race_ethnicity", []string{}}, forms.Invalid},
		{"a wrong kind", []any{"interests", "programming"}, forms.Invalid},
		{"an unknown field", []any{"objetive", "x"}, forms.Malformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			edits := map[string]any{}
			for i := 0; i < len(tc.kv); i += 2 {
				edits[tc.kv[i].(string)] = tc.kv[i+1]
			}
			body, err := json.Marshal(edits)
			if err != nil {
				t.Fatal(err)
			}
			got, err := forms.Correct(forms.RoleMentee, stored.Form, body)
			_, apiErr := decodeAPI(t, formstest.With(Mentee(), tc.kv...))
			var fe, apiFE *forms.Error
			errors.As(err, &fe)
			errors.As(apiErr, &apiFE)
			switch {
			case tc.code == 0 && (err != nil || apiErr != nil):
				t.Fatalf("refused: %v (the API: %v)", err, apiErr)
			case tc.code != 0 && (fe == nil || fe.Code != tc.code):
				t.Fatalf("err = %v, want code %d", err, tc.code)
			case tc.code == forms.Invalid && (apiFE == nil || !maps.Equal(fe.Fields, apiFE.Fields)):
				t.Fatalf("fields %v, the API's %v", fe.Fields, apiErr)
			case tc.code == forms.Malformed && !strings.Contains(fe.Message, "objetive"):
				t.Fatalf("message %q does not name the unknown field", fe.Message)
			case tc.code == 0:
				changes := forms.Changes(stored.Form, got)
				if len(changes) != 2 || changes[0].Field != "city" || changes[1].Field != "geo_preference" ||
					!strings.HasPrefix(changes[1].Now, "Required") {
					t.Errorf("changes %+v", changes)
				}
			}
			if forms.Hash(forms.RoleMentee, stored.Form) != before {
				t.Error("Correct changed the stored form")
			}
		})
	}
}
