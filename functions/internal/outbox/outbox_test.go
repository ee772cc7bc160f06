package outbox_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/markdown"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/receipt"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
)

var (
	cal = program.DefaultCalendar()
	cy  = &cal.Cycles[0]
	at  = cy.Window(program.Applications).Opens.Add(36 * time.Hour)
)

// fixture is a table, a real outbox folder and a sender writing to it, on a clock the test moves.
type fixture struct {
	st     *store.Store
	dir    string
	sender *outbox.Sender
	now    time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return fixtureOn(t, storetest.Store(t))
}

// fixtureOn is a fixture on the store given.
func fixtureOn(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	f := &fixture{st: st, dir: filepath.Join(t.TempDir(), "outbox"), now: at}
	f.sender = &outbox.Sender{Store: f.st, Mail: notify.Outbox{Dir: f.dir, From: "mentoring@example.org"},
		Links: pageLinks("https://mentoring.example.org"), Now: func() time.Time { return f.now }}
	return f
}

// apply stores an application of person n owing its receipt, as the apply function does.
func (f *fixture) apply(t *testing.T, n int, extra ...store.Email) *store.Application {
	t.Helper()
	form := forms.New(forms.RoleMentee)
	*form.Applicant() = forms.Person{Name: fmt.Sprintf("Person %d", n), Email: fmt.Sprintf("p%d@example.org", n)}
	a := &store.Application{ID: fmt.Sprintf("app%d", n), Cycle: cy.ID, Role: forms.RoleMentee, Email: form.Applicant().Email,
		Status: store.StatusSubmitted, SubmittedAt: f.now, Hash: "h", Form: form, Expires: cy.Expiry()}
	a.Owes = append([]store.Email{receipt.Received(cal, cy, a)}, extra...)
	if _, err := f.st.AddApplication(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// sent counts the emails in the outbox by recipient.
func (f *fixture) sent(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	if _, err := os.Stat(f.dir); errors.Is(err, os.ErrNotExist) {
		return out
	}
	for _, m := range notifytest.Outbox(t, f.dir) {
		out[m.To]++
	}
	return out
}

// owing lists the ids of the applications that still owe an email.
func (f *fixture) owing(t *testing.T) []string {
	t.Helper()
	apps, err := f.st.Applications(context.Background(), cy.ID, forms.RoleMentee)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range apps {
		if len(a.Owes) > 0 {
			out = append(out, a.ID)
		}
	}
	slices.Sort(out)
	return out
}

// record is the stream record DynamoDB writes for an item put: real event JSON, decoded as the
// Lambda runtime decodes it.
func record(t *testing.T, st *store.Store, pk, sk string, seq int) events.DynamoDBEventRecord {
	t.Helper()
	o, err := st.Owing(context.Background(), pk, sk)
	if err != nil || o == nil {
		t.Fatalf("no owing item %s/%s: %v", pk, sk, err)
	}
	raw := fmt.Sprintf(`{"eventID": "e%d", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
		"awsRegion": "us-east-1", "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/mentoring/stream/2026-12-01T00:00:00.000",
		"dynamodb": {"ApproximateCreationDateTime": 1764547200, "Keys": {"pk": {"S": %q}, "sk": {"S": %q}},
		"NewImage": %s, "SequenceNumber": "%021d", "SizeBytes": 512, "StreamViewType": "NEW_IMAGE"}}`, seq, pk, sk, DynamoJSON(o.Item), seq)
	var r events.DynamoDBEventRecord
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// DynamoJSON writes an item in DynamoDB's JSON, as streams carry it.
func DynamoJSON(item map[string]types.AttributeValue) string {
	var enc func(v types.AttributeValue) any
	enc = func(v types.AttributeValue) any {
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			return map[string]any{"S": v.Value}
		case *types.AttributeValueMemberN:
			return map[string]any{"N": v.Value}
		case *types.AttributeValueMemberBOOL:
			return map[string]any{"BOOL": v.Value}
		case *types.AttributeValueMemberB:
			return map[string]any{"B": base64.StdEncoding.EncodeToString(v.Value)}
		case *types.AttributeValueMemberNULL:
			return map[string]any{"NULL": true}
		case *types.AttributeValueMemberSS:
			return map[string]any{"SS": v.Value}
		case *types.AttributeValueMemberL:
			l := []any{}
			for _, e := range v.Value {
				l = append(l, enc(e))
			}
			return map[string]any{"L": l}
		case *types.AttributeValueMemberM:
			m := map[string]any{}
			for k, e := range v.Value {
				m[k] = enc(e)
			}
			return map[string]any{"M": m}
		}
		panic(fmt.Sprintf("attribute value %T", v))
	}
	m := map[string]any{}
	for k, v := range item {
		m[k] = enc(v)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// mapping delivers records to the handler as the stream's event source mapping does with
// ReportBatchItemFailures and BisectBatchOnFunctionError: a batch that reports a failure is
// retried from the failed record on, bisected, and a record that still fails after
// maxRetries goes to the failure destination (returned) while the rest carry on.
func mapping(t *testing.T, s *outbox.Sender, records []events.DynamoDBEventRecord, maxRetries int) (invocations int, failed []string) {
	t.Helper()
	tries := map[string]int{}
	queue := [][]events.DynamoDBEventRecord{records}
	for len(queue) > 0 {
		batch := queue[0]
		queue = queue[1:]
		invocations++
		res, err := s.Stream(context.Background(), events.DynamoDBEvent{Records: batch})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.BatchItemFailures) == 0 {
			continue
		}
		first := slices.IndexFunc(batch, func(r events.DynamoDBEventRecord) bool {
			return r.Change.SequenceNumber == res.BatchItemFailures[0].ItemIdentifier
		})
		rest := batch[first:]
		if len(rest) == 1 {
			seq := rest[0].Change.SequenceNumber
			if tries[seq]++; tries[seq] > maxRetries {
				failed = append(failed, seq)
			} else {
				queue = append([][]events.DynamoDBEventRecord{rest}, queue...)
			}
			continue
		}
		half := len(rest) / 2
		queue = append([][]events.DynamoDBEventRecord{rest[:half], rest[half:]}, queue...)
	}
	return invocations, failed
}

// TestPoisonRecordIsBisectedAndTheRestSent streams a batch of ten applications' receipts with one
// that cannot be rendered in the middle: every other receipt goes exactly once, however often
// the batch is retried around the poison, which alone reaches the failure destination and stays
// owed.
func TestPoisonRecordIsBisectedAndTheRestSent(t *testing.T) {
	f := newFixture(t)
	var records []events.DynamoDBEventRecord
	for i := range 10 {
		var extra []store.Email
		if i == 4 {
			extra = []store.Email{{ID: "bad", Text: "no-such-email", To: store.Recipient{Cycle: cy.ID, Role: forms.RoleMentee, ID: "app4"}}}
		}
		a := f.apply(t, i, extra...)
		records = append(records, record(t, f.st, "CYCLE#"+cy.ID, "APP#mentee#"+store.EmailKey(a.Email), i+1))
	}
	records = append(records[:3], append([]events.DynamoDBEventRecord{{EventName: "REMOVE"}}, records[3:]...)...)
	records[3].Change.SequenceNumber = "000000000000000000099"
	invocations, failed := mapping(t, f.sender, records, 2)
	if want := []string{fmt.Sprintf("%021d", 5)}; !slices.Equal(failed, want) {
		t.Errorf("records sent to the failure destination %v, want the poison alone %v", failed, want)
	}
	sent := f.sent(t)
	for i := range 10 {
		if to := fmt.Sprintf("p%d@example.org", i); sent[to] != 1 {
			t.Errorf("%s got %d receipts, want 1", to, sent[to])
		}
	}
	if len(sent) != 10 {
		t.Errorf("sent to %v", sent)
	}
	if got := f.owing(t); !slices.Equal(got, []string{"app4"}) {
		t.Errorf("still owing: %v, want the poison's item alone", got)
	}
	a, err := f.st.Application(context.Background(), cy.ID, forms.RoleMentee, "p4@example.org")
	if err != nil || len(a.Owes) != 1 || a.Owes[0].ID != "bad" {
		t.Errorf("the poison's item owes %+v (%v), want the poison alone (its receipt went)", a.Owes, err)
	}
	t.Logf("%d invocations", invocations)
}

// crashing is a mail service on which the process dies (panics) when it is handed the email
// to crashFor, before the service took it.
type crashing struct {
	notify.Sender
	crashFor string
}

func (c crashing) Send(ctx context.Context, m notify.Message) error {
	if m.To == c.crashFor {
		panic("the process died while sending")
	}
	return c.Sender.Send(ctx, m)
}

// TestACrashBetweenClaimAndSendSendsNothingTwice kills the sender after it claimed one
// receipt and before the mail service took it: the others go; the sweep leaves the claim alone
// while its sender may still be at work, then settles the receipt unsent once it is abandoned,
// and the marker stays unconfirmed for the staff digest to list.
func TestACrashBetweenClaimAndSendSendsNothingTwice(t *testing.T) {
	f := newFixture(t)
	for i := range 3 {
		f.apply(t, i)
	}
	crash := &outbox.Sender{Store: f.st, Mail: crashing{Sender: f.sender.Mail, crashFor: "p1@example.org"}, Now: f.sender.Now}
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the sender did not crash")
			}
		}()
		crash.Sweep(context.Background(), f.now.Add(time.Second))
	}()
	before := len(f.sent(t)) // those swept before p1's, in the index's order
	f.now = f.now.Add(outbox.Abandoned / 2)
	if n, err := f.sender.Sweep(context.Background(), f.now); err != nil || n != 2-before {
		t.Fatalf("the sweep after the crash sent %d (%v), want the %d left", n, err, 2-before)
	}
	if got := f.owing(t); !slices.Equal(got, []string{"app1"}) {
		t.Errorf("owing %v while the claim may be at work, want app1", got)
	}
	f.now = f.now.Add(outbox.Abandoned)
	if n, err := f.sender.Sweep(context.Background(), f.now); err != nil || n != 0 {
		t.Fatalf("the sweep once the claim was abandoned sent %d (%v), want none", n, err)
	}
	if got := f.owing(t); len(got) != 0 {
		t.Errorf("owing %v after the abandoned claim was settled", got)
	}
	if sent := f.sent(t); len(sent) != 2 || sent["p0@example.org"] != 1 || sent["p2@example.org"] != 1 {
		t.Errorf("sent %v, want p0 and p2 once each", sent)
	}
	markers, err := f.st.SentMessages(context.Background(), cy.ID)
	if err != nil {
		t.Fatal(err)
	}
	var unconfirmed []string
	for _, m := range markers {
		if !m.Delivered {
			unconfirmed = append(unconfirmed, m.Message+" "+m.Person+" "+m.Text)
		}
	}
	if want := []string{"mail-receipt-app1 app1 application-received"}; !slices.Equal(unconfirmed, want) {
		t.Errorf("unconfirmed markers %v, want %v", unconfirmed, want)
	}
}

// TestSweepSendsWhatIsStillOwedAfterTheGrace: the daily run's sweep sends what has been owed for
// longer than outbox.Grace, leaves fresher items to the stream, and a second sweep finds nothing.
func TestSweepSendsWhatIsStillOwedAfterTheGrace(t *testing.T) {
	f := newFixture(t)
	f.apply(t, 0)
	f.now = f.now.Add(outbox.Grace)
	f.apply(t, 1)
	f.now = f.now.Add(time.Minute)
	for run, want := range []int{1, 0} {
		if n, err := f.sender.Sweep(context.Background(), f.now.Add(-outbox.Grace)); err != nil || n != want {
			t.Fatalf("sweep %d: sent %d (%v), want %d", run+1, n, err, want)
		}
	}
	if sent := f.sent(t); len(sent) != 1 || sent["p0@example.org"] != 1 {
		t.Errorf("sent %v, want the stale receipt alone", sent)
	}
	if got := f.owing(t); !slices.Equal(got, []string{"app1"}) {
		t.Errorf("owing %v, want the fresh one left to the stream", got)
	}
	m := notifytest.Outbox(t, f.dir)[0]
	if !strings.Contains(m.Text, "Your application reference is app0.") || !strings.Contains(m.Subject, "mentee application") {
		t.Errorf("the receipt reads %q:\n%s", m.Subject, m.Text)
	}
}

// TestMailOutageDelaysButNeverLosesOrDuplicates runs the local poller while the mail outbox is
// unwritable for two seconds (a file where its folder should be) and applications keep coming:
// every receipt arrives once, after the outage.
func TestMailOutageDelaysButNeverLosesOrDuplicates(t *testing.T) {
	f := newFixture(t)
	f.sender.Now = nil
	p := &outbox.Poller{Sender: f.sender, Every: 20 * time.Millisecond}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx) })
	if err := os.WriteFile(f.dir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	outage := time.Now()
	for i := range 20 {
		f.now = time.Now()
		f.apply(t, i)
		p.Nudge()
		time.Sleep(100 * time.Millisecond)
	}
	if len(f.owing(t)) != 20 {
		t.Errorf("owing %d during the outage, want all 20", len(f.owing(t)))
	}
	if err := os.Remove(f.dir); err != nil {
		t.Fatal(err)
	}
	back := time.Now()
	for i := 20; i < 30; i++ {
		f.now = time.Now()
		f.apply(t, i)
		p.Nudge()
	}
	for len(f.owing(t)) > 0 && time.Since(back) < 10*time.Second {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	wg.Wait()
	sent := f.sent(t)
	for i := range 30 {
		if to := fmt.Sprintf("p%d@example.org", i); sent[to] != 1 {
			t.Errorf("%s got %d receipts, want 1", to, sent[to])
		}
	}
	if got := f.owing(t); len(got) != 0 {
		t.Errorf("still owing %v", got)
	}
	t.Logf("outage %v; all sent %v after it ended", back.Sub(outage).Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
}

// TestLinkIsMintedWhenSentAndOnlyForTextsThatHaveOne: the LinkURL placeholder is filled by Links
// after the claim, for the email's recipient; a failing Links releases the claim and the email
// stays owed.
func TestLinkIsMintedWhenSentAndOnlyForTextsThatHaveOne(t *testing.T) {
	f := newFixture(t)
	var asked []store.Recipient
	fail := true
	f.sender.Links = func(_ context.Context, to store.Recipient) (string, error) {
		asked = append(asked, to)
		if fail {
			return "", errors.New("no link today")
		}
		return "https://mentoring.example.org/api/pair?token=fresh", nil
	}
	to := store.Recipient{Cycle: cy.ID, Role: forms.RoleMentee, ID: "app0"}
	tips := store.Email{ID: "tips-test", Text: "goals-late", To: to, Values: map[string]string{"Name": "Person 0", "Pairs": "your pair",
		"Whose": "Your pair's", "Cycle": cy.Title(), "Due": "December 1", "PartnerRole": "mentor"}}
	f.apply(t, 0, tips)
	if n, err := f.sender.Sweep(context.Background(), f.now.Add(time.Second)); n != 1 || err == nil || !strings.Contains(err.Error(), "no link today") {
		t.Fatalf("sent %d (%v), want the receipt and the link's failure", n, err)
	}
	fail = false
	if n, err := f.sender.Sweep(context.Background(), f.now.Add(time.Second)); n != 1 || err != nil {
		t.Fatalf("sent %d (%v), want the email that needs a link", n, err)
	}
	if len(asked) != 2 || asked[0] != to || asked[1] != to {
		t.Errorf("links asked for %v, want the recipient twice (the receipt has no link)", asked)
	}
	var linked int
	for _, m := range notifytest.Outbox(t, f.dir) {
		if strings.Contains(m.Text, "https://mentoring.example.org/api/pair?token=fresh") {
			linked++
		}
	}
	if linked != 1 {
		t.Errorf("%d emails carry the fresh link, want 1", linked)
	}
}

// TestAnEmailToAForgottenPersonIsNeverSent: an item owes an email to a person since forgotten
// (no application holds the id): it is settled unsent, and the item's own receipt still goes.
func TestAnEmailToAForgottenPersonIsNeverSent(t *testing.T) {
	f := newFixture(t)
	gone := store.Email{ID: "copy-gone", Text: receipt.ReceivedText, To: store.Recipient{Cycle: cy.ID, Role: forms.RoleMentor, ID: "forgotten"},
		Values: map[string]string{"Name": "x", "Role": "mentor", "Cycle": "x", "ID": "x", "Closes": "x", "NotifyBy": "x", "Starts": "x"}}
	f.apply(t, 0, gone)
	if n, err := f.sender.Sweep(context.Background(), f.now.Add(time.Second)); n != 1 || err != nil {
		t.Fatalf("sent %d (%v), want the receipt alone", n, err)
	}
	if sent := f.sent(t); len(sent) != 1 || sent["p0@example.org"] != 1 {
		t.Errorf("sent %v", sent)
	}
	if got := f.owing(t); len(got) != 0 {
		t.Errorf("still owing %v", got)
	}
}

// pageLinks is a Links that gives every recipient the same page.
func pageLinks(siteURL string) func(context.Context, store.Recipient) (string, error) {
	return func(context.Context, store.Recipient) (string, error) { return siteURL + "/participants/", nil }
}

// TestABlockOwedIsSentAsItWasBuilt: an owed email's block (the goals a partner sent) is kept as
// the Markdown package notify built, so a heading stays a heading and a person's asterisks stay
// asterisks, in both parts of the email.
func TestABlockOwedIsSentAsItWasBuilt(t *testing.T) {
	f := newFixture(t)
	goals := markdown.Join(markdown.Heading(markdown.Plain("Goal 1: storytime *for babies*")), markdown.Paragraph(markdown.Plain("Plan two sessions.")))
	copyOwed := store.Email{ID: "goals-copy-test", Text: "goals-copy", To: store.Recipient{Cycle: cy.ID, Role: forms.RoleMentee, ID: "app0"},
		Values: map[string]string{"Name": "Person 0", "PartnerName": "Pat Mentor", "PartnerRole": "mentor", "Cycle": cy.Title(),
			"SentOn": "November 20", "LateNote": ""},
		Blocks: map[string]string{"Goals": goals.Source()}}
	f.apply(t, 0, copyOwed)
	if n, err := f.sender.Sweep(context.Background(), f.now.Add(time.Second)); n != 2 || err != nil {
		t.Fatalf("sent %d (%v), want the receipt and the goals copy", n, err)
	}
	var found bool
	for _, m := range notifytest.Outbox(t, f.dir) {
		if !strings.HasPrefix(m.Subject, "Your pair's goals") {
			continue
		}
		found = true
		if !regexp.MustCompile(`<h2[^>]*>Goal 1: storytime \*for babies\*</h2>`).MatchString(m.HTML) {
			t.Errorf("the HTML part lacks the goal as a heading with its asterisks as written:\n%s", m.HTML)
		}
		if !strings.Contains(m.Text, "Plan two sessions.") {
			t.Errorf("the text part lacks the goal's words:\n%s", m.Text)
		}
	}
	if !found {
		t.Fatal("no goals copy was sent")
	}
}

// TestABatchReadsEachRolesApplicationsOnce: a batch of matches owing their introductions to 48
// people of two roles in two cycles reads each cycle and role's applications once, whether it is
// a stream batch, a poll pass or a sweep, and sends each email once. The next batch reads them
// again: a mentee forgotten in between is sent nothing, her email is settled unsent, and her
// mentor's goes.
func TestABatchReadsEachRolesApplicationsOnce(t *testing.T) {
	cy2 := &cal.Cycles[1]
	later := at.Add(time.Hour)
	for _, tc := range []struct {
		name    string
		deliver func(t *testing.T, f *fixture, records []events.DynamoDBEventRecord, until time.Time) int
	}{
		{"stream batch", func(t *testing.T, f *fixture, records []events.DynamoDBEventRecord, _ time.Time) int {
			res, err := f.sender.Stream(context.Background(), events.DynamoDBEvent{Records: records})
			if err != nil || len(res.BatchItemFailures) != 0 {
				t.Fatalf("stream batch: %+v, %v", res.BatchItemFailures, err)
			}
			return -1
		}},
		{"poll pass", func(t *testing.T, f *fixture, _ []events.DynamoDBEventRecord, until time.Time) int {
			f.now = until
			n, err := (&outbox.Poller{Sender: f.sender}).Drain(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}},
		{"sweep", func(t *testing.T, f *fixture, _ []events.DynamoDBEventRecord, until time.Time) int {
			n, err := f.sender.Sweep(context.Background(), until.Add(time.Second))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, queries := storetest.CountingStore(t)
			f := fixtureOn(t, st)
			people := map[*program.Cycle]int{cy: 20, cy2: 4} // mentees, each with a mentor of her own
			addr := func(c *program.Cycle, role forms.Role, i int) string {
				return fmt.Sprintf("%s-%s-%d@example.org", role, c.ID, i)
			}
			id := func(c *program.Cycle, role forms.Role, i int) string { return fmt.Sprintf("%s-%s-%d", role, c.ID, i) }
			seq := 0
			owe := func(c *program.Cycle, i int, created time.Time) events.DynamoDBEventRecord {
				t.Helper()
				m := &store.Match{Cycle: c.ID, Mentee: id(c, forms.RoleMentee, i), Mentor: id(c, forms.RoleMentor, i), Proposal: "p1",
					CreatedAt: created, Expires: c.Expiry(), MentorEmailed: true, MenteeEmailed: true}
				for _, role := range []forms.Role{forms.RoleMentor, forms.RoleMentee} {
					m.Owes = append(m.Owes, store.Email{ID: "introduction-" + m.Mentee + "-" + m.Mentor + "-" + string(role), Text: "match-ended",
						To:     store.Recipient{Cycle: c.ID, Role: role, ID: id(c, role, i)},
						Values: map[string]string{"Name": id(c, role, i), "Cycle": c.Title(), "PartnerName": "someone", "PartnerRole": "partner"}})
				}
				if _, err := st.AddMatch(ctx, m); err != nil {
					t.Fatal(err)
				}
				seq++
				return record(t, st, "CYCLE#"+c.ID, m.Key(), seq)
			}
			var apps []*store.Application
			var first []events.DynamoDBEventRecord
			for c, n := range people {
				for i := range n + 1 { // the last pair is owed in the second batch
					for _, role := range forms.Roles {
						apps = append(apps, storetest.MustApply(t, st, c, role, id(c, role, i), id(c, role, i), addr(c, role, i)))
					}
				}
			}
			for i := range people[cy] { // the cycles' records interleaved
				for _, c := range []*program.Cycle{cy, cy2} {
					if i < people[c] {
						first = append(first, owe(c, i, at))
					}
				}
			}
			reads := func() map[string]int {
				out := map[string]int{}
				for c := range people {
					for _, role := range forms.Roles {
						if n := queries.Applications(c.ID, role); n > 0 {
							out[c.ID+" "+string(role)] = n
						}
					}
				}
				return out
			}
			before := reads()
			if n := tc.deliver(t, f, first, at); n != -1 && n != 48 {
				t.Errorf("the first batch sent %d, want 48", n)
			}
			got := reads()
			for k, n := range got {
				if got[k] = n - before[k]; got[k] == 0 {
					delete(got, k)
				}
			}
			want := map[string]int{cy.ID + " mentor": 1, cy.ID + " mentee": 1, cy2.ID + " mentor": 1, cy2.ID + " mentee": 1}
			if !maps.Equal(got, want) {
				t.Errorf("the first batch read the applications %v times, want once each: %v", got, want)
			}
			sent := f.sent(t)
			for c, n := range people {
				for i := range n {
					for _, role := range forms.Roles {
						if sent[addr(c, role, i)] != 1 {
							t.Errorf("%s got %d emails, want 1", addr(c, role, i), sent[addr(c, role, i)])
						}
					}
				}
			}
			if len(sent) != 48 {
				t.Errorf("sent to %d people, want 48", len(sent))
			}

			forgotten := slices.IndexFunc(apps, func(a *store.Application) bool { return a.ID == id(cy, forms.RoleMentee, people[cy]) })
			if err := st.DeleteApplication(ctx, apps[forgotten]); err != nil {
				t.Fatal(err)
			}
			second := owe(cy, people[cy], later)
			before = reads()
			if n := tc.deliver(t, f, []events.DynamoDBEventRecord{second}, later); n != -1 && n != 1 {
				t.Errorf("the second batch sent %d, want the mentor's email alone", n)
			}
			if after := reads(); after[cy.ID+" mentor"]-before[cy.ID+" mentor"] != 1 || after[cy.ID+" mentee"]-before[cy.ID+" mentee"] != 1 {
				t.Errorf("the second batch read the mentors %d and the mentees %d times, want once each",
					after[cy.ID+" mentor"]-before[cy.ID+" mentor"], after[cy.ID+" mentee"]-before[cy.ID+" mentee"])
			}
			sent = f.sent(t)
			if to := addr(cy, forms.RoleMentee, people[cy]); sent[to] != 0 {
				t.Errorf("the forgotten mentee %s got %d emails", to, sent[to])
			}
			if to := addr(cy, forms.RoleMentor, people[cy]); sent[to] != 1 {
				t.Errorf("her mentor %s got %d emails, want 1", to, sent[to])
			}
			keys, err := st.OwedSince(ctx, later.Add(time.Hour))
			if err != nil || len(keys) != 0 {
				t.Errorf("still owing %v (%v), want nothing: the forgotten mentee's email settled unsent", keys, err)
			}
		})
	}
}
