package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// A browser signed in as one person that opens another's link is asked before it switches: the
// link alone changes nothing, and the switch is a button that posts.
func TestOpeningAnotherPersonsLinkAsksBeforeSwitching(t *testing.T) {
	f := newPairs(t)
	imani := f.sessionOf(f.tokenOf["a/mentor"])
	liam := f.tokenOf["b/mentee"]
	r := f.request("GET", forms.PairPath+"?token="+liam+"&next="+url.QueryEscape(forms.PairPath+"?sent=goals"), imani)
	w := f.serve(r)
	page := w.Body.String()
	if w.Code != http.StatusOK || len(w.Result().Cookies()) != 0 || !strings.Contains(page, "Switch to Liam O&#39;Brien's page?") ||
		!strings.Contains(page, "This browser is signed in to Imani Okoro's page.") || !strings.Contains(page, `action="/api/session"`) {
		t.Fatalf("another person's link: %d, cookies %v:\n%s", w.Code, w.Result().Cookies(), page)
	}
	if body := f.do2("GET", forms.PairPath, imani).Body.String(); !strings.Contains(body, "Hello Imani Okoro") {
		t.Fatal("asking to switch signed the browser out")
	}
	// Staying is a plain link back; switching posts the link's secret.
	form := url.Values{"token": {liam}, "next": {forms.PairPath + "?sent=goals"}}
	r = f.request("POST", web.SessionPath, imani, form.Encode())
	r.Header.Set("Content-Type", forms.Encoded)
	w = f.serve(r)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.PairPath+"?sent=goals" {
		t.Fatalf("the switch: %d to %q", w.Code, w.Header().Get("Location"))
	}
	var switched *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == web.SessionCookie {
			switched = &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	if switched == nil || switched.Value == imani.Value {
		t.Fatalf("the switch set no new session: %v", w.Result().Cookies())
	}
	if body := f.do2("GET", forms.PairPath, switched).Body.String(); !strings.Contains(body, "Hello Liam O&#39;Brien") {
		t.Error("the new session is not Liam's")
	}
	if w := f.do2("GET", forms.PairPath, imani); w.Code != http.StatusUnauthorized {
		t.Errorf("the session switched from still works: %d", w.Code)
	}
	// Another site cannot post the switch.
	r = f.request("POST", web.SessionPath, nil, form.Encode())
	r.Header.Set("Content-Type", forms.Encoded)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if w := f.serve(r); w.Code != http.StatusForbidden || len(w.Result().Cookies()) != 0 {
		t.Errorf("a switch posted from another site: %d", w.Code)
	}
	// A link never leads off the participant's pages.
	for _, next := range []string{"https://elsewhere.example.com/", "//elsewhere.example.com/x", "/api/goals", "/api/pair/../links"} {
		w := f.do("GET", forms.PairPath+"?token="+f.tokenOf["a/mentee"]+"&next="+url.QueryEscape(next), "", "", "")
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.PairPath {
			t.Errorf("next=%s: %d to %q, want the pair's page", next, w.Code, w.Header().Get("Location"))
		}
	}
}

// A mentor of three mentees has one page listing the three pairs, each with a page of its own;
// a form reaches the pair it names, and the partner's copy carries a link to the partner's page.
func TestAMentorOfThreeMenteesChoosesAPair(t *testing.T) {
	f := newPairs(t)
	ctx := context.Background()
	for _, p := range []struct{ id, name, email string }{{"ec", "Chloé Martin", "chloe@example.org"}, {"ed", "Dev Patel", "dev@example.org"}} {
		form := forms.New(forms.RoleMentee)
		*form.Applicant() = forms.Person{Name: p.name, Email: p.email, Position: "Librarian", Organisation: "Library"}
		if _, err := f.store.AddApplication(ctx, &store.Application{ID: p.id, Cycle: cycle.ID, Role: forms.RoleMentee, Email: p.email,
			Status: store.StatusAccepted, SubmittedAt: cycle.Window(program.Applications).Opens, Hash: forms.Hash(forms.RoleMentee, form),
			Form: form, Expires: cycle.Expiry()}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.AddMatch(ctx, &store.Match{Cycle: cycle.ID, Mentor: "ma", Mentee: p.id, Proposal: "p",
			CreatedAt: cycle.Window(program.ProgramStart).Opens, Expires: cycle.Expiry()}); err != nil {
			t.Fatal(err)
		}
	}
	imani := f.sessionOf(f.tokenOf["a/mentor"])
	list := f.do2("GET", forms.PairPath, imani).Body.String()
	pairs := regexp.MustCompile(`<a href="(/api/pair\?with=[a-z]+)">Your pair with ([^<]+)</a>`).FindAllStringSubmatch(list, -1)
	if len(pairs) != 3 || !strings.Contains(list, "You are the mentor of 3 pairs") {
		t.Fatalf("the list of pairs: %q in\n%s", pairs, list)
	}
	for _, p := range pairs {
		if body := f.do2("GET", p[1], imani).Body.String(); !strings.Contains(body, p[2]) {
			t.Errorf("%s: not the pair with %s", p[1], p[2])
		}
		goalsPage := strings.Replace(p[1], forms.PairPath, forms.PairPath+"/goals", 1)
		if body := f.do2("GET", goalsPage, imani).Body.String(); !strings.Contains(body, `action="/api/goals?with=`+strings.TrimPrefix(p[1], forms.PairPath+"?with=")+`"`) {
			t.Errorf("%s: the goals form does not name the pair", goalsPage)
		}
	}
	// A form that does not say which pair is refused; one that does reaches that pair alone.
	r := f.request("POST", forms.GoalsForm.Action, imani, formstest.JSON(goals("Goals with Dev")))
	r.Header.Set("Content-Type", forms.JSON)
	if w := f.serve(r); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "You have several pairs") {
		t.Errorf("goals naming no pair: %d %s", w.Code, w.Body)
	}
	r = f.request("POST", forms.GoalsForm.Action+"?with=ed", imani, formstest.JSON(goals("Goals with Dev")))
	r.Header.Set("Content-Type", forms.JSON)
	if w := f.serve(r); w.Code != http.StatusCreated {
		t.Fatalf("goals for the pair with Dev: %d %s", w.Code, w.Body)
	}
	for _, mentee := range []string{"ea", "ec", "ed"} {
		y, err := f.store.PairYear(ctx, cycle.ID, store.MatchKey(mentee, "ma"))
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"ed": 1}[mentee]; len(y.Goals) != want {
			t.Errorf("the pair with %s has %d versions of goals, want %d", mentee, len(y.Goals), want)
		}
	}
	sent := notifytest.Outbox(t, f.outbox)
	if len(sent) != 1 || sent[0].To != "dev@example.org" {
		t.Fatalf("sent %+v, want Dev's copy", sent)
	}
	link := regexp.MustCompile(`https://mentoring\.example\.org(/api/pair\?token=[0-9a-f]{64}\S*)`).FindStringSubmatch(sent[0].Text)
	if link == nil {
		t.Fatalf("no personal link in Dev's copy:\n%s", sent[0].Text)
	}
	w := f.serve(f.request("GET", link[1], nil))
	var dev *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == web.SessionCookie {
			dev = &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	if dev == nil {
		t.Fatalf("Dev's link: %d", w.Code)
	}
	if body := f.do2("GET", w.Header().Get("Location"), dev).Body.String(); !strings.Contains(body, "Hello Dev Patel") {
		t.Error("Dev's link does not open Dev's page")
	}
	if body := f.do2("GET", forms.PairPath+"/goals", dev).Body.String(); !strings.Contains(body, "Goals with Dev") {
		t.Error("Dev's goals page does not show the goals his mentor sent")
	}
}

// request is a request with the given session cookie (none when nil) and body.
func (f *pairFixture) request(method, target string, session *http.Cookie, body ...string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(strings.Join(body, "")))
	if session != nil {
		r.AddCookie(session)
	}
	return r
}

func (f *pairFixture) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	f.send()
	return w
}
