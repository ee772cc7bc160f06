package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

func TestCheckInOnceAMonthAndTipsOff(t *testing.T) {
	f := newPairs(t, "liaison@example.org")
	token := f.tokenOf["a/mentee"]
	ask := map[string]any{"how_going": string(forms.HowNeedHelp)}
	if w := f.postJSON(forms.CheckInForm.Action, token, ask); w.Code != http.StatusForbidden {
		t.Fatalf("a check-in before the work starts: %d %s", w.Code, w.Body)
	}
	f.now = cycle.Window(program.Work).Opens.AddDate(0, 0, 3)
	if page := f.page(t, token); !strings.Contains(page, `<a class="button" href="/api/pair/checkin">Tell us how it is going</a>`) {
		t.Fatal("the pair's page does not offer the check-in")
	}
	if page := f.formPage(t, token, "checkin"); !strings.Contains(page, `id="form-checkin"`) || !strings.Contains(page, "We need help") {
		t.Fatal("the check-in's page offers no check-in")
	}
	if page := f.formPage(t, token, "tips"); !strings.Contains(page, `id="form-tips"`) {
		t.Fatal("the tips page offers no form")
	}
	if w := f.postJSON(forms.CheckInForm.Action, token, map[string]any{"how_going": "meh"}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("an answer not on the list: %d", w.Code)
	}
	if w := f.postJSON(forms.CheckInForm.Action, token, ask); w.Code != http.StatusCreated {
		t.Fatalf("check-in: %d %s", w.Code, w.Body)
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 1 {
		t.Errorf("%d emails after the answer \"we need help\", want staff's note at once", len(sent))
	}
	if w := f.postJSON(forms.CheckInForm.Action, token, ask); w.Code != http.StatusOK {
		t.Errorf("the same answer again: %d", w.Code)
	}
	if w := f.postJSON(forms.CheckInForm.Action, token, map[string]any{"how_going": string(forms.HowFine)}); w.Code != http.StatusConflict {
		t.Errorf("a second answer in one month: %d", w.Code)
	}
	f.now = f.now.AddDate(0, 1, 0)
	if w := f.postJSON(forms.CheckInForm.Action, token, map[string]any{"how_going": string(forms.HowFine)}); w.Code != http.StatusCreated {
		t.Errorf("next month's answer: %d %s", w.Code, w.Body)
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 1 {
		t.Errorf("%d emails after the answer \"fine\", want none beyond staff's note for \"we need help\"", len(sent))
	}
	if w := f.postJSON(forms.TipsForm.Action, token, map[string]any{"stop_tips": true}); w.Code != http.StatusCreated {
		t.Fatalf("tips off: %d %s", w.Code, w.Body)
	}
	y, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil {
		t.Fatal(err)
	}
	if len(y.CheckIns) != 2 || y.CheckIns[0].Answers.(*forms.CheckIn).HowGoing != forms.HowNeedHelp || y.TipsOff[forms.RoleMentee] == nil ||
		y.TipsOff[forms.RoleMentor] != nil {
		t.Errorf("stored: %d check-ins, tips off %v", len(y.CheckIns), y.TipsOff)
	}
	if page := f.page(t, token); !strings.Contains(page, "you turned the monthly tips off") {
		t.Error("the page does not say tips are off")
	}
	if page := f.page(t, f.tokenOf["a/mentor"]); strings.Contains(page, "turned the monthly tips off") {
		t.Error("one person's choice turned the partner's tips off")
	}
	// The "we need help" answer reached staff at once, naming the pair and nothing else; "fine" did not.
	sent := notifytest.Outbox(t, f.outbox)
	if len(sent) != 1 || sent[0].To != "liaison@example.org" || !strings.Contains(sent[0].Text, "Rafael Souza (mentee) with Imani Okoro (mentor)") ||
		!strings.Contains(sent[0].Text, "rafael@example.org") {
		t.Errorf("staff's note: %+v", sent)
	}
	for _, path := range []string{forms.CheckInForm.Action, forms.TipsForm.Action} {
		listed := false
		for _, r := range web.Routes {
			listed = listed || (r.Method == "POST" && r.Path == path && r.Function == "participants")
		}
		if !listed {
			t.Errorf("%s is not in web.Routes", path)
		}
	}
}
