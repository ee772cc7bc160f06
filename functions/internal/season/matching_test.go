package season_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/links"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

type fixture struct {
	db     *dynamodb.Client
	table  string
	runner *season.Runner
	store  *store.Store
	outbox string
	logs   *bytes.Buffer
	// sender sends what the runs owe to the outbox folder (as the table's stream does in AWS),
	// when send is called; its Mail may be swapped for an outage.
	sender *outbox.Sender
}

func mustRunner(tb testing.TB) *fixture {
	tb.Helper()
	endpoint, table := dynalite.TestTable(tb)
	db := store.Local(endpoint)
	if err := store.EnsureTable(context.Background(), db, table); err != nil {
		tb.Fatal(err)
	}
	f := &fixture{db: db, table: table, store: store.New(db, table), outbox: tb.TempDir(), logs: &bytes.Buffer{}}
	f.runner = &season.Runner{
		Store: f.store, Calendar: program.DefaultCalendar(), Weights: scoring.DefaultWeights(),
		Mail: notify.Outbox{Dir: f.outbox, From: "mentoring@example.org"}, SiteURL: "https://mentoring.example.org",
		Log: slog.New(slog.NewJSONHandler(f.logs, nil)),
		Now: func() time.Time { return time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC) },
	}
	now := func() time.Time { return f.runner.Now() }
	maker := &links.Maker{Store: f.store, SiteURL: f.runner.SiteURL, Now: now}
	f.sender = &outbox.Sender{Store: f.store, Mail: f.runner.Mail, Links: maker.ForRecipients(f.runner.Calendar), Log: f.runner.Log, Now: now}
	return f
}

// send lets the sender send everything owed now, failing the test if any cannot be sent, and
// returns how many it sent.
func (f *fixture) send(tb testing.TB) int {
	tb.Helper()
	n, err := f.sender.Sweep(context.Background(), f.runner.Now().Add(time.Second))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// owed lists the emails the cycle's matches and applications owe now, as "id to recipient id".
func (f *fixture) owed(tb testing.TB) []string {
	tb.Helper()
	ctx := context.Background()
	var out []string
	ms, err := f.store.Matches(ctx, "2026-27")
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range ms {
		for _, e := range m.Owes {
			out = append(out, e.ID+" to "+e.To.ID)
		}
	}
	for _, role := range forms.Roles {
		apps, err := f.store.Applications(ctx, "2026-27", role)
		if err != nil {
			tb.Fatal(err)
		}
		for _, a := range apps {
			for _, e := range a.Owes {
				out = append(out, e.ID+" to "+e.To.ID)
			}
		}
	}
	slices.Sort(out)
	return out
}

type applicant struct {
	id, email, name, state string
	gender                 forms.Gender
	geo                    forms.Preference
	mentor                 bool
	status                 store.Status
}

func (f *fixture) add(tb testing.TB, a applicant) {
	tb.Helper()
	years := 12
	person := forms.Person{Name: a.name, Email: a.email, Organisation: "Oak Park Public Library", Position: "Children's Librarian",
		City: "Springfield", Region: a.state, Country: "United States", TimeZone: forms.TimeZoneCentral}
	prefs := forms.Preferences{GeoPreference: a.geo, Gender: a.gender, GenderPreference: forms.PreferenceNone, RacePreference: forms.PreferenceNone, Consent: true}
	contact := forms.Contact{Communication: []forms.Mode{forms.ModeEmail, forms.ModeVideo}, InPerson: forms.InPersonYes}
	var form forms.Form = &forms.Mentee{Person: person, Connection: "Story times", Situation: forms.SituationEarlyCareer,
		Hopes: "Confidence", Interests: []forms.Competency{forms.CompetencyProgramming}, Contact: contact, Preferences: prefs}
	role := forms.RoleMentee
	if a.mentor {
		role = forms.RoleMentor
		form = &forms.Mentor{Person: person, ALSCMember: forms.Yes, Years: &years, Expertise: []forms.Competency{forms.CompetencyProgramming},
			Capacity: 1, Contact: contact, Preferences: prefs}
	}
	if a.status == "" {
		a.status = store.StatusAccepted
	}
	if _, err := f.store.AddApplication(context.Background(), &store.Application{ID: a.id, Cycle: "2026-27", Role: role,
		Email: a.email, Status: a.status, SubmittedAt: time.Date(2026, 9, 3, 0, 0, 0, 0, time.UTC),
		Hash: forms.Hash(role, form), Form: form, Expires: time.Date(2028, 8, 31, 0, 0, 0, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
}

// propose stores the applicants and runs propose (with the pins given).
func (f *fixture) propose(tb testing.TB, people []applicant, pins ...[2]string) *season.Result {
	tb.Helper()
	for _, a := range people {
		f.add(tb, a)
	}
	res, err := f.runner.Run(context.Background(), season.Event{Cycle: "2026-27", Mode: season.Propose, Pin: pins})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// commit commits the proposal, then lets the sender send what it owes, and fails the test on
// any error.
func (f *fixture) commit(tb testing.TB, proposal string) *season.Result {
	tb.Helper()
	res, err := f.runner.Run(context.Background(), season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: proposal})
	if err != nil {
		tb.Fatal(err)
	}
	f.send(tb)
	return res
}

var cohort = []applicant{
	{id: "m-il", email: "mira@example.org", name: "Mira Ilić", state: "IL", gender: forms.GenderWoman, geo: forms.PreferenceNone, mentor: true},
	{id: "m-ca", email: "carl@example.org", name: "Carl Ames", state: "CA", gender: forms.GenderMan, geo: forms.PreferenceNone, mentor: true},
	{id: "m-no", email: "nora@example.org", name: "Nora Declined", state: "IL", gender: forms.GenderWoman, geo: forms.PreferenceNone, mentor: true, status: store.StatusDeclined},
	{id: "e-il", email: "ivy@example.org", name: "Ivy Chen", state: "IL", gender: forms.GenderNonbinary, geo: forms.PreferenceRequired},
	{id: "e-ny", email: "ned@example.org", name: "Ned Park", state: "NY", gender: forms.GenderMan, geo: forms.PreferenceNone},
	{id: "e-tx", email: "tess@example.org", name: "Tess Ruiz", state: "TX", gender: forms.GenderWoman, geo: forms.PreferenceRequired},
}

// emails reads the outbox as a person's mail program would: each message's decoded subject and
// plain-text part.
func emails(tb testing.TB, dir string) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	var out []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			tb.Fatalf("%s: subject: %v", f, err)
		}
		_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		part, err := multipart.NewReader(msg.Body, params["boundary"]).NextPart() // text/plain comes first
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		text, err := io.ReadAll(part) // the reader undoes quoted-printable
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = append(out, "Subject: "+subject+"\n\n"+string(text))
	}
	return out
}

func TestProposeThenCommit(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	res := f.propose(t, cohort)
	got := map[string]string{}
	for _, p := range res.Review.Pairs {
		got[p.Mentee] = p.Mentor
	}
	// Ivy requires a mentor in her state: only Mira; Tess requires Texas: nobody; Ned takes Carl.
	// The declined mentor is never proposed.
	if got["e-il"] != "m-il" || got["e-ny"] != "m-ca" || got["e-tx"] != "" || res.Summary.Pairs != 2 {
		t.Fatalf("pairs %v", got)
	}
	reason := ""
	for _, u := range res.Review.Unmatched {
		if u.ID == "e-tx" {
			reason = u.Reason
		}
	}
	if !strings.Contains(reason, "mentee requires same-state") {
		t.Errorf("Tess's reason %q does not name the required preference", reason)
	}
	again, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
	if err != nil || again.Proposal != res.Proposal {
		t.Fatalf("proposing again on the same applications gave %v, %v; want the same proposal %s", again.Proposal, err, res.Proposal)
	}

	committed, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal})
	if err != nil {
		t.Fatal(err)
	}
	// Four introductions, and the outcome emails: Nora declined, Tess unpaired; owed, and sent
	// by the sender, not by the commit.
	if committed.New != 2 || committed.Emails != 6 ||
		committed.Message != "Committed proposal "+res.Proposal+": 2 matches stored (2 new); 6 emails on their way." {
		t.Fatalf("commit: %+v, want 2 new matches and 6 emails on their way", committed)
	}
	if n := len(emails(t, f.outbox)); n != 0 {
		t.Fatalf("the commit itself sent %d emails, want none (the sender sends them)", n)
	}
	if n := f.send(t); n != 6 {
		t.Fatalf("the sender sent %d emails, want 6", n)
	}
	mail := emails(t, f.outbox)
	if len(mail) != 6 {
		t.Fatalf("%d emails in the outbox, want 6", len(mail))
	}
	for _, m := range mail {
		if strings.Contains(m, "Subject: Meet your") && (!strings.Contains(m, "https://mentoring.example.org"+forms.PairPath+"?token=") || !strings.Contains(m, "December 1, 2026")) {
			t.Errorf("match email lacks the personal link or the goals date:\n%s", m)
		}
		for _, secret := range []string{"same-state", "required", "nonbinary", "preferred", "score", "weight"} {
			if strings.Contains(strings.ToLower(m), secret) {
				t.Errorf("match email reveals matching criteria (%q):\n%s", secret, m)
			}
		}
	}

	// Each introduction offers the partner's address as a link to write to it.
	address := map[string]string{}
	for _, a := range cohort {
		address[a.id] = a.email
	}
	partnerOf := map[string]string{}
	for mentee, mentor := range got {
		if mentor != "" {
			partnerOf[address[mentee]], partnerOf[address[mentor]] = address[mentor], address[mentee]
		}
	}
	introductions := 0
	for _, m := range notifytest.Outbox(t, f.outbox) {
		if strings.HasPrefix(m.Subject, "Meet your") {
			introductions++
			notifytest.WritesTo(t, m, partnerOf[m.To])
		}
	}
	if introductions != 4 {
		t.Errorf("%d introductions, want 4", introductions)
	}

	rerun, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal})
	if err != nil || rerun.New != 0 || rerun.Emails != 0 || rerun.Matches != 2 {
		t.Fatalf("second commit: %+v, %v; want nothing new and no email", rerun, err)
	}
	if owed := f.owed(t); len(owed) != 0 {
		t.Errorf("the second commit owes %q, want nothing", owed)
	}
	if n := f.send(t); n != 0 || len(emails(t, f.outbox)) != 6 {
		t.Errorf("%d emails after the second commit, want still 6", n)
	}
	for _, secret := range []string{"ivy@example.org", "Ivy Chen", "nonbinary"} {
		if strings.Contains(f.logs.String(), secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}

func TestCommitRefusesChangedApplications(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	res := f.propose(t, cohort)
	if err := f.store.SetStatus(ctx, "2026-27", forms.RoleMentor, "carl@example.org", store.StatusWithdrawn); err != nil {
		t.Fatal(err)
	}
	_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "Carl Ames's application changed") || strings.Contains(err.Error(), "m-ca") {
		t.Fatalf("err = %v, want a refusal naming Carl Ames, not his id", err)
	}
	if ms, _ := f.store.Matches(ctx, "2026-27"); len(ms) != 0 || len(emails(t, f.outbox)) != 0 {
		t.Errorf("a refused commit stored %d matches or sent email", len(ms))
	}
}

func TestBadEvents(t *testing.T) {
	f := mustRunner(t)
	for _, tc := range []struct {
		name string
		ev   season.Event
		want string
	}{
		{"unknown cycle", season.Event{Cycle: "1999-00", Mode: season.Propose}, "no cycle"},
		{"unknown mode", season.Event{Cycle: "2026-27", Mode: "shuffle"}, "mode must be"},
		{"unknown objective", season.Event{Cycle: "2026-27", Mode: season.Propose, Objective: "speed"}, "objective"},
		{"commit without proposal", season.Event{Cycle: "2026-27", Mode: season.Commit}, "needs the id"},
		{"commit of unknown proposal", season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: "nope"}, "run propose first"},
		{"pin of unknown people", season.Event{Cycle: "2026-27", Mode: season.Propose, Pin: [][2]string{{"x", "y"}}}, "no application [x y]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.runner.Run(context.Background(), tc.ev)
			if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestConcurrentRunsAreRefused(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	now := f.runner.Now()
	if err := f.store.Lock(ctx, "matcher#2026-27", "someone-else", now, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "in progress") {
		t.Fatalf("err = %v, want a refusal while another run holds the lock", err)
	}
	// An expired lock is taken over, and parallel runs: exactly one wins at a time, none fails otherwise.
	f.runner.Now = func() time.Time { return now.Add(2 * time.Minute) }
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !strings.Contains(err.Error(), "in progress"):
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok == 0 {
		t.Error("no run succeeded after the lock expired")
	}
}

// failingMail delivers the first n messages, then fails: an outage of the mail service.
type failingMail struct {
	next notify.Sender
	n    int
}

func (f *failingMail) Send(ctx context.Context, m notify.Message) error {
	if f.n == 0 {
		return errors.New("mail service unavailable")
	}
	f.n--
	return f.next.Send(ctx, m)
}

// A commit during a mail outage answers as any commit does, its emails owed: one introduction
// to each side of each match, one outcome to each of Nora (declined) and Tess (unpaired). The
// sender can send none while the outage lasts and loses none; after it, it sends each person
// exactly one, each introduction with a working link of the recipient's own that opens their
// pair's page. Committing again owes nothing twice.
func TestCommitDuringAMailOutage(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	res := f.propose(t, cohort)
	working := f.sender.Mail
	f.sender.Mail = &failingMail{next: working}
	commit := season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal}
	done, err := f.runner.Run(ctx, commit)
	if err != nil {
		t.Fatalf("commit during a mail outage: %v", err)
	}
	if done.New != 2 || done.Emails != 6 || !strings.HasSuffix(done.Message, "6 emails on their way.") {
		t.Errorf("commit during the outage: %+v, want 2 new matches and 6 emails on their way", done)
	}
	want := []string{
		"introduction-e-il-m-il-mentee to e-il", "introduction-e-il-m-il-mentor to m-il",
		"introduction-e-ny-m-ca-mentee to e-ny", "introduction-e-ny-m-ca-mentor to m-ca",
		"outcome-e-tx to e-tx", "outcome-m-no to m-no",
	}
	if got := f.owed(t); !slices.Equal(got, want) {
		t.Fatalf("owed after the commit:\n%q\nwant\n%q", got, want)
	}
	for range 2 {
		if n, err := f.sender.Sweep(ctx, f.runner.Now().Add(time.Hour)); n != 0 || err == nil {
			t.Fatalf("the sender during the outage sent %d (%v), want none and a failure", n, err)
		}
	}
	if got := f.owed(t); !slices.Equal(got, want) || len(emails(t, f.outbox)) != 0 {
		t.Fatalf("after failed sends: owed %q, %d emails; want all still owed, none sent", got, len(emails(t, f.outbox)))
	}
	if again, err := f.runner.Run(ctx, commit); err != nil || again.New != 0 || again.Emails != 0 {
		t.Fatalf("commit run again during the outage: %+v, %v; want nothing new", again, err)
	}
	if got := f.owed(t); !slices.Equal(got, want) {
		t.Fatalf("the second commit changed what is owed:\n%q\nwant\n%q", got, want)
	}

	f.sender.Mail = &failingMail{next: working, n: 1} // the service comes back, fails once more
	if n, err := f.sender.Sweep(ctx, f.runner.Now().Add(time.Hour)); n != 1 || err == nil {
		t.Fatalf("the sender as the service comes back sent %d (%v), want 1 and a failure", n, err)
	}
	f.sender.Mail = working
	if n := f.send(t); n != 5 {
		t.Fatalf("after the outage the sender sent %d, want the 5 left", n)
	}
	if n := f.send(t); n != 0 || len(f.owed(t)) != 0 {
		t.Fatalf("a further send sent %d, owed %q; want nothing", n, f.owed(t))
	}
	to := map[string][]string{}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		to[m.To] = append(to[m.To], m.Subject)
	}
	wantTo := map[string][]string{
		"mira@example.org": {"Meet your mentee: the ALSC Mentoring Program 2026-27"},
		"carl@example.org": {"Meet your mentee: the ALSC Mentoring Program 2026-27"},
		"ivy@example.org":  {"Meet your mentor: the ALSC Mentoring Program 2026-27"},
		"ned@example.org":  {"Meet your mentor: the ALSC Mentoring Program 2026-27"},
		"nora@example.org": {"Your application to the ALSC Mentoring Program 2026-27"},
		"tess@example.org": {"Your application to the ALSC Mentoring Program 2026-27"},
	}
	if !reflect.DeepEqual(to, wantTo) {
		t.Fatalf("emails by recipient:\n%v\nwant\n%v", to, wantTo)
	}
	partner := map[string]string{"mira@example.org": "e-il", "ivy@example.org": "m-il", "carl@example.org": "e-ny", "ned@example.org": "m-ca"}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		if partner[m.To] == "" {
			continue
		}
		token := tokenInLink.FindStringSubmatch(m.Text)
		if token == nil {
			t.Fatalf("no personal link in the introduction to %s", m.To)
		}
		link, err := f.store.LinkOf(ctx, store.SecretHash(token[1]), f.runner.Now())
		if err != nil {
			t.Fatalf("the link in the introduction to %s: %v", m.To, err)
		}
		a, err := f.store.ApplicationByID(ctx, "2026-27", link.Role, link.ID)
		page := "&next=" + url.QueryEscape(forms.PairPath+"?with="+partner[m.To])
		if err != nil || a.Email != m.To || !strings.Contains(m.Text, token[1]+page) {
			t.Errorf("the link in the introduction to %s is %s's (%v), or does not open their pair's page (%s):\n%s", m.To, link.ID, err, page, m.Text)
		}
	}
}

func TestRematch(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	f.pairCohortAndWalt(t)
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch}); !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "nobody in 2026-27 needs a new partner") {
		t.Fatalf("rematch without requests: err = %v", err)
	}

	// Ivy asks to leave Mira within the rematch window; staff accept. Ivy requires a mentor in
	// Illinois: Walt is the only one left.
	f.runner.Now = func() time.Time { return time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC) }
	matches, _ := f.store.Matches(ctx, "2026-27")
	var ivys *store.Match
	for _, m := range matches {
		if m.Mentee == "e-il" {
			ivys = m
		}
	}
	req := &store.RematchRequest{Cycle: "2026-27", Match: ivys.Key(), Role: "mentee", Reason: "Our schedules never meet",
		Status: store.RematchSubmitted, CreatedAt: f.runner.Now(), Expires: time.Date(2028, 8, 31, 0, 0, 0, 0, time.UTC)}
	if _, err := f.store.AddRematchRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.AddRematchRequest(ctx, req); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second identical request: err = %v, want ErrExists", err)
	}
	if err := f.store.SetRematchStatus(ctx, req, store.RematchAccepted); err != nil {
		t.Fatal(err)
	}
	re, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range re.Review.Pairs {
		got[p.Mentee] = p.Mentor
	}
	// Ned stays with Carl (not re-proposed); Ivy goes to Walt, never back to Mira; Tess still has nobody in Texas.
	if len(got) != 1 || got["e-il"] != "m-wi" || len(re.Ends) != 1 || re.Ends[0] != ivys.Key() {
		t.Fatalf("rematch proposal %v, ends %v", got, re.Ends)
	}
	before := len(emails(t, f.outbox))
	commit := season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: re.Proposal}
	done, err := f.runner.Run(ctx, commit)
	if err != nil || done.New != 1 || done.Emails != 3 {
		t.Fatalf("rematch commit: %+v, %v", done, err)
	}
	want := []string{"introduction-e-il-m-wi-mentee to e-il", "introduction-e-il-m-wi-mentor to m-wi", "match-ended-e-il-m-il-mentor to m-il"}
	if got := f.owed(t); !slices.Equal(got, want) {
		t.Errorf("the rematch commit owes %q, want %q", got, want)
	}
	if again, err := f.runner.Run(ctx, commit); err != nil || again.New != 0 || again.Emails != 0 || !slices.Equal(f.owed(t), want) {
		t.Errorf("the rematch commit run again: %+v, %v, owing %q; want nothing more", again, err, f.owed(t))
	}
	if n := f.send(t); n != 3 {
		t.Errorf("the sender sent %d, want 3", n)
	}
	if again, err := f.runner.Run(ctx, commit); err != nil || again.Emails != 0 || len(f.owed(t)) != 0 || f.send(t) != 0 {
		t.Errorf("the rematch commit run once it was sent: %+v, %v; want nothing owed or sent again", again, err)
	}
	fresh := emails(t, f.outbox)
	if n := len(fresh) - before; n != 3 {
		t.Errorf("%d new emails, want 3 (Ivy and Walt introduced, Mira told her match ended)", n)
	}
	ended, introduced := 0, 0
	for _, m := range fresh {
		switch {
		case strings.Contains(m, "Subject: A change to your match") && strings.Contains(m, "Your match with Ivy Chen") && strings.Contains(m, "has ended"):
			ended++
		case strings.Contains(m, "Dear Ivy") && strings.Contains(m, "Your match with Mira Ili") && strings.Contains(m, "has ended."),
			strings.Contains(m, "Dear Walt") && strings.Contains(m, "Your new mentee was matched with someone else earlier"):
			introduced++
		}
		if strings.Contains(m, "schedules") {
			t.Errorf("an email gives the reason for the rematch:\n%s", m)
		}
	}
	if ended != 1 || introduced != 2 {
		t.Errorf("%d match-ended emails to Mira and %d introductions saying an earlier match ended; want 1 and 2", ended, introduced)
	}
	// The rematch introductions offer the new partner's address as a link to write to it.
	rematched := map[string]string{"ivy@example.org": "walt@example.org", "walt@example.org": "ivy@example.org"}
	for _, m := range notifytest.Outbox(t, f.outbox)[before:] {
		if partner := rematched[m.To]; partner != "" {
			notifytest.WritesTo(t, m, partner)
			delete(rematched, m.To)
		}
	}
	if len(rematched) != 0 {
		t.Errorf("no rematch introduction to %v", rematched)
	}
	matches, _ = f.store.Matches(ctx, "2026-27")
	active := map[string]string{}
	for _, m := range matches {
		if !m.Ended {
			active[m.Mentee] = m.Mentor
		} else if m.Key() != ivys.Key() {
			t.Errorf("match %s ended, only %s should", m.Key(), ivys.Key())
		}
	}
	if active["e-il"] != "m-wi" || active["e-ny"] != "m-ca" || len(active) != 2 {
		t.Errorf("active matches %v", active)
	}
	reqs, _ := f.store.RematchRequests(ctx, "2026-27")
	if len(reqs) != 1 || reqs[0].Status != store.RematchDone {
		t.Errorf("request after the rematch: %+v", reqs)
	}
	// The request is done; Mira, whose mentee left her, now needs a new mentee and is offered
	// first, but there is no free mentee she has not had.
	again, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch})
	if err != nil || len(again.Ends) != 0 || len(pairsOf(again)) != 0 || !slices.ContainsFunc(again.Notes, func(n string) bool {
		return strings.Contains(n, "pairs first those who need a new partner: Mira Ilić (whose match ended).")
	}) {
		t.Errorf("rematch after the request was done: %+v, %v; want nothing ended, no pair, Mira named first", again, err)
	}
}

func TestPersonalLinkLeadsToItsMatch(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	res := f.propose(t, cohort)
	f.commit(t, res.Proposal)
	found := 0
	for _, m := range emails(t, f.outbox) {
		if !strings.HasPrefix(m, "Subject: Meet your") {
			continue // the outcome emails
		}
		i := strings.Index(m, "?token=")
		if i < 0 {
			t.Fatal("no personal link")
		}
		token := m[i+len("?token="):]
		token = token[:strings.IndexFunc(token, func(r rune) bool { return !strings.ContainsRune("0123456789abcdef", r) })]
		link, err := f.store.LinkOf(ctx, store.SecretHash(token), f.runner.Now())
		if err != nil {
			t.Fatalf("token from an email: %v", err)
		}
		if (link.Role == forms.RoleMentee) != strings.Contains(m, "Meet your mentor") || link.Requested {
			t.Errorf("token leads to %+v for email:\n%s", link, m)
		}
		if a, err := f.store.ApplicationByID(ctx, link.Cycle, link.Role, link.ID); err != nil || !strings.Contains(m, "Dear "+a.Form.Applicant().Name+",") {
			t.Errorf("the link of an email to %s is %+v (%v)", strings.SplitN(m, "\n", 2)[0], link, err)
		}
		found++
		if _, err := f.store.LinkOf(ctx, token, f.runner.Now()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the raw token (not its hash) was accepted as a key: %v", err)
		}
		cy, _ := f.runner.Calendar.Cycle("2026-27")
		if _, err := f.store.LinkOf(ctx, store.SecretHash(token), cy.LinksEnd().Add(-time.Hour)); err != nil {
			t.Errorf("the link no longer works before the cycle's links end: %v", err)
		}
		if _, err := f.store.LinkOf(ctx, store.SecretHash(token), cy.LinksEnd().Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the link still works after the cycle's links end: %v", err)
		}
	}
	if found != 4 {
		t.Errorf("%d personal links, want 4", found)
	}
}

func TestReview(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	for _, a := range cohort {
		a.status = store.StatusSubmitted
		f.add(t, a)
	}
	_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review, Accept: []string{"m-il", "nobody"}})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("review naming an unknown id: err = %v", err)
	}
	res, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Applications {
		if a.Status != store.StatusSubmitted {
			t.Errorf("a refused review changed %s to %s", a.ID, a.Status)
		}
	}
	if len(res.Applications) != len(cohort) {
		t.Fatalf("%d applications listed, want %d", len(res.Applications), len(cohort))
	}
	res, err = f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review,
		Accept: []string{"m-il", "e-il", "e-ny"}, Decline: []string{"m-ca"}})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]store.Status{}
	for _, a := range res.Applications {
		status[a.ID] = a.Status
	}
	if status["m-il"] != store.StatusAccepted || status["m-ca"] != store.StatusDeclined || status["e-tx"] != store.StatusSubmitted {
		t.Errorf("statuses after review: %v", status)
	}
	prop, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
	if err != nil {
		t.Fatal(err)
	}
	if prop.Summary.Mentors != 1 || prop.Summary.Mentees != 2 {
		t.Errorf("proposal counts %d mentors, %d mentees; want only the 1 and 2 accepted", prop.Summary.Mentors, prop.Summary.Mentees)
	}
}

func TestReviewListsWithdrawals(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	cy, _ := f.runner.Calendar.Cycle("2026-27")
	m, err := f.store.AddMatch(ctx, &store.Match{Cycle: cy.ID, Mentor: "m-1", Mentee: "e-1", Proposal: "p", CreatedAt: cy.Span().Opens, Expires: cy.Expiry()})
	if err != nil {
		t.Fatal(err)
	}
	sent := cy.Window(program.Goals).Opens.Add(48 * time.Hour)
	w := &forms.Withdrawal{Reason: "a new job", Confirm: true}
	if _, err := f.store.AddEntry(ctx, &store.Entry{Cycle: cy.ID, Match: m.Key(), Kind: store.KindWithdrawal, Role: forms.RoleMentor,
		SentAt: sent, Hash: forms.HashAnswers("withdrawal", w), Answers: w, Expires: cy.Expiry()}); err != nil {
		t.Fatal(err)
	}
	res, err := f.runner.Run(ctx, season.Event{Cycle: cy.ID, Mode: season.Review})
	if err != nil {
		t.Fatal(err)
	}
	want := []season.WithdrawalEntry{{Mentor: "m-1", Mentee: "e-1", From: forms.RoleMentor, Reason: "a new job", Sent: sent.UTC()}}
	if len(res.Withdrawals) != 1 || res.Withdrawals[0].Mentor != want[0].Mentor || res.Withdrawals[0].Mentee != want[0].Mentee ||
		res.Withdrawals[0].From != want[0].From || res.Withdrawals[0].Reason != want[0].Reason || !res.Withdrawals[0].Sent.Equal(sent) {
		t.Fatalf("withdrawals %+v, want %+v", res.Withdrawals, want)
	}
}

func TestReviewShowsEmailsThatDidNotArrive(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	for _, a := range cohort[:2] {
		f.add(t, a)
	}
	cy, _ := f.runner.Calendar.Cycle("2026-27")
	problem := &store.MailProblem{Cycle: cy.ID, Email: strings.ToUpper(cohort[1].email), Kind: "bounce", Detail: "Permanent: General",
		Subject: "We received your mentee application", At: cy.Span().Opens.Add(time.Hour), Expires: cy.Expiry()}
	if err := f.store.RecordMailProblem(ctx, problem); err != nil {
		t.Fatal(err)
	}
	res, err := f.runner.Run(ctx, season.Event{Cycle: cy.ID, Mode: season.Review})
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]string{}
	for _, a := range res.Applications {
		if a.MailProblem != nil {
			flagged[a.ID] = a.MailProblem.Kind + " of " + a.MailProblem.Subject
		}
	}
	if want := map[string]string{cohort[1].id: "bounce of We received your mentee application"}; !reflect.DeepEqual(flagged, want) {
		t.Errorf("flagged %v, want %v", flagged, want)
	}
}

// A pin the run cannot honour is refused with a sentence naming the people, and nothing is proposed.
func TestPinsRefusedByName(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	f.pairCohortAndWalt(t) // Ivy with Mira, Ned with Carl; Walt free; Nora declined
	f.add(t, applicant{id: "e-new", email: "uma@example.org", name: "Uma Reyes", state: "IL", geo: forms.PreferenceNone})
	for _, tc := range []struct {
		name string
		pin  [2]string
		want string
	}{
		{"the wrong way round", [2]string{"e-new", "m-wi"}, "the pin of Uma Reyes with Walt Berg names the mentee first; write [mentor id, mentee id]"},
		{"a declined mentor", [2]string{"m-no", "e-new"}, "cannot pin Nora Declined with Uma Reyes: Nora Declined is declined, not accepted"},
		{"a full mentor", [2]string{"m-il", "e-new"}, "cannot pin Mira Ilić with Uma Reyes: Mira Ilić has no place left: already matched"},
		{"two mentors", [2]string{"m-wi", "m-il"}, "cannot pin Walt Berg with Mira Ilić: Mira Ilić applied as a mentor, not a mentee"},
		{"a broken requirement", [2]string{"m-wi", "e-tx"}, "Walt Berg (m-wi)–Tess Ruiz (e-tx) breaks: mentee requires same-state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose, Pin: [][2]string{tc.pin}})
			if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "nothing was proposed") {
				t.Fatalf("err = %v, want one saying %q and that nothing was proposed", err, tc.want)
			}
		})
	}
}

// A match stored by a commit that stopped before its introductions were recorded (as commits
// before the outbox could leave one) is owed them by the commit run again, once; a side already
// introduced is not.
func TestCommitAgainOwesIntroductionsAnEarlierRunLeftOut(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	res := f.propose(t, cohort)
	if _, err := f.store.AddMatch(ctx, &store.Match{Cycle: "2026-27", Mentor: "m-il", Mentee: "e-il", Proposal: res.Proposal,
		CreatedAt: f.runner.Now().Add(-time.Minute), Expires: time.Date(2028, 8, 31, 0, 0, 0, 0, time.UTC), MentorEmailed: true}); err != nil {
		t.Fatal(err)
	}
	done, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal})
	if err != nil || done.New != 1 || done.Matches != 2 || done.Emails != 5 {
		t.Fatalf("commit: %+v, %v; want 1 new match of 2 and 5 emails (Ivy's introduction, Ned's and Carl's, 2 outcomes)", done, err)
	}
	want := []string{"introduction-e-il-m-il-mentee to e-il", "introduction-e-ny-m-ca-mentee to e-ny", "introduction-e-ny-m-ca-mentor to m-ca",
		"outcome-e-tx to e-tx", "outcome-m-no to m-no"}
	if got := f.owed(t); !slices.Equal(got, want) {
		t.Fatalf("owed:\n%q\nwant\n%q", got, want)
	}
	if again, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal}); err != nil ||
		again.Emails != 0 || !slices.Equal(f.owed(t), want) {
		t.Fatalf("commit again: %+v, %v, owing %q; want nothing more", again, err, f.owed(t))
	}
	if n := f.send(t); n != 5 {
		t.Errorf("the sender sent %d, want 5", n)
	}
}

// The email with the links to staff files goes at once, not through the outbox (sendLinks says
// why). When the mail service refuses it, the commit still answers, its participants' emails
// owed, and a note says the links could not be emailed; the answer lists the same links.
func TestCommitDuringAMailOutageNotesTheStaffEmail(t *testing.T) {
	ctx := context.Background()
	f, _ := cohortWithFiles(t, "")
	res, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
	if err != nil {
		t.Fatal(err)
	}
	working := f.runner.Mail
	f.runner.Mail, f.sender.Mail = &failingMail{next: working}, &failingMail{next: working}
	before := len(emails(t, f.outbox))
	done, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal})
	if err != nil {
		t.Fatalf("commit with the mail service down: %v", err)
	}
	want := "The email with these files' links could not be sent to liaison@example.org (the mail service failed); the links are listed here."
	if !slices.Contains(done.Notes, want) || len(done.Files) != 2 || done.Emails != 6 || len(f.owed(t)) != 6 {
		t.Errorf("commit: notes %q, %d files, %d emails, owing %q; want the note, the 2 files and the 6 emails owed", done.Notes,
			len(done.Files), done.Emails, f.owed(t))
	}
	if n := len(emails(t, f.outbox)); n != before {
		t.Errorf("%d emails went during the outage", n-before)
	}
}
