package stack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/browser"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// pairsStack is the local stack with the demo cohort and the demo pairs, whose introductions (with
// personal links to this stack) are in its outbox.
type pairsStack struct {
	url, outbox string
	links       map[string]string // recipient → personal link
	calendar    []byte            // the demo calendar, made as seen today
	days        atomic.Int64      // how many days ahead of today the stack's clock is
	st          *stack.Stack
}

// newPairsStack is the stack with the demo calendar made as seen today, on a clock the test
// moves through the year (moveTo).
func newPairsStack(t *testing.T) *pairsStack {
	t.Helper()
	endpoint, table := dynalite.TestTable(t)
	s := &pairsStack{outbox: t.TempDir(), links: map[string]string{}, calendar: local.DemoCalendar(time.Now())}
	var h lateHandler
	srv := httptest.NewServer(&h)
	t.Cleanup(srv.Close)
	// As under make run: the browser takes the personal link's Secure cookie from http://localhost.
	s.url = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	st, err := stack.New(context.Background(), stack.Config{SiteDir: builtSite(t), DynamoDB: endpoint, Table: table, Outbox: s.outbox,
		Calendar: s.calendar, Demo: true, SiteURL: s.url, Now: func() time.Time { return time.Now().AddDate(0, 0, int(s.days.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	s.st = st
	h.h = st.Handler()
	link := regexp.MustCompile(regexp.QuoteMeta(s.url+local.PairPath) + `\?token=[0-9a-f]{64}`)
	for _, m := range mustOutbox(t, s.outbox) {
		if l := link.FindString(m.Text); l != "" {
			s.links[m.To] = l
		}
	}
	if len(s.links) < 4 {
		t.Fatalf("%d personal links in the demo introductions, want at least 4", len(s.links))
	}
	return s
}

// moveTo moves the stack's clock to the second day of the demo pairs' event key (the tracker,
// the survey), or back to today when key is empty.
func (s *pairsStack) moveTo(t *testing.T, key string) {
	t.Helper()
	if key == "" {
		s.days.Store(0)
		return
	}
	opens, _ := s.event(t, key)
	s.days.Store(opens + 1)
}

// moveAfter moves the stack's clock to the second day after the demo pairs' event key closes.
func (s *pairsStack) moveAfter(t *testing.T, key string) {
	t.Helper()
	_, closes := s.event(t, key)
	s.days.Store(closes + 2)
}

// event is how many days from today the demo pairs' event key opens and closes.
func (s *pairsStack) event(t *testing.T, key string) (opens, closes int64) {
	t.Helper()
	var cal struct {
		TimeZone string `toml:"time_zone"`
		Cycles   []struct {
			ID     string
			Events []struct{ Key, Opens, Closes string }
		}
	}
	if err := toml.Unmarshal(s.calendar, &cal); err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation(cal.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	y, m, d := time.Now().In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	days := func(day string) int64 {
		at, err := time.ParseInLocation(time.DateOnly, day, loc)
		if err != nil {
			t.Fatal(err)
		}
		return int64(at.Sub(today).Round(24*time.Hour) / (24 * time.Hour))
	}
	for _, cy := range cal.Cycles {
		for _, e := range cy.Events {
			if cy.ID == local.DemoYear && e.Key == key {
				return days(e.Opens), days(e.Closes)
			}
		}
	}
	t.Fatalf("the demo pairs have no event %q", key)
	return 0, 0
}

// lateHandler lets the server start before the stack, which needs the server's address for links.
type lateHandler struct{ h http.Handler }

func (l *lateHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { l.h.ServeHTTP(w, r) }

// tabTo presses Tab until the element with the given id has focus, as a keyboard user would.
func tabTo(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	for range 300 {
		if evaluate[string](t, ctx, `document.activeElement ? document.activeElement.id : ""`) == id {
			return
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("Tab never reached #%s", id)
}

func TestPairPageAndGoalsWithJavaScript(t *testing.T) {
	ctx := withTimeout(t, browser.Tab(t))
	s := newPairsStack(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(s.links["casey.morgan@demo.example.org"]),
		chromedp.WaitVisible(chromedp.CSS("article.pair h1"))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Contains(loc, "token") || !strings.HasSuffix(loc, local.PairPath) {
		t.Errorf("the token stays in the address bar: %s", loc)
	}
	if text := evaluate[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Beatriz Ramos") || !strings.Contains(text, "Your mentor") {
		t.Errorf("the pair's page does not show the mentor:\n%s", text)
	}
	// The overview is short: on a phone, under two and a half screens (844 px each) with the
	// site's header and footer, in November, when the goals and the first contact are both due.
	if h := evaluate[float64](t, ctx, `document.documentElement.scrollHeight`); h > 2.5*844 {
		t.Errorf("the overview is %.0f px high at 390 px wide; want at most %.0f (two and a half phone screens)", h, 2.5*844)
	} else {
		t.Logf("the overview is %.0f px high at 390 px wide", h)
	}
	noAxeViolations(t, ctx, "the pair's page")

	// Goals, from the overview's button, with a second goal begun: the script shows the message
	// naming that goal beside the field and in the summary.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.todo a[href="/api/pair/goals"]`)),
		chromedp.WaitVisible(chromedp.CSS("#form-goals")),
		chromedp.SendKeys(chromedp.CSS("#goals-f-goal_1"), "Plan a bilingual story time"),
		chromedp.Click(chromedp.CSS(`#form-goals input[name=objectives_1][value=skills]`)),
		chromedp.SendKeys(chromedp.CSS("#goals-f-measure_1"), "We hold it by March."),
		chromedp.Click(chromedp.CSS(`#form-goals input[name=objectives_2][value=skills]`)),
		chromedp.Click(chromedp.CSS("#form-goals button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#goals-e-goal_2")),
	); err != nil {
		t.Fatal(err)
	}
	const goal2 = "Goal 2 — the goal: fill in this field."
	items := evaluate[[]string](t, ctx, `[...document.querySelectorAll("#form-goals .error-summary li"), document.getElementById("goals-e-goal_2")].map(e => e.textContent)`)
	if len(items) != 2 || items[0] != goal2 || items[1] != goal2 {
		t.Errorf("goals summary and message beside the field %q, want %q in both", items, goal2)
	}
	// Filled in and sent: back on the page, which thanks and shows them.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#form-goals input[name=objectives_2][value=skills]`)),
		chromedp.Click(chromedp.CSS("#form-goals button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#sent")),
	); err != nil {
		t.Fatal(err)
	}
	text := evaluate[string](t, ctx, `document.querySelector("main").innerText`)
	if !strings.Contains(text, "Thank you: your goals were sent. Beatriz Ramos gets a copy by email.") || !strings.Contains(text, "Your goals: sent on") {
		t.Errorf("after sending:\n%s", text)
	}
	mentorCopy := false
	if _, err := s.st.SendOwed(context.Background()); err != nil { // the copy is owed, then sent by the local sender
		t.Fatal(err)
	}
	for _, m := range mustOutbox(t, s.outbox) {
		if m.To == "beatriz.ramos@demo.example.org" && strings.Contains(m.Text, "Plan a bilingual story time") {
			mentorCopy = true
		}
	}
	if !mentorCopy {
		t.Error("the mentor got no copy of the goals")
	}

	// Months later, in the tracker's window: the tracker sent empty gets a summary naming each
	// field, with focus, and nothing is stored.
	s.moveTo(t, "tracker")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath+"/tracker"), chromedp.WaitVisible(chromedp.CSS("#form-tracker"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#form-tracker button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#form-tracker .error-summary"))); err != nil {
		t.Fatal(err)
	}
	if got := evaluate[string](t, ctx, `document.activeElement.closest("form").id + " " + document.activeElement.className`); got != "form-tracker error-summary" {
		t.Errorf("focus on %q, want the tracker's error summary", got)
	}
	items = evaluate[[]string](t, ctx, `[...document.querySelectorAll("#form-tracker .error-summary li")].map(li => li.textContent)`)
	if len(items) == 0 || items[0] != "How often have you been in touch? Choose an answer." {
		t.Errorf("tracker summary %q", items)
	}
	noAxeViolations(t, ctx, "the tracker's page showing errors")
}

func TestParticipantFormsWithoutJavaScriptAndByKeyboard(t *testing.T) {
	ctx := withTimeout(t, browser.Tab(t))
	s := newPairsStack(t)
	scripts := func(on bool) {
		t.Helper()
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
			t.Fatal(err)
		}
	}
	scripts(false)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.links["walter.nguyen@demo.example.org"]), chromedp.WaitVisible(chromedp.CSS("article.pair h1")),
		chromedp.Navigate(s.url+local.PairPath+"/rematch"), chromedp.WaitVisible(chromedp.CSS("#form-rematch"))); err != nil {
		t.Fatal(err)
	}
	// A rematch request without a reason, sent past the browser's own checks: the server shows the
	// page again with the form's errors, and asks nothing.
	evaluate[bool](t, ctx, `HTMLFormElement.prototype.submit.call(document.getElementById("form-rematch")), true`)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#form-rematch .error-summary li"))); err != nil {
		t.Fatal(err)
	}
	if got := evaluate[string](t, ctx, `document.activeElement.className`); got != "error-summary" {
		t.Errorf("focus on %q, want the error summary", got)
	}
	if got := evaluate[string](t, ctx, `document.querySelector("#form-rematch .error-summary li").textContent`); got != "What is not working? Fill in this field." {
		t.Errorf("summary %q", got)
	}
	scripts(true) // axe is a script
	noAxeViolations(t, ctx, "the rematch page refusing a plain form")
	scripts(false)

	// Keyboard only: Tab to the reason, type, Tab to the button, Enter; then the question, whose
	// button is reached by Tab too.
	tabTo(t, ctx, "rematch-f-reason")
	if err := chromedp.Do(ctx,
		chromedp.KeyEvent("Our calls keep clashing."),
		chromedp.KeyEvent("\t"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("#confirm")),
	); err != nil {
		t.Fatal(err)
	}
	if text := evaluate[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Ask for a rematch?") || strings.Contains(text, "clashing") {
		t.Errorf("the question:\n%s", text)
	}
	tabTo(t, ctx, "confirm")
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS("#sent"))); err != nil {
		t.Fatal(err)
	}
	text := evaluate[string](t, ctx, `document.querySelector("main").textContent`)
	if !strings.Contains(text, "you asked for a rematch on") || strings.Contains(text, "clashing") {
		t.Errorf("after the rematch request:\n%s", text)
	}
}

func mustOutbox(t *testing.T, dir string) []local.Email {
	t.Helper()
	m, err := local.ReadOutbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParticipantPagesInOtherStates(t *testing.T) {
	ctx := withTimeout(t, browser.Tab(t))
	// A link that does not work: the site's page for pairs, saying so and offering a new link.
	s := newPairsStack(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath+"?token="+strings.Repeat("0", 64)), chromedp.WaitVisible(chromedp.CSS(".notice-problem"))); err != nil {
		t.Fatal(err)
	}
	if text := evaluate[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Your link does not work") || !strings.Contains(text, "Send me a new link") {
		t.Errorf("the 401 page:\n%s", text)
	}
	noAxeViolations(t, ctx, "the page of a link that does not work")
	// A new link asked for, with the script: the same words for any address.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-email"), "casey.morgan@demo.example.org"),
		chromedp.Click(chromedp.CSS("#form-link button[type=submit]")),
		chromedp.WaitVisible(`//h1[contains(., "Check your email")]`),
	); err != nil {
		t.Fatal(err)
	}
	noAxeViolations(t, ctx, "the new-link page")
	n := 0
	if _, err := s.st.SendOwed(context.Background()); err != nil { // the link is owed, then sent by the local sender
		t.Fatal(err)
	}
	for _, m := range mustOutbox(t, s.outbox) {
		if m.To == "casey.morgan@demo.example.org" && strings.Contains(m.Subject, "new link") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d new-link emails, want 1", n)
	}

	// In the goals window: the tracker and survey not yet open, the goals and rematch open.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.links["ines.castillo@demo.example.org"]), chromedp.WaitVisible(chromedp.CSS("article.pair h1"))); err != nil {
		t.Fatal(err)
	}
	text := evaluate[string](t, ctx, `document.querySelector(".form-states").innerText`)
	for _, want := range []string{"Mid-point tracker: opens on", "Wrap-up survey: opens on", "Your goals: open; due by",
		"Ask for a rematch: open until"} {
		if !strings.Contains(text, want) {
			t.Errorf("form states lack %q:\n%s", want, text)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath+"/tracker"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if evaluate[bool](t, ctx, `!!document.querySelector("form")`) {
		t.Error("a form that is not open is shown as fillable")
	}
	if text := evaluate[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "The mid-point tracker opens on") {
		t.Errorf("the closed tracker's page:\n%s", text)
	}
	noAxeViolations(t, ctx, "the tracker's page before it opens")
}

// formAnswers are the steps that fill one participant form on its page: text typed into
// "#<form>-f-<name>", or, for "=value", the choice with that value ticked.
var formAnswers = map[string][][2]string{
	"goals":      {{"goal_1", "Host a family literacy night"}, {"objectives_1", "=connections"}, {"measure_1", "It happens by April."}},
	"tracker":    {{"progress_1", "=under_way"}, {"note_1", "Two families came to the first one."}, {"contact", "=twice_monthly"}, {"activities", "=mock-interview"}, {"working", "Our video calls."}, {"call_me", "=no"}},
	"survey":     {{"worked", "The calls."}, {"not_worked", "Time zones."}, {"rating_overall", "=5"}, {"rating_match", "=4"}, {"rating_support", "=4"}, {"again", "=mentor"}},
	"checkin":    {{"how_going", "=fine"}},
	"tips":       {{"stop_tips", "=on"}},
	"rematch":    {{"reason", "We never found a time."}},
	"withdrawal": {{"confirm", "=on"}},
}

// formThanks are the first words of the overview's thanks once each form is sent.
var formThanks = map[string]string{
	"goals": "Thank you: your goals were sent.", "tracker": "Thank you: your pair's mid-point tracker was sent to the ALSC office.",
	"survey": "Thank you: your wrap-up survey was sent to the ALSC office.", "checkin": "Thank you: the ALSC office has your answer for this month.",
	"tips": "The monthly tips are turned off.", "rematch": "Your request for a rematch was sent to the ALSC staff liaison",
	"withdrawal": "You have left the program.", "contact": "Thank you: the ALSC office has today's contact with",
}

// fillForm fills the form on its page and sends it; a step that cannot be undone ends on its
// question (#confirm), any other on the overview's thanks.
func fillForm(form string) chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for _, a := range formAnswers[form] {
		if v, ok := strings.CutPrefix(a[1], "="); ok {
			steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#form-%s input[name=%q][value=%q]`, form, a[0], v))))
		} else {
			steps = append(steps, chromedp.SendKeys(chromedp.CSS("#"+form+"-f-"+a[0]), a[1]))
		}
	}
	steps = append(steps, chromedp.Click(chromedp.CSS("#form-"+form+" button[type=submit]")))
	if asksFirst[form] {
		return chromedp.Steps(append(steps, chromedp.WaitVisible(chromedp.CSS("#confirm")))...)
	}
	return chromedp.Steps(append(steps, chromedp.WaitVisible(chromedp.CSS("#sent")))...)
}

// asksFirst are the forms whose step cannot be undone: they ask before they act.
var asksFirst = map[string]bool{"rematch": true, "withdrawal": true}

// pageCheck looks at participants' pages in a tab and keeps the heaviest.
type pageCheck struct {
	t        *testing.T
	ctx      context.Context
	url      string
	heaviest struct {
		bytes int64
		page  string
	}
	checked int
}

// look checks the page in the tab in one state: axe-core finds nothing, the page with everything
// it loads weighs at most 50 KB (when get: a page a GET shows), and screenshots at 390 and 1280 px
// go to the test's artefact folder.
func (c *pageCheck) look(name string, get bool) {
	t := c.t
	t.Helper()
	noAxeViolations(t, c.ctx, name)
	c.checked++
	if get {
		path := evaluate[string](t, c.ctx, `location.pathname`)
		load, err := browser.Weigh(c.ctx, c.url+path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := load.Bytes(); b > 50_000 || len(load.Foreign()) > 0 {
			t.Errorf("%s weighs %.1f KB with %d requests (foreign: %v); budget 50 KB, none foreign", name, float64(b)/1000, len(load.Requests), load.Foreign())
		} else if b > c.heaviest.bytes {
			c.heaviest.bytes, c.heaviest.page = b, name
		}
	}
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(c.ctx, chromedp.EmulateViewport(width, 844)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.ArtifactDir(), fmt.Sprintf("%02d-%s-%d.png", c.checked, strings.ReplaceAll(name, " ", "-"), width))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// open navigates to the page at path and waits for its heading.
func (c *pageCheck) open(path string) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, chromedp.Navigate(c.url+path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		c.t.Fatalf("%s: %v", path, err)
	}
}

// formWindows is the demo year's step in which each form is sent ("" for today, the goals window).
var formWindows = map[string]string{"checkin": "work", "tips": "work", "tracker": "tracker", "survey": "survey", "withdrawal": "survey"}

// TestEveryParticipantFormWithAndWithoutJavaScript sends each participant form from its page, once
// with the script (JSON, but for the steps that ask first) and once as a plain form, each time as
// a different person, with the clock moved to each one's window, leaving the program last. With
// the script, each page is checked (axe-core, weight, screenshots) in every state: closed, open,
// refused, asking, sent, after leaving, and the partner's after the match ended.
func TestEveryParticipantFormWithAndWithoutJavaScript(t *testing.T) {
	s := newPairsStack(t)
	forms := []string{"goals", "contact", "rematch", "checkin", "tips", "tracker", "survey", "withdrawal"}
	for _, c := range []struct {
		name, person, partner string
		scripts               bool
	}{{"with JavaScript", "theo.park@demo.example.org", "ada.osei@demo.example.org", true},
		{"without JavaScript", "walter.nguyen@demo.example.org", "ines.castillo@demo.example.org", false}} {
		t.Run(c.name, func(t *testing.T) {
			tab, cancel := context.WithTimeout(browser.Tab(t), 5*time.Minute)
			defer cancel()
			check := &pageCheck{t: t, ctx: tab, url: s.url}
			look := func(name string, get bool) {
				t.Helper()
				if c.scripts {
					check.look(name, get)
				}
			}
			if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !c.scripts}); err != nil {
				t.Fatal(err)
			}
			s.moveTo(t, "")
			if err := chromedp.Do(tab, chromedp.Navigate(s.links[c.person]), chromedp.WaitVisible(chromedp.CSS("article.pair h1"))); err != nil {
				t.Fatal(err)
			}
			look("overview", true)
			check.open(local.PairPath + "/tracker")
			look("tracker closed", true)
			for _, form := range forms {
				s.moveTo(t, formWindows[form])
				check.open(local.PairPath + "/" + form)
				look(form+" open", true)
				if c.scripts {
					// Sent past the browser's checks and the script, as a plain form: refused on its own page.
					// (The contact page's box comes ticked, its button being the one click: untick it.)
					evaluate[bool](t, tab, `document.querySelectorAll("#form-contact input[name=in_touch]").forEach(b => b.checked = false), true`)
					evaluate[bool](t, tab, `HTMLFormElement.prototype.submit.call(document.getElementById("form-`+form+`")), true`)
					if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS("#form-"+form+" .error-summary li"))); err != nil {
						t.Fatalf("%s refused: %v", form, err)
					}
					look(form+" refused", false)
					if form == "contact" {
						if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`#form-contact input[name=in_touch]`))); err != nil {
							t.Fatal(err)
						}
					}
				}
				if err := chromedp.Do(tab, fillForm(form)); err != nil {
					t.Fatalf("%s: %v", form, err)
				}
				if asksFirst[form] {
					look(form+" asking", false)
					if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS("#confirm")), chromedp.WaitVisible(chromedp.CSS("#sent"))); err != nil {
						t.Fatalf("%s confirmed: %v", form, err)
					}
				}
				if thanks := evaluate[string](t, tab, `document.getElementById("sent").textContent`); !strings.HasPrefix(thanks, formThanks[form]) {
					t.Errorf("%s: thanks %q, want %q", form, thanks, formThanks[form])
				}
				look("overview after "+form, false)
				check.open(local.PairPath + "/" + form)
				if evaluate[bool](t, tab, `!!document.querySelector("main form")`) && form != "goals" && form != "contact" { // another day, another contact
					t.Errorf("%s: its page still offers the form once sent", form)
				}
				look(form+" sent", true)
			}
			check.open(local.PairPath)
			text := evaluate[string](t, tab, `document.querySelector(".form-states").innerText`)
			for _, want := range []string{"Your goals: sent on", "Mid-point tracker: sent on", "Wrap-up survey: sent on", "you asked for a rematch on",
				"you turned the monthly tips off on", "Leave the program: sent on"} {
				if !strings.Contains(text, want) {
					t.Errorf("form states lack %q:\n%s", want, text)
				}
			}
			if evaluate[bool](t, tab, `!!document.getElementById("todo")`) {
				t.Error("the overview of a person who left lists something to do")
			}
			for _, form := range forms {
				check.open(local.PairPath + "/" + form)
				if evaluate[bool](t, tab, `!!document.querySelector("main form")`) {
					t.Errorf("%s: offered to a person who left", form)
				}
				look(form+" after leaving", true)
			}
			// The partner left behind: the match has ended and nothing is offered; the tracker's
			// answers, sent by the partner who left, are shown.
			// This browser was signed in as the person who left: it asks before switching.
			if err := chromedp.Do(tab, chromedp.Navigate(s.links[c.partner]), chromedp.WaitVisible(chromedp.CSS("form.switch"))); err != nil {
				t.Fatal(err)
			}
			look("the question before switching to another person's page", false)
			if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS("form.switch button")), chromedp.WaitVisible(chromedp.CSS("#year"))); err != nil {
				t.Fatal(err)
			}
			if text := evaluate[string](t, tab, `document.querySelector("main").innerText`); !strings.Contains(text, "can no longer take part in the program") {
				t.Errorf("the partner's overview:\n%s", text)
			}
			look("partner's overview after the match ended", true)
			for _, form := range forms {
				check.open(local.PairPath + "/" + form)
				if evaluate[bool](t, tab, `!!document.querySelector("main form")`) {
					t.Errorf("%s: offered to the partner of an ended match", form)
				}
				look(form+" match ended", true)
			}
			check.open(local.PairPath + "/tracker")
			if text := evaluate[string](t, tab, `document.querySelector(".sent").innerText`); !strings.Contains(text, "Two families came to the first one.") {
				t.Errorf("the partner's tracker page does not show the tracker's notes:\n%s", text)
			}
			if c.scripts {
				t.Logf("%d pages checked; the heaviest, %s, weighs %.1f KB", check.checked, check.heaviest.page, float64(check.heaviest.bytes)/1000)
			}
		})
	}
}
