package erasure_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/internal/erasure"
	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

const ana = "Ana.Target@Example.org" // the person to forget, as she typed her address

// world is a cycle with the person to forget in every kind of item, beside other people's.
type world struct {
	db       *dynamodb.Client
	table    string
	st       *store.Store
	cal      *program.Calendar
	cy       *program.Cycle
	outbox   notify.Outbox
	files    report.Folder
	live     *store.Match    // Ana (mentee) with Ben (mentor)
	ended    *store.Match    // Ana with Eve, ended by a rematch
	other    *store.Match    // Cai with Dee
	deleted  []string        // the keys ("pk sk") of what forgetting Ana must delete
	links    map[string]bool // personal links (by hash) and sessions: whether they are Ana's
	outboxed []string        // emails in the outbox before: to Ana, then to Cai
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	endpoint, table := dynalite.TestTable(t)
	w := &world{db: store.Local(endpoint), table: table, cal: program.DefaultCalendar(), links: map[string]bool{}}
	if err := store.EnsureTable(ctx, w.db, w.table); err != nil {
		t.Fatal(err)
	}
	w.st = store.New(w.db, w.table)
	w.cy = &w.cal.Cycles[0]
	dir := t.TempDir()
	w.outbox, w.files = notify.Outbox{Dir: filepath.Join(dir, "outbox"), From: "mentoring@example.org"}, report.Folder{Dir: filepath.Join(dir, "reports")}
	pk := "CYCLE#" + w.cy.ID
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	gone := func(pk, sk string) { w.deleted = append(w.deleted, pk+" "+sk) }

	// Ana applied in both roles; Ben, Eve and Dee are mentors, Cai a mentee.
	storetest.MustApply(t, w.st, w.cy, forms.RoleMentee, "ana", "Ana Target", ana)
	storetest.MustApply(t, w.st, w.cy, forms.RoleMentor, "ana-m", "Ana Target", ana)
	gone(pk, "APP#mentee#"+store.EmailKey(ana))
	gone(pk, "APP#mentor#"+store.EmailKey(ana))
	for _, p := range []struct {
		role     forms.Role
		id, name string
	}{
		{forms.RoleMentor, "ben", "Ben Partner"}, {forms.RoleMentor, "eve", "Eve Former"},
		{forms.RoleMentee, "cai", "Cai Other"}, {forms.RoleMentor, "dee", "Dee Other"},
	} {
		storetest.MustApply(t, w.st, w.cy, p.role, p.id, p.name, p.id+"@example.org")
	}

	at := w.cy.Window(program.ProgramStart).Opens
	match := func(mentee, mentor string, ours bool) *store.Match {
		m := &store.Match{Cycle: w.cy.ID, Mentee: mentee, Mentor: mentor, Proposal: "p1", CreatedAt: at, Expires: w.cy.Expiry()}
		_, err := w.st.AddMatch(ctx, m)
		must(err)
		for _, role := range forms.Roles {
			_, hash := store.NewSecret()
			person := store.Person{Cycle: w.cy.ID, Role: role, ID: map[forms.Role]string{forms.RoleMentee: mentee, forms.RoleMentor: mentor}[role]}
			must(w.st.AddLink(ctx, person, hash, false, at, w.cy.Expiry()))
			must(w.st.MarkEmailed(ctx, m, role))
			w.links[hash] = ours && (person.ID == "ana" || person.ID == "ana-m")
		}
		return m // the match stays, ended: it holds only random ids
	}
	w.live, w.ended, w.other = match("ana", "ben", true), match("ana", "eve", true), match("cai", "dee", false)
	must(w.st.EndMatch(ctx, w.ended, store.EndRematch, forms.RoleMentee, at.Add(24*time.Hour)))

	entry := func(m *store.Match, kind store.Kind, role forms.Role, version int, answers any, ours bool) {
		e := &store.Entry{Cycle: w.cy.ID, Match: m.Key(), Kind: kind, Role: role, Version: version, SentAt: at.Add(48 * time.Hour),
			Hash: string(kind), Answers: answers, Expires: w.cy.Expiry()}
		_, err := w.st.AddEntry(ctx, e)
		must(err)
		if ours {
			gone(pk, e.Key())
		}
	}
	entry(w.live, store.KindGoals, forms.RoleMentee, 1, &forms.Goals{}, true)
	entry(w.live, store.KindGoals, forms.RoleMentor, 2, &forms.Goals{}, true)
	entry(w.live, store.KindTracker, forms.RoleMentor, 0, &forms.Tracker{}, true)
	entry(w.live, store.KindSurvey, forms.RoleMentee, 0, &forms.Survey{}, true)
	entry(w.live, store.KindSurvey, forms.RoleMentor, 0, &forms.Survey{}, true)
	entry(w.live, store.KindCheckIn, forms.RoleMentee, 202612, &forms.CheckIn{}, true)
	entry(w.live, store.KindTipsOff, forms.RoleMentee, 0, &forms.TipsOff{}, true)
	entry(w.ended, store.KindWithdrawal, forms.RoleMentor, 0, &forms.Withdrawal{}, true)
	entry(w.other, store.KindGoals, forms.RoleMentee, 1, &forms.Goals{}, false)
	entry(w.other, store.KindSurvey, forms.RoleMentor, 0, &forms.Survey{}, false)
	entry(w.other, store.KindWithdrawal, forms.RoleMentee, 0, &forms.Withdrawal{}, false)
	entry(w.other, store.KindCheckIn, forms.RoleMentor, 202612, &forms.CheckIn{}, false)
	entry(w.other, store.KindTipsOff, forms.RoleMentor, 0, &forms.TipsOff{}, false)
	entry(w.other, store.KindTracker, forms.RoleMentor, 0, &forms.Tracker{}, false)

	for _, r := range []struct {
		m    *store.Match
		ours bool
	}{{w.ended, true}, {w.other, false}} {
		req := &store.RematchRequest{Cycle: w.cy.ID, Match: r.m.Key(), Role: forms.RoleMentee, Reason: "no reply", Status: store.RematchSubmitted,
			CreatedAt: at, Expires: w.cy.Expiry()}
		_, err := w.st.AddRematchRequest(ctx, req)
		must(err)
		if r.ours {
			gone(pk, req.Key())
		}
	}

	for _, s := range []struct {
		message, person string
		m               *store.Match
		ours            bool
	}{
		{"tips-2026-12", "ana", w.live, true},   // to Ana
		{"goals-7d", "ben", w.live, true},       // to her partner, about their pair
		{"tips-2026-12", "cai", w.other, false}, // to someone else
		{"digest-2026-11-09", store.EmailKey("staff@example.org"), nil, false},
		{"digest-2026-11-09", store.EmailKey(ana), nil, true}, // to her address as staff
	} {
		m := &store.Sent{Cycle: w.cy.ID, Message: s.message, Person: s.person, ClaimedAt: at, Expires: w.cy.Expiry()}
		if s.m != nil {
			m.Match = s.m.Key()
		}
		_, err := w.st.ClaimSend(ctx, m)
		must(err)
		if s.ours {
			gone(pk, m.Key())
		}
	}

	for _, addr := range []string{"ana.target@example.org", "cai@example.org"} {
		must(w.st.RecordMailProblem(ctx, &store.MailProblem{Cycle: w.cy.ID, Email: addr, Kind: "bounce", Detail: "Permanent: General",
			Subject: "Meet your mentor", At: at, Expires: w.cy.Expiry()}))
	}
	gone(pk, "MAILPROBLEM#"+store.EmailKey(ana))

	for _, p := range []struct {
		id, body string
		ours     bool
	}{{"naming", `{"pairs":[{"mentor":"ben","mentee":"ana"}]}`, true}, {"not-naming", `{"pairs":[{"mentor":"dee","mentee":"cai"}]}`, false}} {
		must(w.st.PutProposal(ctx, &store.Proposal{ID: p.id, Cycle: w.cy.ID, Mode: "propose", Body: []byte(p.body), CreatedAt: at, Expires: w.cy.Expiry()}))
		if p.ours {
			gone(pk, "PROPOSAL#"+p.id)
		}
	}

	must(w.st.Lock(ctx, "report#"+w.cy.ID, "someone", at, w.cy.Expiry()))

	for _, p := range []store.Person{{Cycle: w.cy.ID, Role: forms.RoleMentee, ID: "ana"}, {Cycle: w.cy.ID, Role: forms.RoleMentee, ID: "cai"}} {
		_, hash := store.NewSecret()
		must(w.st.AddSession(ctx, p, hash, at, w.cy.Expiry()))
		w.links[hash] = p.ID == "ana"
	}
	for _, addr := range []string{ana, "cai@example.org"} {
		must(w.st.CountLinkRequest(ctx, addr, "2026-11-02", 3, at, w.cy.Expiry()))
	}
	gone("LINKASK#"+store.EmailKey(ana), "2026-11-02")

	for name, body := range map[string]string{
		w.cy.ID + "/review.csv":            "name,email\nAna Target,ana.target@example.org\nCai Other,cai@example.org\n",
		w.cy.ID + "/matches.html":          "<td>ana</td><td>ben</td>",
		w.cy.ID + "/season.html":           "<td>Cai Other</td>",
		w.cal.Cycles[1].ID + "/review.csv": "Ana Target",
	} {
		_, err := w.files.Put(ctx, name, "text/plain", []byte(body))
		must(err)
	}

	for _, to := range []string{ana, "cai@example.org"} {
		must(w.outbox.Send(ctx, notify.Message{To: to, Subject: "We received your application", Text: "Hello\n", HTML: "<p>Hello</p>"}))
		files, _ := filepath.Glob(filepath.Join(w.outbox.Dir, "*.eml"))
		w.outboxed = append(w.outboxed, files[len(files)-1])
		time.Sleep(time.Millisecond) // the outbox names files by time
	}
	return w
}

// sender sends what the table owes through mail, as of now.
func (w *world) sender(mail notify.Sender, now func() time.Time) *outbox.Sender {
	maker := &links.Maker{Store: w.st, SiteURL: "https://mentoring.example.org", Now: now}
	return &outbox.Sender{Store: w.st, Mail: mail, Links: maker.ForRecipients(w.cal), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now}
}

// down is a mail service that is down.
type down struct{}

func (down) Send(context.Context, notify.Message) error {
	return errors.New("mail service unavailable")
}

// keys lists every item in the table as "pk sk".
func (w *world) keys(t *testing.T) []string {
	t.Helper()
	var out []string
	p := dynamodb.NewScanPaginator(w.db, &dynamodb.ScanInput{TableName: aws.String(w.table)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			out = append(out, it["pk"].(*types.AttributeValueMemberS).Value+" "+it["sk"].(*types.AttributeValueMemberS).Value)
		}
	}
	sort.Strings(out)
	return out
}

// docKinds reads the item kinds the store's package documentation lists, by the start of their
// keys: "APP#", "TOKEN#", …
func docKinds(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "functions", "internal", "store", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^//\t(?:pk|sk) +"([A-Z]+#)`).FindAllStringSubmatch(string(b), -1) {
		if m[1] != "CYCLE#" && !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	if len(out) < 9 {
		t.Fatalf("the store's documentation lists %d item kinds: %v", len(out), out)
	}
	return out
}

// kindOf is the kind of an item, by the start of its sort key or, for items of their own
// partition, of its partition key.
func kindOf(key string) string {
	pk, sk, _ := strings.Cut(key, " ")
	k := sk
	if !strings.HasPrefix(pk, "CYCLE#") {
		k = pk
	}
	prefix, _, _ := strings.Cut(k, "#")
	return prefix + "#"
}

// Forgetting a person deletes every item that is theirs, of every kind the store's
// documentation lists, and keeps every other item of each kind; the dry run deletes nothing.
func TestForgetDeletesEveryKindOfItemThatIsTheirs(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	before := w.keys(t)
	e := &erasure.Eraser{Store: w.st, Calendar: w.cal, Mail: w.outbox, Files: w.files, SiteURL: "https://mentoring.example.org",
		Now: func() time.Time { return w.cy.Window(program.Work).Opens }}
	plan, err := e.Find(ctx, w.cy, ana)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"the mentor application of Ana Target (" + ana + "), sent on September 1, 2026, and with it every personal link of theirs",
		"the mentee application of Ana Target (" + ana + "), sent on September 1, 2026, and with it every personal link of theirs",
		"their match made on November 2, 2026 (it stays, ended, with only random ids, so that a partner is paired again first)",
		"their ended match made on November 2, 2026 (it stays, ended, with only random ids, so that a partner is paired again first)",
		"2 versions of the goals sent by their pair",
		"1 mid-point tracker sent by their pair",
		"1 monthly check-in sent by their pair",
		"2 wrap-up surveys sent by their pair",
		"1 withdrawal sent by their pair",
		"1 request for no more tips sent by their pair",
		"1 rematch request of their pair",
		"3 notes of a reminder, tip or digest sent to them or their pair",
		"the note that an email to them did not arrive (bounce, November 2, 2026)",
		"the matcher's proposal of November 2, 2026, which names them",
		"the staff file 2026-27/matches.html",
		"the staff file 2026-27/review.csv",
		"1 email to them in the local outbox",
	}
	if got := plan.Items(); !slices.Equal(got, want) {
		t.Errorf("the dry run lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := plan.Told(); !slices.Equal(got, []string{"their mentor, Ben Partner (ben@example.org)"}) {
		t.Errorf("the partners to tell: %q, want Ben alone (Eve's match had ended)", got)
	}
	if after := w.keys(t); !slices.Equal(after, before) {
		t.Fatalf("the dry run changed the table: %d items before, %d after", len(before), len(after))
	}

	if err := e.Erase(ctx, plan); err != nil {
		t.Fatal(err)
	}
	// The notice is owed by her live match, in the write that ended it, and sent by the sender,
	// once, though the mail service fails at first.
	if m, err := w.st.Match(ctx, w.cy.ID, w.live.Key()); err != nil || len(m.Owes) != 1 || m.Owes[0].ID != "erasure-notice-ana-ben" ||
		m.Owes[0].To != (store.Recipient{Cycle: w.cy.ID, Role: forms.RoleMentor, ID: "ben"}) || m.Owes[0].Values["PartnerName"] != "Ana Target" {
		t.Fatalf("her live match after the erasure owes %+v (%v); want the notice to Ben alone", m.Owes, err)
	}
	if n, err := w.sender(down{}, e.Now).Sweep(ctx, e.Now().Add(time.Second)); n != 0 || err == nil {
		t.Fatalf("the sender during an outage sent %d (%v)", n, err)
	}
	for want := range []int{1, 0} {
		if n, err := w.sender(w.outbox, e.Now).Sweep(ctx, e.Now().Add(time.Second)); n != 1-want || err != nil {
			t.Fatalf("the sender sent %d (%v), want %d", n, err, 1-want)
		}
	}
	// Her live match ended and stays, with only ids: Ben, left behind, needs a new partner.
	life, err := lifecycle.Load(ctx, w.st, w.cy, e.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m, err := w.st.Match(ctx, w.cy.ID, w.live.Key()); err != nil || !m.Ended || m.EndReason != store.EndStaff {
		t.Errorf("her live match after the erasure: %+v, %v; want it kept, ended by staff", m, err)
	}
	if len(life.Active("ben")) != 0 || !slices.Equal(life.Former("ben"), []string{"ana"}) {
		t.Errorf("Ben, whose mentee was forgotten: active %v, former %v; want no match and Ana as his former partner, "+
			"so that he needs a new partner and is never given her id again", life.Active("ben"), life.Former("ben"))
	}
	// Her links and sessions stay until they expire, holding only ids, and no longer work.
	for hash, hers := range w.links {
		_, lerr := w.st.LinkOf(ctx, hash, e.Now())
		_, serr := w.st.SessionOf(ctx, hash, e.Now())
		if works := lerr == nil || serr == nil; works == hers {
			t.Errorf("a link or session (hers: %t) works after the erasure: %t (%v, %v)", hers, works, lerr, serr)
		}
	}
	// New items: the personal link in Ben's notice, and the sender's note that it went
	marker := "CYCLE#" + w.cy.ID + " SENT#mail-erasure-notice-ana-ben#ben"
	after := slices.DeleteFunc(w.keys(t), func(k string) bool {
		return !slices.Contains(before, k) && (strings.HasPrefix(k, "TOKEN#") || k == marker)
	})
	// (the sender mints a link at each try: the one of the try the outage stopped never left)
	if n := len(w.keys(t)) - len(after); n != 3 {
		t.Errorf("%d new items after the erasure, want 3: the link of each try of Ben's notice and the note that it went", n)
	}
	var wantLeft []string
	for _, k := range before {
		if !slices.Contains(w.deleted, k) {
			wantLeft = append(wantLeft, k)
		}
	}
	if !slices.Equal(after, wantLeft) {
		t.Errorf("left in the table:\n%s\nwant:\n%s", strings.Join(after, "\n"), strings.Join(wantLeft, "\n"))
	}
	for _, kind := range docKinds(t) {
		var had, gone int
		for _, k := range before {
			if kindOf(k) == kind {
				had++
				if !slices.Contains(after, k) {
					gone++
				}
			}
		}
		switch {
		case had == 0:
			t.Errorf("%s items: none in the test's table; every kind must be checked", kind)
		case gone == had:
			t.Errorf("%s items: all %d deleted; another person's must stay", kind, had)
		case gone == 0 && kind != "LOCK#" && kind != "MATCH#" && kind != "TOKEN#" && kind != "SESSION#":
			t.Errorf("%s items: none of %d deleted; hers must go", kind, had)
		}
	}
	for _, kind := range []store.Kind{store.KindGoals, store.KindTracker, store.KindSurvey, store.KindWithdrawal, store.KindCheckIn, store.KindTipsOff} {
		if !slices.ContainsFunc(w.deleted, func(k string) bool { return strings.Contains(k, "#"+string(kind)) }) {
			t.Errorf("no %s entry of hers was checked", kind)
		}
	}

	files, err := w.files.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2026-27/season.html", "2027-28/review.csv"}; !slices.Equal(files, want) {
		t.Errorf("staff files left: %v, want %v (another year's files are that year's to forget)", files, want)
	}
	msgs, err := notify.ReadOutbox(w.outbox.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(w.outboxed[0]); !os.IsNotExist(err) {
		t.Errorf("the email to her is still in the outbox (%v)", err)
	}
	if len(msgs) != 2 || msgs[0].To != "cai@example.org" || msgs[1].To != "ben@example.org" {
		t.Fatalf("the outbox holds %d emails: %+v; want Cai's and Ben's notice", len(msgs), msgs)
	}
	notice := msgs[1]
	body, _, _ := strings.Cut(strings.ToLower(notice.Text), "----") // the closing lines are every email's
	if notice.Subject != "A change to your match in the ALSC Mentoring Program" ||
		!strings.Contains(strings.Join(strings.Fields(body), " "), "your mentee, ana target, can no longer take part") ||
		strings.Contains(body, "delet") || strings.Contains(body, "forg") || strings.Contains(body, "eras") {
		t.Errorf("the partner's notice is not the withdrawal's:\n%s\n%s", notice.Subject, notice.Text)
	}
	// Its link is Ben's own: it opens his page.
	token := regexp.MustCompile(`https://mentoring\.example\.org/api/pair\?token=([0-9a-f]{64})`).FindStringSubmatch(notice.Text)
	if token == nil {
		t.Fatalf("the partner's notice carries no personal link:\n%s", notice.Text)
	}
	if l, err := w.st.LinkOf(ctx, store.SecretHash(token[1]), e.Now()); err != nil || l.ID != "ben" || l.Role != forms.RoleMentor {
		t.Errorf("the notice's link is %+v (%v), want Ben's", l, err)
	}

	again, err := e.Find(ctx, w.cy, "ana.target@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("after forgetting, still held: %q", again.Items())
	}
}

// Through the matcher: the dry run answers with the list and deletes nothing, the confirmed one
// deletes and says what remains; an address that is not one is refused.
func TestForgetModeOfTheMatcher(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	now := w.cy.Window(program.Tracker).Opens
	r := &season.Runner{Store: w.st, Calendar: w.cal, Weights: scoring.DefaultWeights(), Mail: w.outbox, Files: w.files, SiteURL: "https://mentoring.example.org",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }}
	before := w.keys(t)

	dry, err := r.Run(ctx, season.Event{Cycle: w.cy.ID, Mode: season.Forget, Address: " " + ana})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Nothing is deleted yet. Forgetting " + ana + " in 2026-27 deletes the 17 things listed. It also tells their mentor, " +
		"Ben Partner (ben@example.org) only what a withdrawal tells: that they can no longer take part."; dry.Message != want || len(dry.Items) != 17 {
		t.Errorf("dry run: %q with %d items, want %q", dry.Message, len(dry.Items), want)
	}
	if after := w.keys(t); !slices.Equal(after, before) {
		t.Fatal("the dry run changed the table")
	}

	done, err := r.Run(ctx, season.Event{Cycle: w.cy.ID, Mode: season.Forget, Address: ana, Confirm: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := ana + " is forgotten in 2026-27: the 17 things listed are deleted."; done.Message != want {
		t.Errorf("confirmed: %q, want %q", done.Message, want)
	}
	if len(done.Notes) != 5 || done.Notes[0] != "Once deleted, it can still be brought back from the table's point-in-time recovery for 35 days, until April 5, 2027; then it is gone." {
		t.Errorf("what remains: %q", done.Notes)
	}
	if after := w.keys(t); len(after) != len(before)-len(w.deleted) {
		t.Errorf("%d items left, want %d", len(after), len(before)-len(w.deleted))
	}
	if n, err := w.sender(w.outbox, r.Now).Sweep(ctx, now.Add(time.Second)); n != 1 || err != nil {
		t.Errorf("the sender sent %d (%v), want Ben's notice", n, err)
	}
	if after := w.keys(t); len(after) != len(before)-len(w.deleted)+2 { // and the link in Ben's notice, and the note that it went
		t.Errorf("%d items left once the notice went, want %d", len(after), len(before)-len(w.deleted)+2)
	}

	none, err := r.Run(ctx, season.Event{Cycle: w.cy.ID, Mode: season.Forget, Address: ana})
	if err != nil || none.Message != "Nothing is held about "+ana+" in 2026-27: there is nothing to delete." || len(none.Items) != 0 {
		t.Errorf("again: %+v, %v", none, err)
	}
	if _, err := r.Run(ctx, season.Event{Cycle: w.cy.ID, Mode: season.Forget, Address: "Ana Target"}); err == nil ||
		err.Error() != `matcher: say whose answers to delete: an email address, not "Ana Target"` {
		t.Errorf("a name for an address: %v", err)
	}
}

// What a match of hers still owes when she is forgotten (an introduction the sender has not sent
// yet, which names her or goes to her) is never sent; her partner is told only if he was
// introduced, and then exactly once; another pair's emails go as ever.
func TestForgetUnsendsWhatHerMatchOwes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sentBen  bool // Ben's introduction went before the erasure
		told     []string
		sentTo   []string // who gets what the sender sends after the erasure, sorted
		planItem string
	}{
		{"nobody introduced yet", false, nil, []string{"cai@example.org", "dee@example.org"},
			"2 emails of their pair not yet sent, which will not be"},
		{"her partner introduced", true, []string{"their mentor, Ben Partner (ben@example.org)"},
			[]string{"ben@example.org", "cai@example.org", "dee@example.org"}, "1 email of their pair not yet sent, which will not be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			endpoint, table := dynalite.TestTable(t)
			db := store.Local(endpoint)
			if err := store.EnsureTable(ctx, db, table); err != nil {
				t.Fatal(err)
			}
			w := &world{db: db, table: table, st: store.New(db, table), cal: program.DefaultCalendar()}
			w.cy = &w.cal.Cycles[0]
			w.outbox = notify.Outbox{Dir: t.TempDir(), From: "mentoring@example.org"}
			now := func() time.Time { return w.cy.Window(program.Work).Opens }
			for _, p := range []struct {
				role            forms.Role
				id, name, email string
			}{{forms.RoleMentee, "ana", "Ana Target", ana}, {forms.RoleMentor, "ben", "Ben Partner", "ben@example.org"},
				{forms.RoleMentee, "cai", "Cai Other", "cai@example.org"}, {forms.RoleMentor, "dee", "Dee Other", "dee@example.org"}} {
				storetest.MustApply(t, w.st, w.cy, p.role, p.id, p.name, p.email)
			}
			intro := func(mentee, mentor string, role forms.Role) store.Email {
				id := map[forms.Role]string{forms.RoleMentee: mentee, forms.RoleMentor: mentor}[role]
				return store.Email{ID: "introduction-" + mentee + "-" + mentor + "-" + string(role), Text: "match-ended",
					To: store.Recipient{Cycle: w.cy.ID, Role: role, ID: id}, Values: map[string]string{"Name": id, "Cycle": "2026-27",
						"PartnerName": "someone", "PartnerRole": "partner"}}
			}
			for _, pair := range [][2]string{{"ana", "ben"}, {"cai", "dee"}} {
				m := &store.Match{Cycle: w.cy.ID, Mentee: pair[0], Mentor: pair[1], Proposal: "p1", CreatedAt: now().Add(-time.Hour),
					Expires: w.cy.Expiry(), MentorEmailed: true, MenteeEmailed: true,
					Owes: []store.Email{intro(pair[0], pair[1], forms.RoleMentor), intro(pair[0], pair[1], forms.RoleMentee)}}
				if _, err := w.st.AddMatch(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			if tc.sentBen { // as the sender would have: sent, then settled
				o, err := w.st.MatchOwing(ctx, &store.Match{Cycle: w.cy.ID, Mentee: "ana", Mentor: "ben"})
				if err != nil {
					t.Fatal(err)
				}
				if err := w.st.Settle(ctx, o, "introduction-ana-ben-mentor"); err != nil {
					t.Fatal(err)
				}
			}
			e := &erasure.Eraser{Store: w.st, Calendar: w.cal, Mail: w.outbox, SiteURL: "https://mentoring.example.org", Now: now}
			plan, err := e.Find(ctx, w.cy, ana)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(plan.Items(), tc.planItem) || !slices.Equal(plan.Told(), tc.told) {
				t.Errorf("the plan lists %q and tells %q; want %q among them, and %q told", plan.Items(), plan.Told(), tc.planItem, tc.told)
			}
			if err := e.Erase(ctx, plan); err != nil {
				t.Fatal(err)
			}
			again, err := e.Find(ctx, w.cy, ana)
			if err != nil || !again.Empty() {
				t.Fatalf("after forgetting, still held: %q (%v)", again.Items(), err)
			}
			if err := e.Erase(ctx, again); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if _, err := w.sender(w.outbox, now).Sweep(ctx, now().Add(time.Second)); err != nil {
					t.Fatal(err)
				}
			}
			var to []string
			for _, m := range readOutbox(t, w.outbox.Dir) {
				to = append(to, m.To)
			}
			slices.Sort(to)
			if !slices.Equal(to, tc.sentTo) {
				t.Errorf("sent after the erasure to %q, want %q", to, tc.sentTo)
			}
			if m, err := w.st.Match(ctx, w.cy.ID, store.MatchKey("ana", "ben")); err != nil || len(m.Owes) != 0 || !m.Ended {
				t.Errorf("her match after the erasure and the sends: %+v (%v); want it ended, owing nothing", m, err)
			}
		})
	}
}

// readOutbox reads the emails in an outbox folder, oldest first.
func readOutbox(t *testing.T, dir string) []notify.Message {
	t.Helper()
	msgs, err := notify.ReadOutbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}
