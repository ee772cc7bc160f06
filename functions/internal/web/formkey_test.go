package web_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

var goalsKey = regexp.MustCompile(`<form class="program-form" id="form-goals"[^>]*>\n<input type="hidden" name="form_key" value="([^"]+)">`)

// goalsFormKey is the key of the goals form on the person's pair page, as their browser has it.
func (f *pairFixture) goalsFormKey(t *testing.T, token string) string {
	t.Helper()
	m := goalsKey.FindStringSubmatch(f.formPage(t, token, "goals"))
	if m == nil || m[1] == "" {
		t.Fatal("the goals page has no form with a key")
	}
	return m[1]
}

// sendGoals sends goals with text from the form with key, as JSON or as the plain form.
func (f *pairFixture) sendGoals(token, key, text string, asJSON bool) *httptest.ResponseRecorder {
	answers := goals(text)
	if key != "" {
		answers[forms.FieldKey] = key
	}
	if asJSON {
		return f.postJSON(forms.GoalsForm.Action, token, answers)
	}
	return f.do("POST", forms.GoalsForm.Action, token, forms.Encoded, formstest.Encoded(answers))
}

// storedGoals are the pair's stored goals, oldest version first: each version's first goal.
func (f *pairFixture) storedGoals(t *testing.T, m *store.Match) []string {
	t.Helper()
	year, err := f.store.PairYear(context.Background(), cycle.ID, m.Key())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, e := range year.Goals {
		if e.Version != i+1 {
			t.Errorf("version %d stored as the %d. of the pair", e.Version, i+1)
		}
		out = append(out, e.Answers.(*forms.Goals).Goal1)
	}
	return out
}

// copies counts the goals copies in the outbox by recipient and first goal.
func (f *pairFixture) copies(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		// The goal's words are the first line of text after its heading, "Goal 1".
		var goal string
		_, after, _ := strings.Cut(strings.ReplaceAll(m.Text, "\r\n", "\n"), "Goal 1\n")
		for _, line := range strings.Split(after, "\n") {
			if line = strings.TrimSpace(line); line != "" && strings.Trim(line, "-=") != "" {
				goal = line
				break
			}
		}
		out[m.To+" "+goal]++
	}
	return out
}

// The same form sent twice at once (a double click) is stored once, both answers name the
// stored version, and the partner gets one copy: as JSON and as a plain form, round after round.
func TestTheSameGoalsSentTwiceAtOnceAreStoredOnce(t *testing.T) {
	for _, asJSON := range []bool{true, false} {
		t.Run(map[bool]string{true: "JSON", false: "plain form"}[asJSON], func(t *testing.T) {
			f := newPairs(t)
			mentee := f.tokenOf["a/mentee"]
			const rounds, clicks = 6, 3
			var want []string
			wantCopies := map[string]int{}
			for round := range rounds {
				text := fmt.Sprintf("Story time number %d", round+1)
				key := f.goalsFormKey(t, mentee)
				answers := make([]*httptest.ResponseRecorder, clicks)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for i := range answers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						answers[i] = f.sendGoals(mentee, key, text, asJSON)
					}()
				}
				close(start)
				wg.Wait()
				created, ids := 0, map[string]bool{}
				for _, w := range answers {
					switch {
					case !asJSON && w.Code == http.StatusSeeOther:
					case asJSON && w.Code == http.StatusCreated:
						created++
						ids[idOf(t, w)] = true
					case asJSON && w.Code == http.StatusOK:
						ids[idOf(t, w)] = true
					default:
						t.Fatalf("round %d: %d %s", round+1, w.Code, w.Body)
					}
				}
				if asJSON && (created != 1 || len(ids) != 1) {
					t.Errorf("round %d: %d answers created, %d ids; want one created and one id", round+1, created, len(ids))
				}
				want = append(want, text)
				wantCopies["imani@example.org "+text] = 1
			}
			if got := f.storedGoals(t, f.a); !slices.Equal(got, want) {
				t.Errorf("stored versions %q, want %q", got, want)
			}
			if got := f.copies(t); !maps.Equal(got, wantCopies) {
				t.Errorf("partner's copies %v, want %v", got, wantCopies)
			}
		})
	}
}

// A's goals, then the partner's other goals, then A's form sent again: the repeat is a replay of
// A's version, answered as the first was, with no new version and no second copy. The same form
// sent again with changed answers, or goals sent without a key, are new versions as ever.
func TestARepeatAfterThePartnersVersionIsAReplay(t *testing.T) {
	for _, asJSON := range []bool{true, false} {
		t.Run(map[bool]string{true: "JSON", false: "plain form"}[asJSON], func(t *testing.T) {
			f := newPairs(t)
			mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
			menteeKey := f.goalsFormKey(t, mentee)
			first := f.sendGoals(mentee, menteeKey, "Host a family literacy night", asJSON)
			if w := f.sendGoals(mentor, f.goalsFormKey(t, mentor), "Plan two story times", asJSON); w.Code != first.Code {
				t.Fatalf("the partner's version: %d %s", w.Code, w.Body)
			}
			repeat := f.sendGoals(mentee, menteeKey, "Host a family literacy night", asJSON)
			switch {
			case asJSON && (first.Code != http.StatusCreated || repeat.Code != http.StatusOK || idOf(t, repeat) != idOf(t, first)):
				t.Fatalf("first %d %s, repeat %d %s; want 201, then 200 with the same id", first.Code, first.Body, repeat.Code, repeat.Body)
			case !asJSON && (first.Code != http.StatusSeeOther || repeat.Code != http.StatusSeeOther ||
				repeat.Header().Get("Location") != first.Header().Get("Location")):
				t.Fatalf("first %d %s, repeat %d %s; want the same 303", first.Code, first.Header(), repeat.Code, repeat.Header())
			}
			want := []string{"Host a family literacy night", "Plan two story times"}
			if got := f.storedGoals(t, f.a); !slices.Equal(got, want) {
				t.Fatalf("stored versions %q, want %q", got, want)
			}
			wantCopies := map[string]int{"imani@example.org Host a family literacy night": 1, "rafael@example.org Plan two story times": 1}
			if got := f.copies(t); !maps.Equal(got, wantCopies) {
				t.Fatalf("copies %v, want %v", got, wantCopies)
			}
			// The same page's form with its answers changed (back, edit, send) is a new version.
			f.sendGoals(mentee, menteeKey, "Host two family literacy nights", asJSON)
			// Without a key (an older page, a script), the same goals again after another version
			// are a new version, as before keys.
			f.sendGoals(mentee, "", "Plan two story times", asJSON)
			f.sendGoals(mentee, "", "Host a family literacy night", asJSON)
			want = append(want, "Host two family literacy nights", "Plan two story times", "Host a family literacy night")
			if got := f.storedGoals(t, f.a); !slices.Equal(got, want) {
				t.Fatalf("stored versions %q, want %q", got, want)
			}
			wantCopies["imani@example.org Host two family literacy nights"] = 1
			wantCopies["imani@example.org Plan two story times"] = 1
			wantCopies["imani@example.org Host a family literacy night"] = 2
			if got := f.copies(t); !maps.Equal(got, wantCopies) {
				t.Errorf("copies %v, want %v", got, wantCopies)
			}
			year, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
			if err != nil {
				t.Fatal(err)
			}
			if year.Goals[0].FormKey != menteeKey || year.Goals[4].FormKey != "" {
				t.Errorf("form keys stored %q and %q, want %q and none", year.Goals[0].FormKey, year.Goals[4].FormKey, menteeKey)
			}
		})
	}
}

// A refused goals form names each goal in its messages, in the JSON answer too.
func TestGoalsMessagesNameTheGoalInJSON(t *testing.T) {
	f := newPairs(t)
	answers := goals("Host a family literacy night")
	answers["goal_2"] = "Plan two story times"
	w := f.postJSON(forms.GoalsForm.Action, f.tokenOf["a/mentee"], answers)
	want := `"fields":{"measure_2":"Goal 2 — how you will know it is met: fill in this field.",` +
		`"objectives_2":"Goal 2 — program objectives this goal serves: tick at least one answer."}`
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), want) {
		t.Errorf("%d %s, want 422 with %s", w.Code, w.Body, want)
	}
}
