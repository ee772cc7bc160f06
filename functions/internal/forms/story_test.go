package forms_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// A story needs an answer to how ALSC may use it; no story needs none.
func TestAStoryNeedsItsConsent(t *testing.T) {
	survey := `{"worked": "w", "not_worked": "n", "rating_overall": "5", "rating_match": "4", "rating_support": "5", "again": "either"`
	for _, c := range []struct {
		name, extra, refused string
	}{
		{"no story", ``, ""},
		{"a story with consent", `, "story": "We ran a family night.", "story_consent": "anonymous"`, ""},
		{"a story without consent", `, "story": "We ran a family night."`, "story_consent"},
		{"consent not on the list", `, "story": "We ran a family night.", "story_consent": "yes"`, "story_consent"},
	} {
		r := httptest.NewRequest("POST", forms.SurveyForm.Action, strings.NewReader(survey+c.extra+"}"))
		r.Header.Set("Content-Type", forms.JSON)
		sub, err := forms.DecodeAs(r, forms.SurveyForm)
		var fe *forms.Error
		switch {
		case c.refused == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.refused != "" && (!errors.As(err, &fe) || fe.Fields[c.refused] == ""):
			t.Errorf("%s: %v, want %s refused", c.name, err, c.refused)
		case c.refused == "" && c.extra != "" && sub.Answers.(*forms.Survey).StoryConsent != forms.StoryAnonymous:
			t.Errorf("%s: consent %q", c.name, sub.Answers.(*forms.Survey).StoryConsent)
		}
		if c.name == "a story without consent" && fe != nil && fe.Fields["story_consent"] != "Choose how ALSC may use your story, or leave the story empty." {
			t.Errorf("the message: %q", fe.Fields["story_consent"])
		}
	}
}
