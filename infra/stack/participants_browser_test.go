package stack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
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
	var cal struct {
		TimeZone string `toml:"time_zone"`
		Cycles   []struct {
			ID     string
			Events []struct{ Key, Opens string }
		}
	}
	if err := toml.Unmarshal(s.calendar, &cal); err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation(cal.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	for _, cy := range cal.Cycles {
		for _, e := range cy.Events {
			if cy.ID == local.DemoYear && e.Key == key {
				opens, _ := time.ParseInLocation(time.DateOnly, e.Opens, loc)
				y, m, d := time.Now().In(loc).Date()
				s.days.Store(int64(opens.Sub(time.Date(y, m, d, 0, 0, 0, 0, loc)).Round(24*time.Hour)/(24*time.Hour)) + 1)
				return
			}
		}
	}
	t.Fatalf("the demo pairs have no event %q", key)
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
	if err := chromedp.Do(ctx, chromedp.Navigate(s.links["casey.morgan@demo.example.org"]), chromedp.WaitVisible(chromedp.CSS("article.pair h1"))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Contains(loc, "token") || !strings.HasSuffix(loc, local.PairPath) {
		t.Errorf("the token stays in the address bar: %s", loc)
	}
	if text := evaluate[string](t, ctx, `document.querySelector("main").innerText`); !strings.Contains(text, "Beatriz Ramos") || !strings.Contains(text, "Your mentor") {
		t.Errorf("the page does not show the mentor:\n%s", text)
	}
	noAxeViolations(t, ctx, "the pair's page")
	// The heaviest new page, with everything it loads, within the site's 50 KB budget.
	load, err := browser.Weigh(ctx, s.url+local.PairPath)
	if err != nil {
		t.Fatal(err)
	}
	if kb := float64(load.Bytes()) / 1000; kb > 50 || len(load.Foreign()) > 0 {
		t.Errorf("the pair's page weighs %.1f KB with %d requests (foreign: %v); budget 50 KB, none foreign", kb, len(load.Requests), load.Foreign())
	} else {
		t.Logf("the pair's page weighs %.1f KB in %d requests", kb, len(load.Requests))
	}

	// Goals with a second goal begun: the script shows the message naming that goal beside the
	// field and in the summary.
	if err := chromedp.Do(ctx,
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
	if !strings.Contains(text, "your goals form was received") || !strings.Contains(text, "sent on") {
		t.Errorf("after sending:\n%s", text)
	}
	mentorCopy := false
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
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath), chromedp.WaitVisible(chromedp.CSS("#form-tracker"))); err != nil {
		t.Fatal(err)
	}
	// The tracker sent empty: a summary naming each field, with focus, and nothing stored.
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
	noAxeViolations(t, ctx, "the pair's page showing errors")
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
	if err := chromedp.Do(ctx, chromedp.Navigate(s.links["walter.nguyen@demo.example.org"]), chromedp.WaitVisible(chromedp.CSS("article.pair h1"))); err != nil {
		t.Fatal(err)
	}
	// A rematch request without a reason, sent past the browser's own checks: the server shows the
	// page again with the form's errors.
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
	noAxeViolations(t, ctx, "the pair's page refusing a plain form")
	scripts(false)

	// Keyboard only: Tab to the reason, type, Tab to the button, Enter.
	tabTo(t, ctx, "rematch-f-reason")
	if err := chromedp.Do(ctx,
		chromedp.KeyEvent("Our calls keep clashing."),
		chromedp.KeyEvent("\t"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("#sent")),
	); err != nil {
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
	for _, want := range []string{"Mid-point tracker: the mid-point tracker opens on", "Wrap-up survey: the wrap-up survey opens on", "Goals: open; due by"} {
		if !strings.Contains(text, want) {
			t.Errorf("form states lack %q:\n%s", want, text)
		}
	}
	if evaluate[bool](t, ctx, `!!document.getElementById("form-tracker")`) {
		t.Error("a form that is not open is shown as fillable")
	}
	noAxeViolations(t, ctx, "the pair's page before the tracker opens")
}

// formAnswers are the steps that fill one participant form on the pair's page: text typed into
// "#<form>-f-<name>", or, for "=value", the choice with that value ticked.
var formAnswers = map[string][][2]string{
	"goals":      {{"goal_1", "Host a family literacy night"}, {"objectives_1", "=connections"}, {"measure_1", "It happens by April."}},
	"tracker":    {{"progress_1", "=under_way"}, {"contact", "=twice_monthly"}, {"activities", "=mock-interview"}, {"working", "Our video calls."}, {"call_me", "=no"}},
	"survey":     {{"worked", "The calls."}, {"not_worked", "Time zones."}, {"rating_overall", "=5"}, {"rating_match", "=4"}, {"rating_support", "=4"}, {"again", "=mentor"}},
	"rematch":    {{"reason", "We never found a time."}},
	"withdrawal": {{"confirm", "=on"}},
}

func fillForm(form string) chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for _, a := range formAnswers[form] {
		if v, ok := strings.CutPrefix(a[1], "="); ok {
			steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#form-%s input[name=%q][value=%q]`, form, a[0], v))))
		} else {
			steps = append(steps, chromedp.SendKeys(chromedp.CSS("#"+form+"-f-"+a[0]), a[1]))
		}
	}
	// The thanks of the form sent before goes first, so that the wait is for this one's.
	removeThanks := chromedp.Evaluate[bool](`(e => (e && e.remove(), true))(document.getElementById("sent"))`)
	steps = append(steps, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := removeThanks(ctx, tg)
		return chromedp.Void{}, err
	},
		chromedp.Click(chromedp.CSS("#form-"+form+" button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("#sent")))
	return chromedp.Steps(steps...)
}

// TestEveryParticipantFormWithAndWithoutJavaScript sends each of the five forms from the pair's
// page, once with the script (JSON) and once as a plain form, each time as a different person:
// goals and the rematch request in the goals window, then the tracker and the survey with the
// clock moved to each one's window, and the withdrawal last.
func TestEveryParticipantFormWithAndWithoutJavaScript(t *testing.T) {
	s := newPairsStack(t)
	for _, c := range []struct {
		name, person string
		scripts      bool
	}{{"with JavaScript", "theo.park@demo.example.org", true}, {"without JavaScript", "walter.nguyen@demo.example.org", false}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := withTimeout(t, browser.Tab(t))
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !c.scripts}); err != nil {
				t.Fatal(err)
			}
			s.moveTo(t, "")
			if err := chromedp.Do(ctx, chromedp.Navigate(s.links[c.person]), chromedp.WaitVisible(chromedp.CSS("article.pair h1"))); err != nil {
				t.Fatal(err)
			}
			for _, form := range []string{"goals", "rematch", "tracker", "survey", "withdrawal"} {
				if form == "tracker" || form == "survey" {
					s.moveTo(t, form)
					if err := chromedp.Do(ctx, chromedp.Navigate(s.url+local.PairPath), chromedp.WaitVisible(chromedp.CSS("#form-"+form))); err != nil {
						t.Fatalf("%s: %v", form, err)
					}
				}
				if err := chromedp.Do(ctx, fillForm(form)); err != nil {
					t.Fatalf("%s: %v", form, err)
				}
				thanks := evaluate[string](t, ctx, `document.getElementById("sent").textContent`)
				if !strings.Contains(thanks, "form was received") {
					t.Errorf("%s: %q", form, thanks)
				}
			}
			states := evaluate[string](t, ctx, `document.querySelector(".form-states").innerText`)
			for _, want := range []string{"Goals: sent on", "Mid-point tracker: sent on", "Wrap-up survey: sent on", "you asked for a rematch on", "Leaving the program: sent on"} {
				if !strings.Contains(states, want) {
					t.Errorf("form states lack %q:\n%s", want, states)
				}
			}
		})
	}
}
