package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// formNames are the participant forms' pages, /api/pair/<name>.
var formNames = []string{"goals", "tracker", "survey", "checkin", "tips", "rematch", "withdrawal"}

// sentSection is the part of a form's page that shows what was sent, or "".
func sentSection(page string) string {
	return regexp.MustCompile(`(?s)<section class="sent".*?</section>`).FindString(page)
}

// noFormOffered fails if any form's page offers a form to the person with token.
func noFormOffered(t *testing.T, f *pairFixture, token, who string) {
	t.Helper()
	for _, name := range formNames {
		if page := f.formPage(t, token, name); strings.Contains(page, "<form") {
			t.Errorf("%s: the %s page still offers its form", who, name)
		}
	}
	if page := f.page(t, token); strings.Contains(page, `id="todo"`) {
		t.Errorf("%s: the overview still lists something to do", who)
	}
}

func TestThePartnerWhoDidNotSendTheTrackerSeesItsAnswers(t *testing.T) {
	f := newPairs(t)
	mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
	two := formstest.With(goals("Read ten picture books"), "goal_2", "Shadow a story time", "objectives_2", []string{"skills"}, "measure_2", "Done twice.")
	if w := f.postJSON(forms.GoalsForm.Action, mentee, two); w.Code != http.StatusCreated {
		t.Fatalf("goals: %d %s", w.Code, w.Body)
	}
	f.now = trackerDay
	tracker := map[string]any{"progress_1": "under_way", "note_1": "Six read so far.", "progress_2": "met", "note_2": "Shadowed in March.",
		"contact": "twice_monthly", "working": "Our video calls.", "call_me": "no"}
	if w := f.postJSON(forms.TrackerForm.Action, mentee, tracker); w.Code != http.StatusCreated {
		t.Fatalf("tracker: %d %s", w.Code, w.Body)
	}
	for who, token := range map[string]string{"the mentee, who sent it": mentee, "the mentor, who did not": mentor} {
		page := f.formPage(t, token, "tracker")
		sent := sentSection(page)
		for _, want := range []string{"<h3>Goal 1: Read ten picture books</h3>", "<dt>Progress</dt><dd>Under way</dd>",
			"<dt>What you have done, and what comes next</dt><dd>Six read so far.</dd>", "<h3>Goal 2: Shadow a story time</h3>",
			"<dd>Shadowed in March.</dd>", "<dt>How often have you been in touch?</dt><dd>About twice a month</dd>", "<dd>Our video calls.</dd>"} {
			if !strings.Contains(sent, want) {
				t.Errorf("%s: the tracker's page lacks %q:\n%s", who, want, sent)
			}
		}
		if strings.Contains(page, `id="form-tracker"`) {
			t.Errorf("%s: the tracker is offered again once sent", who)
		}
	}
	if !strings.Contains(sentSection(f.formPage(t, mentor, "tracker")), "What was sent on March 2, 2027 by your mentee") {
		t.Error("the mentor's page does not say who sent the tracker")
	}
}

func TestTheSurveyAndTheCheckInAreShownToTheirAuthorOnly(t *testing.T) {
	f := newPairs(t)
	mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
	f.now = cycle.Window(program.Work).Opens.AddDate(0, 0, 3)
	if w := f.postJSON(forms.CheckInForm.Action, mentee, map[string]any{"how_going": string(forms.HowCouldBeBetter)}); w.Code != http.StatusCreated {
		t.Fatalf("check-in: %d %s", w.Code, w.Body)
	}
	if sent := sentSection(f.formPage(t, mentee, "checkin")); !strings.Contains(sent, "<dt>How is it going?</dt><dd>Could be better</dd>") {
		t.Errorf("the author's check-in page:\n%s", sent)
	}
	if page := f.formPage(t, mentor, "checkin"); sentSection(page) != "" || !strings.Contains(page, `id="form-checkin"`) {
		t.Errorf("the partner's check-in page shows the mentee's answer or offers no form:\n%s", page)
	}
	f.now = surveyDay
	survey := map[string]any{"worked": "Our survey secret", "not_worked": "Little.", "rating_overall": "5", "rating_match": "4", "rating_support": "3", "again": "mentor"}
	if w := f.postJSON(forms.SurveyForm.Action, mentee, survey); w.Code != http.StatusCreated {
		t.Fatalf("survey: %d %s", w.Code, w.Body)
	}
	if sent := sentSection(f.formPage(t, mentee, "survey")); !strings.Contains(sent, "<dd>Our survey secret</dd>") {
		t.Errorf("the author's survey page:\n%s", sent)
	}
	if page := f.formPage(t, mentor, "survey"); strings.Contains(page, "Our survey secret") || !strings.Contains(page, `id="form-survey"`) {
		t.Error("the partner's survey page shows the mentee's answers or offers no survey of their own")
	}
	if page := f.page(t, mentor); strings.Contains(page, "Our survey secret") || !strings.Contains(page, `<a href="/api/pair/survey">Wrap-up survey</a>: open until`) {
		t.Error("the partner's overview shows the mentee's survey or does not offer theirs")
	}
}

func TestLeavingWithoutConfirmingChangesNothing(t *testing.T) {
	f := newPairs(t, "liaison@example.org")
	mentor := f.tokenOf["a/mentor"]
	page := f.formPage(t, mentor, "withdrawal")
	for _, want := range []string{`class="pair pair-form-page irreversible"`, `<form class="program-form" id="form-withdrawal" method="post" action="/api/pair/withdrawal"`,
		"Leaving ends your match today"} {
		if !strings.Contains(page, want) {
			t.Errorf("the leaving page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") {
		t.Error("the leaving page runs the script that would send the form at once")
	}
	// The first submit asks; nothing is stored and nobody is told.
	answers := url.Values{"reason": {"moving abroad"}, "confirm": {"on"}}
	w := f.do("POST", forms.PairPath+"/withdrawal", mentor, forms.Encoded, answers.Encode())
	if w.Code != http.StatusOK {
		t.Fatalf("first submit: %d %s", w.Code, w.Body)
	}
	question := w.Body.String()
	for _, want := range []string{"<h1>Leave the program?</h1>", "Your match with Rafael Souza ends today, and Rafael Souza is told, kindly and without your reasons",
		`<form method="post" action="/api/withdrawals">`, `<input type="hidden" name="confirm" value="on">`,
		`<input type="hidden" name="reason" value="moving abroad">`, `<button type="submit" class="button button-danger" id="confirm">Yes, leave the program</button>`,
		`<a class="button button-secondary" href="/api/pair">No, go back</a>`} {
		if !strings.Contains(question, want) {
			t.Errorf("the question lacks %q:\n%s", want, question)
		}
	}
	year, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil || len(year.Withdrawals) != 0 {
		t.Fatalf("a withdrawal was stored before it was confirmed: %v %+v", err, year.Withdrawals)
	}
	if m, err := f.store.Match(context.Background(), cycle.ID, f.a.Key()); err != nil || m.Ended {
		t.Fatalf("the match ended before the leaving was confirmed: %v %+v", err, m)
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 0 {
		t.Fatalf("%d emails before the leaving was confirmed", len(sent))
	}
	if !strings.Contains(f.page(t, mentor), `<a href="/api/pair/withdrawal">Leave the program</a>: if you can no longer take part`) {
		t.Error("the overview no longer offers leaving")
	}
	// Without the box ticked, the page shows the form again with its message, and asks nothing.
	w = f.do("POST", forms.PairPath+"/withdrawal", mentor, forms.Encoded, url.Values{"reason": {"x"}}.Encode())
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Tick the box to confirm that you are leaving the program.") ||
		strings.Contains(w.Body.String(), "Yes, leave the program") {
		t.Errorf("unticked: %d %s", w.Code, w.Body)
	}
	// The question's button acts: the leaving is stored and the person lands on the overview.
	w = f.do("POST", forms.WithdrawalForm.Action, mentor, forms.Encoded, answers.Encode())
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.PairPath+"?sent=withdrawal#sent" {
		t.Fatalf("confirmed: %d %q", w.Code, w.Header().Get("Location"))
	}
	thanks := f.get(t, mentor, forms.PairPath+"?sent=withdrawal")
	if !strings.Contains(thanks, "You have left the program. Thank you for the time you gave it. Rafael Souza is told kindly") {
		t.Errorf("no thanks:\n%s", thanks)
	}
	noFormOffered(t, f, mentor, "the mentor who left")
	noFormOffered(t, f, f.tokenOf["a/mentee"], "the mentee left behind")
	if w := f.do("POST", forms.PairPath+"/withdrawal", mentor, forms.Encoded, answers.Encode()); w.Code != http.StatusForbidden ||
		strings.Contains(w.Body.String(), "Yes, leave the program") {
		t.Errorf("asking again after leaving: %d", w.Code)
	}
}

func TestARefusedFormIsShownAgainOnItsOwnPage(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["a/mentee"]
	// Closed: the tracker's page says when it opens and offers no form; sent anyway, the refusal says so on that page.
	if page := f.formPage(t, token, "tracker"); strings.Contains(page, "<form") || !strings.Contains(page, "The mid-point tracker opens on March 1, 2027 and closes on April 30, 2027.") {
		t.Errorf("the closed tracker's page:\n%s", page)
	}
	w := f.do("POST", forms.TrackerForm.Action, token, forms.Encoded, url.Values{"contact": {"weekly"}, "working": {"Fine."}, "call_me": {"no"}}.Encode())
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "<h1>Mid-point tracker</h1>") ||
		!strings.Contains(w.Body.String(), `role="alert" tabindex="-1" autofocus><p>The mid-point tracker opens on March 1, 2027`) || strings.Contains(w.Body.String(), "<form") {
		t.Errorf("the refused closed tracker: %d %s", w.Code, w.Body)
	}
	// A rematch request without a reason: its own page, the form again with the message, and no question asked.
	w = f.do("POST", forms.PairPath+"/rematch", token, forms.Encoded, url.Values{"reason": {""}}.Encode())
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `id="form-rematch"`) ||
		!strings.Contains(w.Body.String(), "What is not working? Fill in this field.") || strings.Contains(w.Body.String(), "Yes, ask for a rematch") {
		t.Errorf("the refused rematch request: %d %s", w.Code, w.Body)
	}
	// With a reason, the question, then the request.
	w = f.do("POST", forms.PairPath+"/rematch", token, forms.Encoded, url.Values{"reason": {"our calls keep clashing"}}.Encode())
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<h1>Ask for a rematch?</h1>") {
		t.Fatalf("the rematch question: %d %s", w.Code, w.Body)
	}
	if list, err := f.store.RematchRequests(context.Background(), cycle.ID); err != nil || len(list) != 0 {
		t.Fatalf("a rematch request was stored before it was confirmed: %v %d", err, len(list))
	}
	w = f.do("POST", forms.RematchForm.Action, token, forms.Encoded, url.Values{"reason": {"our calls keep clashing"}}.Encode())
	if w.Code != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", w.Code)
	}
	if page := f.get(t, token, forms.PairPath+"?sent=rematch"); !strings.Contains(page, "Your request for a rematch was sent to the ALSC staff liaison") ||
		!strings.Contains(page, "you asked for a rematch on November 3, 2026") || strings.Contains(page, "clashing") {
		t.Errorf("after the request:\n%s", page)
	}
	if page := f.formPage(t, token, "rematch"); strings.Contains(page, "<form") {
		t.Error("the rematch form is offered again once sent")
	}
}

func TestFormPagesNeedAPersonalLink(t *testing.T) {
	f := newPairs(t)
	for _, name := range formNames {
		if w := f.do("GET", forms.PairPath+"/"+name, "", "", ""); w.Code != http.StatusUnauthorized {
			t.Errorf("%s without a link: %d", name, w.Code)
		}
	}
	if w := f.do("POST", forms.PairPath+"/goals", f.tokenOf["a/mentee"], forms.Encoded, ""); w.Code != http.StatusNotFound {
		t.Errorf("POST to the goals page: %d, want 404 (it acts only through its form's action)", w.Code)
	}
	if w := f.do("GET", forms.PairPath+"/nothing", f.tokenOf["a/mentee"], "", ""); w.Code != http.StatusNotFound {
		t.Errorf("an unknown form's page: %d", w.Code)
	}
}

// The tips page promises tips exactly while the reminders send them: the calendar's Tips window.
func TestTheTipsPageFollowsTheTipsWindow(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["a/mentee"]
	tips := cycle.Tips()
	if page := f.page(t, token); !strings.Contains(page, `<a href="/api/pair/tips">Monthly tips</a>: opens on December 1, 2026.`) {
		t.Errorf("before the work starts, the overview does not say when the tips start")
	}
	f.now = tips.Closes.Add(-time.Hour)
	if page := f.formPage(t, token, "tips"); !strings.Contains(page, `id="form-tips"`) {
		t.Error("the tips can no longer be turned off on the last day of their window")
	}
	f.now = tips.Closes
	if page := f.formPage(t, token, "tips"); strings.Contains(page, "<form") ||
		!strings.Contains(page, "Turning off the monthly tips closed on "+cal.LastDay(tips)+".") {
		t.Errorf("once the tips have ended, the tips page:\n%s", page)
	}
	if cal.LastDay(tips) != "July 31, 2027" {
		t.Errorf("the tips window ends on %s, want the day before the survey opens, July 31, 2027", cal.LastDay(tips))
	}
}

// Without the site's layout (the site could not be read), the pages are plain but complete.
func TestPagesWithoutTheSitesLayoutArePlainButComplete(t *testing.T) {
	f := newPairs(t)
	h := web.Participants(web.ParticipantsConfig{Calendar: cal, Store: f.store,
		Pages: web.SiteDir(t.TempDir()), Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return f.now }})
	r := httptest.NewRequest("GET", forms.PairPath, nil)
	r.AddCookie(f.sessionOf(f.tokenOf["a/mentee"]))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body := w.Body.String()
	for _, want := range []string{`<!doctype html><html lang="en"><head><meta charset="utf-8">`, "<title>Your pair&#39;s page · ALSC Mentoring Program</title>",
		`<main id="main"><article class="pair"><h1>Your pair's page</h1>`, `<footer><p><a href="/">ALSC Mentoring Program</a></p></footer></body></html>`} {
		if w.Code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%d: the page lacks %q:\n%s", w.Code, want, body)
		}
	}
}
