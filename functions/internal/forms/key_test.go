package forms_test

import (
	"errors"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
)

var keyInput = regexp.MustCompile(`<input type="hidden" name="form_key" value="([A-Za-z0-9_-]{22})">`)

// Each rendering of a participant form carries a key of its own; the forms of the site's own
// pages, generated once for everyone, carry none.
func TestEveryParticipantFormRenderingHasItsOwnKey(t *testing.T) {
	for _, d := range forms.Definitions {
		t.Run(d.Name, func(t *testing.T) {
			first, second := keyInput.FindAllStringSubmatch(d.HTML(forms.View{}), -1), keyInput.FindAllStringSubmatch(d.HTML(forms.View{}), -1)
			if slices.Contains(forms.SiteForms, d) {
				if len(first) != 0 || strings.Contains(string(d.SiteJSON()), forms.FieldKey) {
					t.Errorf("a form of the site's pages carries a key: %q", first)
				}
				return
			}
			if len(first) != 1 || len(second) != 1 || first[0][1] == second[0][1] {
				t.Errorf("renderings carry keys %q and %q, want one fresh key each", first, second)
			}
		})
	}
}

// The key comes back with the form, as JSON or form-encoded, beside the answers; without one the
// form is decoded as before, and a key no page can have carried is refused.
func TestDecodeAsReadsTheKey(t *testing.T) {
	key := forms.NewKey()
	answers := func() map[string]any { return map[string]any{"how_going": "fine"} }
	for _, c := range []struct {
		name, contentType, body, key string
		code                         forms.Code
	}{
		{"JSON", forms.JSON, formstest.JSON(formstest.With(answers(), forms.FieldKey, key)), key, 0},
		{"form-encoded", forms.Encoded, formstest.Encoded(formstest.With(answers(), forms.FieldKey, key)), key, 0},
		{"JSON without a key", forms.JSON, formstest.JSON(answers()), "", 0},
		{"form-encoded without a key", forms.Encoded, formstest.Encoded(answers()), "", 0},
		{"JSON key not a string", forms.JSON, formstest.JSON(formstest.With(answers(), forms.FieldKey, 7)), "", forms.Malformed},
		{"key too long", forms.JSON, formstest.JSON(formstest.With(answers(), forms.FieldKey, strings.Repeat("a", 65))), "", forms.Malformed},
		{"key with other characters", forms.Encoded, formstest.Encoded(formstest.With(answers(), forms.FieldKey, "a b")), "", forms.Malformed},
		{"key twice", forms.Encoded, formstest.Encoded(formstest.With(answers(), forms.FieldKey, key)) + "&form_key=" + key, "", forms.Malformed},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", forms.CheckInForm.Action, strings.NewReader(c.body))
			r.Header.Set("Content-Type", c.contentType)
			sub, err := forms.DecodeAs(r, forms.CheckInForm)
			var fe *forms.Error
			switch {
			case c.code != 0 && (!errors.As(err, &fe) || fe.Code != c.code):
				t.Fatalf("error %v, want code %d", err, c.code)
			case c.code != 0:
				return
			case err != nil:
				t.Fatal(err)
			}
			if sub.Key != c.key || sub.Answers.(*forms.CheckIn).HowGoing != forms.HowFine {
				t.Errorf("key %q, answers %+v; want key %q", sub.Key, sub.Answers, c.key)
			}
		})
	}
}
