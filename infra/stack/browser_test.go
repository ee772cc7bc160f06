package stack_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/browser"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
	"github.com/ala-alsc/mentoring/infra/stack"
)

var (
	builtOnce sync.Once
	builtDir  string
	builtErr  error
)

// builtSite builds the real site once for the package's browser tests, with the demo calendar
// the stacks run on, so that its forms are open as the functions' windows are.
func builtSite(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		builtDir, builtErr = os.MkdirTemp("", "alsc-apply-site-")
		if builtErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			builtErr = sitebuild.BuildWithCalendar(ctx, builtDir, builtDir+"-config", local.DemoCalendar(time.Now()), local.Clock{})
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtDir
}

// liveStack is the real local stack on a free port, on a table of its own, with a demo calendar.
type liveStack struct {
	url, outbox, table string
	db                 *dynamodb.Client
	st                 *stack.Stack
}

func newLiveStack(t *testing.T) *liveStack {
	t.Helper()
	endpoint, table := dynalite.TestTable(t)
	outbox := t.TempDir()
	st, err := stack.New(context.Background(), stack.Config{
		SiteDir: builtSite(t), DynamoDB: endpoint, Table: table, Outbox: outbox, Calendar: local.DemoCalendar(time.Now()),
		MinFill: time.Millisecond, // a browser driven by a test fills a form faster than a person
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	srv := httptest.NewServer(st.Handler())
	t.Cleanup(srv.Close)
	client := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	return &liveStack{url: srv.URL, outbox: outbox, table: table, db: client, st: st}
}

// items counts the applications stored (the sender's markers aside).
func (s *liveStack) items(t *testing.T) int {
	t.Helper()
	out, err := s.db.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(s.table),
		FilterExpression: aws.String("begins_with(sk, :app)"), ExpressionAttributeValues: map[string]types.AttributeValue{
			":app": &types.AttributeValueMemberS{Value: "APP#"}}})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Items)
}

// emails counts the emails in the outbox once the sender has sent what is owed.
func (s *liveStack) emails(t *testing.T) int {
	t.Helper()
	if _, err := s.st.SendOwed(context.Background()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(s.outbox, "*.eml"))
	return len(files)
}

func withTimeout(t *testing.T, ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // two shared cores, and a browser
	t.Cleanup(cancel)
	return ctx
}

// answer is one step of filling in a form: type into a text field, or tick a choice.
type answer struct{ name, value string }

func fill(answers []answer) chromedp.Action[chromedp.Void] {
	var steps []chromedp.Action[chromedp.Void]
	for _, a := range answers {
		switch {
		case a.name == "time_zone":
			steps = append(steps, chromedp.SetValue(chromedp.CSS("#f-time_zone"), a.value))
		case a.value == "" || strings.HasPrefix(a.value, "="):
			steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=%q][value=%q]`, a.name, strings.TrimPrefix(a.value, "=")+map[bool]string{true: "on"}[a.value == ""]))))
		default:
			steps = append(steps, chromedp.SendKeys(chromedp.CSS("#f-"+a.name), a.value))
		}
	}
	return chromedp.Steps(steps...)
}

// Text answers are typed; "=value" ticks the choice with that value; "" ticks a lone checkbox.
func menteeAnswers(email, hopes string) []answer {
	return []answer{
		{"name", "Søren Ålund-Okafor"}, {"email", email}, {"organisation", "Harbor Branch Library"},
		{"position", "Library associate"}, {"city", "Tacoma"}, {"region", "WA"}, {"country", "USA"},
		{"time_zone", "America/Los_Angeles"}, {"connection", "I run the teen advisory board."},
		{"situation", "=early_career"}, {"hopes", hopes}, {"interests", "=programming"}, {"interests", "=outreach"},
		{"communication", "=video"}, {"in_person", "=no"}, {"geo_preference", "=none"},
		{"gender_preference", "=none"}, {"race_preference", "=none"}, {"consent", ""},
	}
}

func mentorAnswers(member string) []answer {
	return []answer{
		{"name", "Adaeze Lindqvist"}, {"email", "adaeze@example.org"}, {"organisation", "Northside Library"},
		{"position", "Children's services manager"}, {"city", "Duluth"}, {"country", "USA"},
		{"time_zone", "America/Chicago"}, {"alsc_member", "=" + member}, {"years_experience", "14"},
		{"expertise", "=materials"}, {"capacity", "2"}, {"communication", "=email"}, {"in_person", "=yes"},
		{"geo_preference", "=preferred"}, {"gender_preference", "=none"}, {"race_preference", "=none"}, {"consent", ""},
	}
}

func evaluate[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func noAxeViolations(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	vs, err := browser.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("axe on %s: %s", where, v)
	}
}

func TestApplyWithJavaScript(t *testing.T) {
	ctx := withTimeout(t, browser.Tab(t))
	s := newLiveStack(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/apply/mentee/"), chromedp.WaitVisible(chromedp.CSS("form.program-form"))); err != nil {
		t.Fatal(err)
	}
	noAxeViolations(t, ctx, "the empty mentee form")

	// Sent half filled in: errors beside the fields, a summary that names each field in the form's
	// order and takes focus, no reload.
	evaluate[bool](t, ctx, `window.sameDocument = true`)
	if err := chromedp.Do(ctx,
		fill([]answer{{"email", "not-an-address"}, {"situation", "=student"}}),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#e-name")),
	); err != nil {
		t.Fatal(err)
	}
	if !evaluate[bool](t, ctx, `window.sameDocument === true`) {
		t.Error("the page reloaded")
	}
	if got := evaluate[string](t, ctx, `document.activeElement.className`); got != "error-summary" {
		t.Errorf("focus is on %q, want the error summary", got)
	}
	items := evaluate[[]string](t, ctx, `[...document.querySelectorAll(".error-summary li")].map(li => li.textContent)`)
	if len(items) < 4 || items[0] != "Your name: fill in this field." || !strings.HasPrefix(items[1], "Email address: enter an email address") ||
		items[len(items)-1] != "I agree that the ALSC staff liaison may use my answers on this form, including the confidential ones, to make matches for this program year. Tick the box to agree, or we cannot consider your application." {
		t.Errorf("summary %q: each field named, in the form's order", items)
	}
	shown := evaluate[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll(".error:not([hidden])")].map(e => [e.id, e.textContent]))`)
	for _, id := range []string{"e-name", "e-email", "e-interests", "e-consent"} {
		if shown[id] == "" {
			t.Errorf("no message shown for %s (shown: %v)", id, shown)
		}
	}
	if shown["e-email"] != "" && !strings.Contains(shown["e-email"], "name@example.org") {
		t.Errorf("email message %q", shown["e-email"])
	}
	if _, ok := shown["e-situation"]; ok {
		t.Error("a message beside a field that was answered")
	}
	if got := evaluate[string](t, ctx, `document.getElementById("f-name").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("aria-invalid=%q on the name", got)
	}
	noAxeViolations(t, ctx, "the mentee form showing errors")
	if s.items(t) != 0 {
		t.Fatal("an invalid application was stored")
	}

	// Completed: on to the thank-you page.
	evaluate[string](t, ctx, `document.getElementById("f-email").value = ""`)
	if err := chromedp.Do(ctx,
		fill(menteeAnswers("soren@example.org", "A mentor in programming.")),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(`//h1[contains(., "Thank you")]`),
	); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/apply/thanks/?role=mentee") {
		t.Errorf("ended on %s", loc)
	}
	if s.items(t) != 1 || s.emails(t) != 1 {
		t.Fatalf("%d items, %d emails; want 1 and 1", s.items(t), s.emails(t))
	}

	// The same person again with other answers: the page shows what a first application shows,
	// nothing is stored, and the address is emailed that nothing changed.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/apply/mentee/"),
		chromedp.WaitVisible(chromedp.CSS("form.program-form")),
		fill(menteeAnswers("soren@example.org", "Something different.")),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(`//h1[contains(., "Thank you")]`),
	); err != nil {
		t.Fatal(err)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/apply/thanks/?role=mentee") {
		t.Errorf("the second application ended on %s (%v)", loc, err)
	}
	if s.items(t) != 1 || s.emails(t) != 2 {
		t.Errorf("%d items, %d emails after the second application; want 1 and 2", s.items(t), s.emails(t))
	}
}

func TestApplyWithoutJavaScript(t *testing.T) {
	ctx := withTimeout(t, browser.Tab(t))
	s := newLiveStack(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	// Not a member: the server's page lists the problem in plain words (reaching that page at
	// all shows the form went as a plain POST, not through the script).
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/apply/mentor/"),
		chromedp.WaitVisible(chromedp.CSS("form.program-form")),
		fill(mentorAnswers("no")),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(`//h2[contains(., "There is a problem with your application")]`),
	); err != nil {
		t.Fatal(err)
	}
	page, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "Are you a current ALSC member?") || !strings.Contains(page, "Mentors must be current ALSC members") {
		t.Errorf("the error page does not explain the membership rule:\n%s", page)
	}
	if s.items(t) != 0 {
		t.Fatal("stored a mentor who is not a member")
	}
	scripts := func(off bool) {
		t.Helper()
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
			t.Fatal(err)
		}
	}
	scripts(false) // axe is a script
	noAxeViolations(t, ctx, "the error page")
	scripts(true)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/apply/mentor/"),
		chromedp.WaitVisible(chromedp.CSS("form.program-form")),
		fill(mentorAnswers("yes")),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(`//h1[contains(., "Thank you")]`),
	); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/apply/thanks/?role=mentor") {
		t.Errorf("ended on %s", loc)
	}
	if s.items(t) != 1 || s.emails(t) != 1 {
		t.Errorf("%d items, %d emails; want 1 and 1", s.items(t), s.emails(t))
	}
}
