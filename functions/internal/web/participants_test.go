package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

// The real calendar's 2026-27 cycle: the program starts on November 2, goals are due by
// December 1, rematch requests are open for 30 days, the tracker from March 1 to April 30 and
// the survey through August.
var (
	cal        = program.DefaultCalendar()
	cycle, _   = cal.Cycle("2026-27")
	goalsOpen  = cycle.Window(program.Goals).Opens.Add(36 * time.Hour)
	goalsLate  = cycle.Window(program.Goals).Closes.Add(50 * time.Hour)
	trackerDay = cycle.Window(program.Tracker).Opens.Add(30 * time.Hour)
	surveyDay  = cycle.Window(program.Survey).Opens.Add(30 * time.Hour)
)

// tokens are the personal-link tokens the tests issue; none may appear in any log line.
var tokens struct {
	sync.Mutex
	list []string
}

func init() {
	extraSecrets = append(extraSecrets, "Imani Okoro", "imani@example.org", "Rafael Souza", "rafael@example.org",
		"our calls keep clashing", "moving abroad", "Our survey secret", "Make a family literacy night")
}

// pairFixture is the participants' handler on a fresh table with two matched pairs.
type pairFixture struct {
	h       http.Handler
	store   *store.Store
	outbox  string
	sender  *outbox.Sender // runs after every request, as the local stack's poll does; its Mail may be swapped
	sendMu  sync.Mutex
	sendErr error // what the sender's last run returned
	now     time.Time
	a, b    *store.Match
	tokenOf map[string]string // "a/mentor" → token
}

// newPairs builds the fixture; staff are told when someone asks for help.
func newPairs(t *testing.T, staff ...string) *pairFixture {
	t.Helper()
	ctx := context.Background()
	db := store.Local(endpoint)
	table := fmt.Sprintf("pairs-%d", tables.Add(1))
	if err := store.EnsureTable(ctx, db, table); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	page := `<!doctype html><html lang="en"><head><title>For matched pairs · ALSC Mentoring Program</title></head>` +
		`<body><header>site header</header><main id=main tabindex=-1><h1>For matched pairs</h1>` +
		forms.LinkForm.HTML(forms.View{}) + `</main><footer>site footer</footer></body></html>`
	if err := os.MkdirAll(filepath.Join(site, "participants"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "participants", "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &pairFixture{store: store.New(db, table), outbox: t.TempDir(), now: goalsOpen, tokenOf: map[string]string{}}
	f.h = web.Participants(web.ParticipantsConfig{Calendar: cal, Store: f.store, Pages: web.SiteDir(site),
		SiteURL: "https://mentoring.example.org", Staff: staff, Now: func() time.Time { return f.now }, LinkAnswer: time.Millisecond})
	clock := func() time.Time { return f.now }
	f.sender = &outbox.Sender{Store: f.store, Mail: notify.Outbox{Dir: f.outbox, From: "mentoring@example.org"},
		Links: (&links.Maker{Store: f.store, SiteURL: "https://mentoring.example.org", Now: clock}).ForRecipients(cal), Now: clock}
	people := []struct{ id, name, email string }{
		{"ma", "Imani Okoro", "imani@example.org"}, {"ea", "Rafael Souza", "rafael@example.org"},
		{"mb", "Keiko Tanaka", "keiko@example.org"}, {"eb", "Liam O'Brien", "liam@example.org"},
	}
	for i, p := range people {
		role := forms.RoleMentor
		if i%2 == 1 {
			role = forms.RoleMentee
		}
		form := forms.New(role)
		*form.Applicant() = forms.Person{Name: p.name, Email: p.email, Position: "Children's Librarian", Organisation: "Public Library"}
		if _, err := f.store.AddApplication(ctx, &store.Application{ID: p.id, Cycle: cycle.ID, Role: role, Email: p.email,
			Status: store.StatusAccepted, SubmittedAt: cycle.Window(program.Applications).Opens, Hash: forms.Hash(role, form),
			Form: form, Expires: cycle.Expiry()}); err != nil {
			t.Fatal(err)
		}
	}
	for _, pair := range []struct {
		name           string
		mentor, mentee string
		into           **store.Match
	}{{"a", "ma", "ea", &f.a}, {"b", "mb", "eb", &f.b}} {
		m, err := f.store.AddMatch(ctx, &store.Match{Cycle: cycle.ID, Mentor: pair.mentor, Mentee: pair.mentee, Proposal: "p",
			CreatedAt: cycle.Window(program.ProgramStart).Opens, Expires: cycle.Expiry()})
		if err != nil {
			t.Fatal(err)
		}
		*pair.into = m
		for _, role := range forms.Roles {
			token := f.issue(t, m, role)
			f.tokenOf[pair.name+"/"+string(role)] = token
		}
	}
	return f
}

// issue gives one side of m a new personal link, and returns its secret.
func (f *pairFixture) issue(t *testing.T, m *store.Match, role forms.Role) string {
	t.Helper()
	id := m.Mentee
	if role == forms.RoleMentor {
		id = m.Mentor
	}
	token, hash := store.NewSecret()
	if err := f.store.AddLink(context.Background(), store.Person{Cycle: m.Cycle, Role: role, ID: id}, hash, false, f.now, cycle.LinksEnd()); err != nil {
		t.Fatal(err)
	}
	tokens.Lock()
	tokens.list = append(tokens.list, token)
	tokens.Unlock()
	return token
}

// do sends a request signed in with the given personal link (not at all when token is ""): the
// link is opened first, and the session it gives is the request's cookie. A link that does not
// work is sent as the session's cookie, so that the request is refused as a stranger's is.
func (f *pairFixture) do(method, target, token, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		r.AddCookie(f.sessionOf(token))
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	f.send()
	return w
}

// send runs the sender on everything owed now, and returns how many emails it sent.
func (f *pairFixture) send() int {
	n, err := f.sender.Sweep(context.Background(), f.now.Add(time.Second))
	f.sendMu.Lock()
	f.sendErr = err
	f.sendMu.Unlock()
	return n
}

// owed lists the ids of the emails the table's items owe now, sorted.
func (f *pairFixture) owed(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	keys, err := f.store.OwedSince(ctx, f.now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range keys {
		o, err := f.store.Owing(ctx, k[0], k[1])
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range o.Emails {
			ids = append(ids, e.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// do2 sends a request with the given session cookie.
func (f *pairFixture) do2(method, target string, session *http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.AddCookie(session)
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	f.send()
	return w
}

// sessionOf is the session cookie that opening the personal link gives.
func (f *pairFixture) sessionOf(token string) *http.Cookie {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, forms.PairPath+"?token="+token, nil))
	for _, c := range w.Result().Cookies() {
		if c.Name == web.SessionCookie {
			tokens.Lock()
			tokens.list = append(tokens.list, c.Value)
			tokens.Unlock()
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	return &http.Cookie{Name: web.SessionCookie, Value: token}
}

func (f *pairFixture) postJSON(path, token string, answers map[string]any) *httptest.ResponseRecorder {
	return f.do("POST", path, token, forms.JSON, formstest.JSON(answers))
}

func (f *pairFixture) page(t *testing.T, token string) string {
	t.Helper()
	return f.get(t, token, forms.PairPath)
}

// formPage is the page of the form called name.
func (f *pairFixture) formPage(t *testing.T, token, name string) string {
	t.Helper()
	return f.get(t, token, forms.PairPath+"/"+name)
}

func (f *pairFixture) get(t *testing.T, token, path string) string {
	t.Helper()
	w := f.do("GET", path, token, "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, w.Code, w.Body)
	}
	return w.Body.String()
}

// goals are one goal's answers as the site's script sends them: the other goals' boxes empty and
// their lists [].
func goals(text string) map[string]any {
	g := map[string]any{"goal_1": text, "objectives_1": []string{"skills", "connections"}, "measure_1": "We hold it by May."}
	for i := 2; i <= forms.MaxGoals; i++ {
		n := fmt.Sprint(i)
		g["goal_"+n], g["objectives_"+n], g["measure_"+n] = "", []string{}, ""
	}
	return g
}

func TestPersonalLinkIsExchangedForASession(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["a/mentee"]
	w := f.do("GET", forms.PairPath+"?token="+token, "", "", "")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.PairPath {
		t.Fatalf("exchange: %d to %q", w.Code, w.Header().Get("Location"))
	}
	if got := w.Header().Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q", got)
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("%d cookies", len(cookies))
	}
	c := cookies[0]
	if c.Name != web.SessionCookie || c.Value == token || len(c.Value) != 64 || c.Path != "/" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode ||
		!c.Expires.Equal(cycle.LinksEnd().Truncate(time.Second)) {
		t.Errorf("cookie %+v", c)
	}
	body := f.page(t, token)
	for _, want := range []string{"Your pair's page", "Hello Rafael Souza", "Your mentor", "Imani Okoro", "imani@example.org",
		"site header", "site footer", "<title>Your pair&#39;s page · ALSC Mentoring Program</title>",
		`<h2 id="todo">To do now</h2>`, `<a class="button" href="/api/pair/goals">Write your goals</a>`,
		`Write your goals</a> <span>Open; due by December 1, 2026.</span>`, `<a href="/api/pair/goals">Your goals</a>: open; due by December 1, 2026.`, `<a href="/api/pair/rematch">Ask for a rematch</a>: open until December 1, 2026.`} {
		if !strings.Contains(body, want) {
			t.Errorf("the pair's page lacks %q", want)
		}
	}
	if strings.Contains(body, "<form") {
		t.Error("the overview shows a form; each has its own page")
	}
	if goals := f.formPage(t, token, "goals"); !strings.Contains(goals, `id="form-goals"`) || !strings.Contains(goals, `<h1>Your goals</h1>`) ||
		!strings.Contains(goals, `<a href="/api/pair">Back to your pair's page</a>`) {
		t.Errorf("the goals page:\n%s", goals)
	}
	if strings.Contains(body, token) || strings.Contains(body, "Keiko") {
		t.Error("the pair's page shows the token or another pair")
	}
}

func TestUnknownExpiredAndRevokedLinksOfferANewOne(t *testing.T) {
	f := newPairs(t)
	check := func(name string, w *httptest.ResponseRecorder) {
		t.Helper()
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("%s: %d", name, w.Code)
		}
		body := w.Body.String()
		if !strings.Contains(body, "Your link does not work") || !strings.Contains(body, `id="form-link"`) ||
			!strings.Contains(body, "site header") || len(w.Result().Cookies()) != 0 {
			t.Errorf("%s: the page does not offer a new link:\n%s", name, body)
		}
	}
	check("no cookie", f.do("GET", forms.PairPath, "", "", ""))
	check("unknown", f.do("GET", forms.PairPath+"?token=0123", "", "", ""))
	check("unknown cookie", f.do("GET", forms.PairPath, strings.Repeat("ab", 32), "", ""))
	token := f.tokenOf["a/mentor"]
	f.now = cycle.LinksEnd().Add(time.Minute)
	check("expired", f.do("GET", forms.PairPath, token, "", ""))
	f.now = goalsOpen
	f.page(t, token)

	held := f.sessionOf(token)

	// Asking for a new link, as anyone who knows the address can, cancels nothing.
	f.now = f.now.Add(time.Hour)
	w := f.do("POST", forms.LinkForm.Action, "", forms.Encoded, "email=IMANI%40example.org")
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.LinkForm.Thanks {
		t.Fatalf("new link: %d %s", w.Code, w.Header().Get("Location"))
	}
	if body := f.page(t, token); !strings.Contains(body, "Rafael Souza") {
		t.Error("the old link stopped working when a new one was asked for")
	}
	if w := f.do2("GET", forms.PairPath, held); w.Code != http.StatusOK {
		t.Errorf("the session held before the request: %d, want it still signed in", w.Code)
	}
	sent := notifytest.Outbox(t, f.outbox)
	if len(sent) != 1 || sent[0].To != "imani@example.org" {
		t.Fatalf("sent %+v", sent)
	}
	link := regexp.MustCompile(`https://mentoring\.example\.org/api/pair\?token=([0-9a-f]{64})`).FindStringSubmatch(sent[0].Text)
	if link == nil {
		t.Fatalf("no link in %q", sent[0].Text)
	}
	tokens.Lock()
	tokens.list = append(tokens.list, link[1])
	tokens.Unlock()
	// Opened, the new link retires the older links and sessions: one that went astray stops.
	if body := f.page(t, link[1]); !strings.Contains(body, "Rafael Souza") {
		t.Error("the new link does not open the pair's page")
	}
	check("retired by the new link's first use", f.do("GET", forms.PairPath, token, "", ""))
	check("a session from before the new link's first use", f.do2("GET", forms.PairPath, held))
	if body := f.page(t, link[1]); !strings.Contains(body, "Rafael Souza") {
		t.Error("the new link stopped working after its first use")
	}
	// The mentee's link is untouched.
	f.page(t, f.tokenOf["a/mentee"])
}

func TestNewLinkAnswersTheSameForAnyAddress(t *testing.T) {
	f := newPairs(t)
	answer := func(email string) (int, string) {
		w := f.postJSON(forms.LinkForm.Action, "", map[string]any{"email": email})
		return w.Code, w.Body.String()
	}
	knownCode, known := answer("liam@example.org")
	unknownCode, unknown := answer("nobody@example.org")
	if knownCode != http.StatusAccepted || knownCode != unknownCode || known != unknown || !strings.Contains(known, "If this address belongs") {
		t.Errorf("known %d %q, unknown %d %q", knownCode, known, unknownCode, unknown)
	}
	// Up to web.LinksPerDay requests a day send a link; more send nothing, and say the same.
	for i := 2; i <= web.LinksPerDay+2; i++ {
		if code, again := answer("LIAM@example.org"); code != knownCode || again != known {
			t.Errorf("request %d: %d %q", i, code, again)
		}
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != web.LinksPerDay || sent[0].To != "liam@example.org" {
		t.Errorf("sent %d emails, want %d: %+v", len(sent), web.LinksPerDay, sent)
	}
	f.now = f.now.AddDate(0, 0, 1)
	answer("liam@example.org")
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != web.LinksPerDay+1 {
		t.Errorf("the next day's request: %d emails in all, want %d", len(sent), web.LinksPerDay+1)
	}
	if w := f.postJSON(forms.LinkForm.Action, "", map[string]any{"email": "not an address"}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad address: %d", w.Code)
	}
}

// TestNewLinkTakesTheSameTimeForAnyAddress asks for new links, alternately for a participant's
// address (each time sending a link) and for unknown ones, and compares the times of the
// answers: they must not tell the two apart.
func TestNewLinkTakesTheSameTimeForAnyAddress(t *testing.T) {
	f := newPairs(t)
	const answer = 80 * time.Millisecond
	h := web.Participants(web.ParticipantsConfig{Calendar: cal, Store: f.store,
		SiteURL: "https://mentoring.example.org", Now: func() time.Time { return f.now }, LinkAnswer: answer})
	took := func(email string) time.Duration {
		r := httptest.NewRequest("POST", forms.LinkForm.Action, strings.NewReader(`{"email": "`+email+`"}`))
		r.Header.Set("Content-Type", forms.JSON)
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", email, w.Code, w.Body)
		}
		return time.Since(start)
	}
	var known, unknown []time.Duration
	for i := range 15 {
		f.now = f.now.Add(13 * time.Hour) // at most web.LinksPerDay links a day to one address
		known = append(known, took("imani@example.org"))
		unknown = append(unknown, took(fmt.Sprintf("nobody-%d@example.org", i)))
	}
	f.send()
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 15 {
		t.Fatalf("%d links sent, want one for each of the 15 requests for the participant", len(sent))
	}
	median := func(ds []time.Duration) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[len(s)/2]
	}
	for _, d := range slices.Concat(known, unknown) {
		if d < answer {
			t.Errorf("an answer came after %v, before the %v every answer waits for", d, answer)
		}
	}
	if diff := median(known) - median(unknown); diff > 10*time.Millisecond || diff < -10*time.Millisecond {
		t.Errorf("median answer %v for a participant's address, %v for unknown ones: the time tells them apart", median(known), median(unknown))
	}
	t.Logf("median answer: %v for a participant's address, %v for unknown ones", median(known), median(unknown))
}

func TestGoalsAreVersionedAndThePartnerGetsACopy(t *testing.T) {
	f := newPairs(t)
	mentee, mentor := f.tokenOf["a/mentee"], f.tokenOf["a/mentor"]
	w := f.postJSON(forms.GoalsForm.Action, mentee, goals("Make a family literacy night"))
	if w.Code != http.StatusCreated {
		t.Fatalf("goals: %d %s", w.Code, w.Body)
	}
	first := idOf(t, w)
	sent := notifytest.Outbox(t, f.outbox)
	if len(sent) != 1 {
		t.Fatalf("%d emails sent, want the partner's copy", len(sent))
	}
	text, page := strings.ReplaceAll(sent[0].Text, "\r\n", "\n"), strings.ReplaceAll(sent[0].HTML, "\r\n", "\n") // as the outbox file has them
	if sent[0].To != "imani@example.org" || !strings.Contains(text, "Goal 1\n------\n\nMake a family literacy night\n\n") ||
		!strings.Contains(text, "\n\nObjectives: Skills and confidence, Connections\n\n") || !strings.Contains(text, "Rafael Souza") {
		t.Fatalf("partner's copy: %+v", sent)
	}
	if !regexp.MustCompile(`>Goal 1</h2>\n<p[^>]*>Make a family literacy night</p>\n<p[^>]*><strong>Objectives:</strong> Skills and confidence, Connections</p>`).MatchString(page) {
		t.Errorf("the HTML copy does not give the goal a heading and its objectives a paragraph: %q", sent[0].HTML)
	}
	// The same goals again are a replay; other goals are a new version, with the other partner's copy.
	if w := f.postJSON(forms.GoalsForm.Action, mentee, goals("Make a family literacy night")); w.Code != http.StatusOK || idOf(t, w) != first {
		t.Fatalf("replay: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(forms.GoalsForm.Action, mentor, goals("Plan two story times")); w.Code != http.StatusCreated || idOf(t, w) == first {
		t.Fatalf("second version: %d %s", w.Code, w.Body)
	}
	sent = notifytest.Outbox(t, f.outbox)
	if len(sent) != 2 || sent[1].To != "rafael@example.org" || !strings.Contains(sent[1].Text, "Plan two story times") {
		t.Fatalf("copies: %+v", sent)
	}
	year, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil {
		t.Fatal(err)
	}
	if len(year.Goals) != 2 || year.Goals[0].Version != 1 || year.Goals[1].Version != 2 || year.Goals[0].Role != forms.RoleMentee ||
		year.Goals[1].Role != forms.RoleMentor || year.Goals[0].Late || len(year.Goals[1].Owes) != 0 ||
		year.Goals[0].Answers.(*forms.Goals).Goal1 != "Make a family literacy night" {
		t.Fatalf("stored versions: %+v %+v", year.Goals[0], year.Goals[1])
	}
	// The other pair has nothing.
	other, err := f.store.PairYear(context.Background(), cycle.ID, f.b.Key())
	if err != nil || len(other.Goals) != 0 {
		t.Fatalf("pair b: %v %+v", err, other)
	}
	if body := f.page(t, mentee); !strings.Contains(body, "by your mentor; version 2") {
		t.Errorf("the overview does not say who sent the current goals:\n%s", body)
	}
	// Both partners see the goals as sent, the newest version, as the form asks them.
	for _, token := range []string{mentee, f.tokenOf["a/mentor"]} {
		body := f.formPage(t, token, "goals")
		sent := regexp.MustCompile(`(?s)<section class="sent".*?</section>`).FindString(body)
		if !strings.Contains(sent, "<h3>Goal 1</h3>") || !strings.Contains(sent, "<dt>The goal</dt><dd>Plan two story times</dd>") || strings.Contains(sent, "family literacy night") {
			t.Errorf("the goals page does not show the current goals:\n%s", sent)
		}
	}
}

func TestLateGoalsAreAcceptedAndMarked(t *testing.T) {
	f := newPairs(t)
	f.now = goalsLate
	token := f.tokenOf["b/mentor"]
	if !strings.Contains(f.page(t, token), "late: goals were due by December 1, 2026") {
		t.Error("the page does not say the goals are late")
	}
	if w := f.postJSON(forms.GoalsForm.Action, token, goals("Visit a school together")); w.Code != http.StatusCreated {
		t.Fatalf("late goals: %d %s", w.Code, w.Body)
	}
	year, err := f.store.PairYear(context.Background(), cycle.ID, f.b.Key())
	if err != nil || len(year.Goals) != 1 || !year.Goals[0].Late {
		t.Fatalf("%v %+v", err, year)
	}
	if sent := notifytest.Outbox(t, f.outbox); len(sent) != 1 || !strings.Contains(sent[0].Text, "after the due date of December 1, 2026") {
		t.Errorf("copy: %+v", sent)
	}
}

func TestFormsAnswerOutsideTheirWindowsWithWhen(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["a/mentee"]
	tracker := map[string]any{"contact": "twice_monthly", "working": "Talking often.", "call_me": "no"}
	survey := map[string]any{"worked": "Our survey secret", "not_worked": "Little.", "rating_overall": "5", "rating_match": "4", "rating_support": "3", "again": "mentor"}
	for _, c := range []struct {
		name string
		now  time.Time
		path string
		body map[string]any
		want string
	}{
		{"goals before the program starts", cycle.Window(program.Goals).Opens.Add(-time.Hour), forms.GoalsForm.Action, goals("x"), "The goals form opens on November 2, 2026; goals are due by December 1, 2026."},
		{"goals after the year", cycle.Span().Closes.Add(time.Minute), forms.GoalsForm.Action, goals("x"), "The program year ended on August 31, 2027."},
		{"goals once links have expired", cycle.LinksEnd().Add(time.Minute), forms.GoalsForm.Action, goals("x"), ""},
		{"tracker before", goalsOpen, forms.TrackerForm.Action, tracker, "The mid-point tracker opens on March 1, 2027 and closes on April 30, 2027."},
		{"tracker after", cycle.Window(program.Tracker).Closes, forms.TrackerForm.Action, tracker, "The mid-point tracker closed on April 30, 2027."},
		{"survey before", trackerDay, forms.SurveyForm.Action, survey, "The wrap-up survey opens on August 1, 2027 and closes on August 31, 2027."},
		{"rematch after 30 days", cycle.Rematch().Closes, forms.RematchForm.Action, map[string]any{"reason": "x"}, "Rematch requests closed on December 1, 2026."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.now = c.now
			w := f.postJSON(c.path, token, c.body)
			if c.want == "" { // the certificates' window is over: the link itself has expired
				if w.Code != http.StatusUnauthorized {
					t.Fatalf("%d %s", w.Code, w.Body)
				}
				return
			}
			var body struct{ Error string }
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusForbidden || body.Error != c.want {
				t.Fatalf("%d %q, want 403 %q", w.Code, w.Body, c.want)
			}
		})
	}
	year, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil || len(year.Goals) != 0 || year.Tracker != nil || len(year.Surveys) != 0 {
		t.Fatalf("a refused form was stored: %v %+v", err, year)
	}
	// Inside their windows, the same forms are taken.
	f.now = trackerDay
	if w := f.postJSON(forms.GoalsForm.Action, token, goals("One goal")); w.Code != http.StatusCreated {
		t.Fatalf("goals: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(forms.TrackerForm.Action, token, formstest.With(tracker, "progress_1", "under_way")); w.Code != http.StatusCreated {
		t.Fatalf("tracker: %d %s", w.Code, w.Body)
	}
	f.now = surveyDay
	if w := f.postJSON(forms.SurveyForm.Action, token, survey); w.Code != http.StatusCreated {
		t.Fatalf("survey: %d %s", w.Code, w.Body)
	}
}

func TestTrackerAsksAboutEachOfThePairsGoals(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["b/mentee"]
	two := formstest.With(goals("Read ten picture books"), "goal_2", "Shadow a story time", "objectives_2", []string{"peer-taught-skills"}, "measure_2", "Done twice.")
	if w := f.postJSON(forms.GoalsForm.Action, token, two); w.Code != http.StatusCreated {
		t.Fatalf("goals: %d %s", w.Code, w.Body)
	}
	f.now = trackerDay
	page := f.formPage(t, token, "tracker")
	for _, want := range []string{"Goal 1: Read ten picture books", "Goal 2: Shadow a story time"} {
		if !strings.Contains(page, want) {
			t.Errorf("the tracker does not show %q", want)
		}
	}
	if !strings.Contains(page, `id="tracker-section-goal-2"`) || strings.Contains(page, `id="tracker-section-goal-3"`) {
		t.Error("the tracker shows a goal the pair has not set")
	}
	base := map[string]any{"contact": "weekly", "working": "Meeting by video.", "call_me": "yes", "activities": []string{"mock-interview", "resume"}}
	for _, c := range []struct {
		name   string
		extra  []any
		fields []string
	}{
		{"no progress on goal 2", []any{"progress_1", "met"}, []string{"progress_2"}},
		{"progress on a goal not set", []any{"progress_1", "met", "progress_2", "nearly", "progress_3", "met"}, []string{"progress_3"}},
		{"an activity not on the site", []any{"progress_1", "met", "progress_2", "met", "activities", []string{"skydiving"}}, []string{"activities"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := formstest.With(map[string]any{}, "contact", base["contact"], "working", base["working"], "call_me", base["call_me"], "activities", base["activities"])
			body = formstest.With(body, c.extra...)
			w := f.postJSON(forms.TrackerForm.Action, token, body)
			var got struct{ Fields map[string]string }
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			var names []string
			for k := range got.Fields {
				names = append(names, k)
			}
			slices.Sort(names)
			if !slices.Equal(names, c.fields) {
				t.Errorf("fields %v, want %v", names, c.fields)
			}
		})
	}
	ok := formstest.With(map[string]any{}, "contact", "weekly", "working", "Meeting by video.", "call_me", "yes",
		"activities", []string{"mock-interview"}, "progress_1", "met", "progress_2", "under_way")
	if w := f.postJSON(forms.TrackerForm.Action, token, ok); w.Code != http.StatusCreated {
		t.Fatalf("tracker: %d %s", w.Code, w.Body)
	}
	// One tracker per pair: the partner's different answers are refused with what to do.
	other := formstest.With(maps.Clone(ok), "contact", "monthly")
	w := f.postJSON(forms.TrackerForm.Action, f.tokenOf["b/mentor"], other)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "already sent by your mentee") {
		t.Fatalf("second tracker: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(forms.TrackerForm.Action, f.tokenOf["b/mentor"], ok); w.Code != http.StatusOK {
		t.Fatalf("same tracker from the partner: %d %s", w.Code, w.Body)
	}
}

func TestATokenNeverReachesAnotherPair(t *testing.T) {
	f := newPairs(t)
	// A body cannot name a match, a role or a person: unknown fields are refused.
	for _, extra := range []string{"match", "mentor", "mentee", "role", "cycle", "token"} {
		w := f.postJSON(forms.GoalsForm.Action, f.tokenOf["a/mentor"], formstest.With(goals("x"), extra, f.b.Key()))
		if w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", extra, w.Code, w.Body)
		}
	}
	// Each session reaches only its own pair.
	if w := f.postJSON(forms.GoalsForm.Action, f.tokenOf["b/mentee"], goals("Goals of pair b")); w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	a, err := f.store.PairYear(context.Background(), cycle.ID, f.a.Key())
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.store.PairYear(context.Background(), cycle.ID, f.b.Key())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Goals) != 0 || len(b.Goals) != 1 || b.Goals[0].Role != forms.RoleMentee {
		t.Fatalf("pair a %d goals, pair b %+v", len(a.Goals), b.Goals)
	}
	if page := f.page(t, f.tokenOf["a/mentor"]); strings.Contains(page, "Goals of pair b") || strings.Contains(page, "Liam") {
		t.Error("pair a's page shows pair b")
	}
}

func TestWithdrawalTellsThePartnerKindlyWithoutTheReason(t *testing.T) {
	f := newPairs(t, "liaison@example.org")
	w := f.postJSON(forms.WithdrawalForm.Action, f.tokenOf["a/mentor"], map[string]any{"reason": "moving abroad", "confirm": true})
	if w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	sent := notifytest.Outbox(t, f.outbox)
	slices.SortFunc(sent, func(a, b notify.Message) int { return -strings.Compare(a.To, b.To) }) // the partner's, then staff's
	if len(sent) != 2 || sent[0].To != "rafael@example.org" || !strings.Contains(sent[0].Text, "can no longer take part") ||
		!strings.Contains(sent[0].Text, "will be in touch") || strings.Contains(sent[0].Text+sent[0].HTML, "moving abroad") {
		t.Fatalf("partner's notice: %+v", sent)
	}
	if staff, text := sent[1], strings.Join(strings.Fields(sent[1].Text), " "); staff.To != "liaison@example.org" ||
		staff.Subject != "Mentoring Program 2026-27: Imani Okoro left the program" ||
		!strings.Contains(text, "Their match ended at once, and each partner left behind was told kindly, without the reason: "+
			"Rafael Souza (mentee). Each of them now needs a new partner.") ||
		!strings.Contains(staff.Text, "./matcher rematch 2026-27") || strings.Contains(staff.Text, "moving abroad") {
		t.Errorf("staff's notice: %+v", staff)
	}
	if strings.Contains(w.Body.String(), "moving abroad") {
		t.Error("the answer echoes the reason")
	}
	// The person who left can send nothing more; the partner's page says the office will be in touch.
	if w := f.postJSON(forms.GoalsForm.Action, f.tokenOf["a/mentor"], goals("x")); w.Code != http.StatusForbidden {
		t.Errorf("goals after leaving: %d", w.Code)
	}
	if page := f.page(t, f.tokenOf["a/mentee"]); !strings.Contains(page, "Your match with Imani Okoro ended on") ||
		!strings.Contains(page, "Imani Okoro can no longer take part in the program. The ALSC office will be in touch") ||
		strings.Contains(page, "moving abroad") {
		t.Error("the partner's page does not say the match ended as the mentor left, or shows the reason")
	}
	noFormOffered(t, f, f.tokenOf["a/mentee"], "the partner left behind")
	if w := f.postJSON(forms.GoalsForm.Action, f.tokenOf["a/mentee"], goals("x")); w.Code != http.StatusForbidden ||
		!strings.Contains(w.Body.String(), "Your match with Imani Okoro ended on") {
		t.Errorf("goals from the partner left behind: %d %s", w.Code, w.Body)
	}
	// The lifecycle: the match ended by the mentor's withdrawal, the mentor withdrawn, the mentee
	// needing a new partner.
	life, err := lifecycle.Load(context.Background(), f.store, cycle, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	m, _ := f.store.Match(context.Background(), cycle.ID, f.a.Key())
	if !m.Ended || m.EndReason != store.EndWithdrawal || m.EndedBy != forms.RoleMentor ||
		life.Person(f.a.Mentor) != lifecycle.Withdrawn || life.Person(f.a.Mentee) != lifecycle.NeedsPartner {
		t.Errorf("after the withdrawal: match %+v, mentor %s, mentee %s", m, life.Person(f.a.Mentor), life.Person(f.a.Mentee))
	}
	if page := f.page(t, f.tokenOf["a/mentor"]); !strings.Contains(page, "You left the program on") {
		t.Error("the page of the person who left does not say so")
	}
	noFormOffered(t, f, f.tokenOf["a/mentor"], "the person who left")
	// Sending it again changes nothing and emails nobody.
	if w := f.postJSON(forms.WithdrawalForm.Action, f.tokenOf["a/mentor"], map[string]any{"reason": "moving abroad", "confirm": true}); w.Code != http.StatusOK {
		t.Errorf("again: %d", w.Code)
	}
	if n := len(notifytest.Outbox(t, f.outbox)); n != 2 {
		t.Errorf("%d emails", n)
	}
	if w := f.postJSON(forms.WithdrawalForm.Action, f.tokenOf["a/mentee"], map[string]any{"reason": ""}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("unconfirmed: %d", w.Code)
	}
}

func TestRematchRequestIsKeptForStaff(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["b/mentee"]
	body := map[string]any{"reason": "our calls keep clashing"}
	w := f.postJSON(forms.RematchForm.Action, token, body)
	if w.Code != http.StatusCreated || strings.Contains(w.Body.String(), "clashing") {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	id := idOf(t, w)
	if w := f.postJSON(forms.RematchForm.Action, token, body); w.Code != http.StatusOK || idOf(t, w) != id {
		t.Fatalf("replay: %d %s", w.Code, w.Body)
	}
	if w := f.postJSON(forms.RematchForm.Action, token, map[string]any{"reason": "another reason"}); w.Code != http.StatusConflict {
		t.Fatalf("second request: %d %s", w.Code, w.Body)
	}
	list, err := f.store.RematchRequests(context.Background(), cycle.ID)
	if err != nil || len(list) != 1 || list[0].Match != f.b.Key() || list[0].Role != "mentee" || list[0].Reason != "our calls keep clashing" ||
		list[0].Status != store.RematchSubmitted {
		t.Fatalf("%v %+v", err, list)
	}
	if n := len(notifytest.Outbox(t, f.outbox)); n != 0 {
		t.Errorf("%d emails", n)
	}
	if page := f.page(t, f.tokenOf["b/mentor"]); strings.Contains(page, "clashing") || strings.Contains(page, "asked for a rematch") {
		t.Error("the partner's page shows the rematch request")
	}
}

func TestPlainFormRefusalShowsTheFormAgainWithItsAnswers(t *testing.T) {
	f := newPairs(t)
	token := f.tokenOf["a/mentee"]
	body := url.Values{"goal_1": {"Make a <family> literacy night"}, "objectives_1": {"skills"}, "goal_2": {"Half a goal"}}
	w := f.do("POST", forms.GoalsForm.Action, token, forms.Encoded, body.Encode())
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	page := w.Body.String()
	summary := regexp.MustCompile(`(?s)<div class="error-summary"[^>]*autofocus>.*?</div>`).FindString(page)
	items := regexp.MustCompile(`<li><a href="#([^"]+)">([^<]+)</a></li>`).FindAllStringSubmatch(summary, -1)
	var got []string
	for _, it := range items {
		got = append(got, it[1]+" "+it[2])
	}
	want := []string{
		"goals-f-measure_1 Goal 1 — how you will know it is met: fill in this field.",
		"goals-f-objectives_2-0 Goal 2 — program objectives this goal serves: tick at least one answer.",
		"goals-f-measure_2 Goal 2 — how you will know it is met: fill in this field.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("summary %q, want %q", got, want)
	}
	for _, want := range []string{"site header", `>Make a &lt;family&gt; literacy night</textarea>`, `value="skills" data-kind="list" checked`, `>Half a goal</textarea>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Sent correctly as a plain form, the goals are stored and the browser goes back to the page, which thanks.
	body.Set("measure_1", "By May.")
	body.Del("goal_2")
	w = f.do("POST", forms.GoalsForm.Action, token, forms.Encoded, body.Encode())
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != forms.PairPath+"?sent=goals#sent" {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Location"))
	}
	next, _, _ := strings.Cut(w.Header().Get("Location"), "#") // browsers keep the fragment to themselves
	r := httptest.NewRequest("GET", next, nil)
	r.AddCookie(f.sessionOf(token))
	w = httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if !strings.Contains(w.Body.String(), `<div class="notice" id="sent" role="status" tabindex="-1"><p>Thank you: your goals were sent. Imani Okoro gets a copy by email.</p></div>`) {
		t.Errorf("no thanks on %s", w.Body)
	}
}

// tokenSecrets are the personal-link tokens the tests issued, and their hashes: the suite's log
// check (TestMain) fails if any of them appears in any log line.
func tokenSecrets() []string {
	tokens.Lock()
	defer tokens.Unlock()
	var out []string
	for _, tok := range tokens.list {
		out = append(out, tok, store.SecretHash(tok))
	}
	return out
}
