package matching_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/matching"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

type fixture struct {
	runner *matching.Runner
	store  *store.Store
	outbox string
	logs   *bytes.Buffer
}

func mustRunner(tb testing.TB) *fixture {
	tb.Helper()
	db := store.Local(dynalite.Must(tb).Endpoint)
	if err := store.EnsureTable(context.Background(), db, "mentoring"); err != nil {
		tb.Fatal(err)
	}
	f := &fixture{store: store.New(db, "mentoring"), outbox: tb.TempDir(), logs: &bytes.Buffer{}}
	f.runner = &matching.Runner{
		Store: f.store, Calendar: program.DefaultCalendar(), Weights: scoring.DefaultWeights(),
		Mail: notify.Outbox{Dir: f.outbox, From: "mentoring@example.org"}, SiteURL: "https://mentoring.example.org",
		Log: slog.New(slog.NewJSONHandler(f.logs, nil)),
		Now: func() time.Time { return time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC) },
	}
	return f
}

type applicant struct {
	id, email, name, state, gender, geo string
	mentor                              bool
	status                              store.Status
}

func (f *fixture) add(tb testing.TB, a applicant) {
	tb.Helper()
	years := 12
	person := forms.Person{Name: a.name, Email: a.email, Organisation: "Oak Park Public Library", Position: "Children's Librarian",
		City: "Springfield", Region: a.state, Country: "United States", TimeZone: "America/Chicago"}
	prefs := forms.Preferences{GeoPreference: a.geo, Gender: a.gender, GenderPreference: "none", RacePreference: "none", Consent: true}
	contact := forms.Contact{Communication: []string{"email", "video"}, InPerson: "yes"}
	var form forms.Form = &forms.Mentee{Person: person, Connection: "Story times", Situation: "early_career",
		Hopes: "Confidence", Interests: []string{"programming"}, Contact: contact, Preferences: prefs}
	role := forms.RoleMentee
	if a.mentor {
		role = forms.RoleMentor
		form = &forms.Mentor{Person: person, ALSCMember: "yes", Years: &years, Expertise: []string{"programming"},
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

var cohort = []applicant{
	{id: "m-il", email: "mira@example.org", name: "Mira Ilić", state: "IL", gender: "woman", geo: "none", mentor: true},
	{id: "m-ca", email: "carl@example.org", name: "Carl Ames", state: "CA", gender: "man", geo: "none", mentor: true},
	{id: "m-no", email: "nora@example.org", name: "Nora Declined", state: "IL", gender: "woman", geo: "none", mentor: true, status: store.StatusDeclined},
	{id: "e-il", email: "ivy@example.org", name: "Ivy Chen", state: "IL", gender: "nonbinary", geo: "required"},
	{id: "e-ny", email: "ned@example.org", name: "Ned Park", state: "NY", gender: "man", geo: "none"},
	{id: "e-tx", email: "tess@example.org", name: "Tess Ruiz", state: "TX", gender: "woman", geo: "required"},
}

func emails(tb testing.TB, dir string) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestProposeThenCommit(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	for _, a := range cohort {
		f.add(t, a)
	}
	res, err := f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Propose})
	if err != nil {
		t.Fatal(err)
	}
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
	again, err := f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Propose})
	if err != nil || again.Proposal != res.Proposal {
		t.Fatalf("proposing again on the same applications gave %v, %v; want the same proposal %s", again.Proposal, err, res.Proposal)
	}

	committed, err := f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Commit, Proposal: res.Proposal})
	if err != nil {
		t.Fatal(err)
	}
	if committed.New != 2 || committed.Emails != 4 {
		t.Fatalf("commit: %+v, want 2 new matches and 4 emails", committed)
	}
	mail := emails(t, f.outbox)
	if len(mail) != 4 {
		t.Fatalf("%d emails in the outbox, want 4", len(mail))
	}
	for _, m := range mail {
		if !strings.Contains(m, "https://mentoring.example.org/participants/?token=") || !strings.Contains(m, "1 December 2026") {
			t.Errorf("match email lacks the personal link or the goals date:\n%s", m)
		}
		for _, secret := range []string{"same-state", "required", "nonbinary", "preferred", "score", "weight"} {
			if strings.Contains(strings.ToLower(m), secret) {
				t.Errorf("match email reveals matching criteria (%q):\n%s", secret, m)
			}
		}
	}

	rerun, err := f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Commit, Proposal: res.Proposal})
	if err != nil || rerun.New != 0 || rerun.Emails != 0 || rerun.Matches != 2 {
		t.Fatalf("second commit: %+v, %v; want nothing new and no email", rerun, err)
	}
	if n := len(emails(t, f.outbox)); n != 4 {
		t.Errorf("%d emails after the second commit, want still 4", n)
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
	for _, a := range cohort {
		f.add(t, a)
	}
	res, err := f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Propose})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetStatus(ctx, "2026-27", forms.RoleMentor, "carl@example.org", store.StatusWithdrawn); err != nil {
		t.Fatal(err)
	}
	_, err = f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Commit, Proposal: res.Proposal})
	if !errors.Is(err, matching.ErrInput) || !strings.Contains(err.Error(), "m-ca") {
		t.Fatalf("err = %v, want a refusal naming m-ca", err)
	}
	if ms, _ := f.store.Matches(ctx, "2026-27"); len(ms) != 0 || len(emails(t, f.outbox)) != 0 {
		t.Errorf("a refused commit stored %d matches or sent email", len(ms))
	}
}

func TestBadEvents(t *testing.T) {
	f := mustRunner(t)
	for _, tc := range []struct {
		name string
		ev   matching.Event
		want string
	}{
		{"unknown cycle", matching.Event{Cycle: "1999-00", Mode: matching.Propose}, "no cycle"},
		{"unknown mode", matching.Event{Cycle: "2026-27", Mode: "shuffle"}, "mode must be"},
		{"unknown objective", matching.Event{Cycle: "2026-27", Mode: matching.Propose, Objective: "speed"}, "objective"},
		{"commit without proposal", matching.Event{Cycle: "2026-27", Mode: matching.Commit}, "needs the id"},
		{"commit of unknown proposal", matching.Event{Cycle: "2026-27", Mode: matching.Commit, Proposal: "nope"}, "run propose first"},
		{"pin of unknown people", matching.Event{Cycle: "2026-27", Mode: matching.Propose, Pin: [][2]string{{"x", "y"}}}, "pin refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.runner.Run(context.Background(), tc.ev)
			if !errors.Is(err, matching.ErrInput) || !strings.Contains(err.Error(), tc.want) {
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
	_, err := f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Propose})
	if !errors.Is(err, matching.ErrInput) || !strings.Contains(err.Error(), "in progress") {
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
			_, errs[i] = f.runner.Run(ctx, matching.Event{Cycle: "2026-27", Mode: matching.Propose})
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
