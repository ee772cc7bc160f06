package season_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// inWindow is a day inside the 2026-27 rematch window (the program starts on November 2).
var inWindow = time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)

// askRematch stores an accepted rematch request from role's side of the mentee's active match.
func (f *fixture) askRematch(tb testing.TB, mentee string, role forms.Role, at time.Time, status store.RematchStatus) *store.RematchRequest {
	tb.Helper()
	ctx := context.Background()
	matches, err := f.store.Matches(ctx, "2026-27")
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range matches {
		if m.Mentee == mentee && !m.Ended {
			q := &store.RematchRequest{Cycle: "2026-27", Match: m.Key(), Role: role, Reason: "Our schedules never meet",
				Status: status, CreatedAt: at, Expires: time.Date(2028, 8, 31, 0, 0, 0, 0, time.UTC)}
			if _, err := f.store.AddRematchRequest(ctx, q); err != nil {
				tb.Fatal(err)
			}
			return q
		}
	}
	tb.Fatalf("no active match of %s", mentee)
	return nil
}

// pairCohortAndWalt commits the cohort and Walt, a second mentor in Illinois who stays free:
// Ivy with Mira and Ned with Carl, pinned.
func (f *fixture) pairCohortAndWalt(tb testing.TB) {
	tb.Helper()
	people := append(slices.Clone(cohort), applicant{id: "m-wi", email: "walt@example.org", name: "Walt Berg", state: "IL", gender: forms.GenderMan, geo: forms.PreferenceNone, mentor: true})
	f.commit(tb, f.propose(tb, people, [2]string{"m-il", "e-il"}, [2]string{"m-ca", "e-ny"}).Proposal)
}

// The one who asked is paired before anyone else: here a mentor accepted late (Walt) could go to
// Ivy, who asked, or to Una, unpaired since the first round, who fits nobody else and would
// score higher with him. Ivy gets Walt; Mira, freed, fits nobody left.
func TestRematchPairsTheRequesterFirst(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	first := f.propose(t, []applicant{
		{id: "m-ca", email: "mira@example.org", name: "Mira Ilić", state: "CA", gender: forms.GenderWoman, geo: forms.PreferenceNone, mentor: true},
		{id: "e-il", email: "ivy@example.org", name: "Ivy Chen", state: "IL", gender: forms.GenderWoman, geo: forms.PreferenceNone},
		{id: "e-wi", email: "una@example.org", name: "Una Berg", state: "WI", gender: forms.GenderWoman, geo: forms.PreferenceRequired},
	})
	if got := pairsOf(first); got["e-il"] != "m-ca" || len(got) != 1 {
		t.Fatalf("first round %v, want Ivy with Mira and Una unpaired", got)
	}
	f.commit(t, first.Proposal)
	f.add(t, applicant{id: "m-wi", email: "walt@example.org", name: "Walt Berg", state: "WI", gender: forms.GenderMan, geo: forms.PreferenceNone, mentor: true})
	f.runner.Now = func() time.Time { return inWindow }
	f.askRematch(t, "e-il", forms.RoleMentee, inWindow, store.RematchAccepted)

	re, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch})
	if err != nil {
		t.Fatal(err)
	}
	if got := pairsOf(re); got["e-il"] != "m-wi" || len(got) != 1 || len(re.Ends) != 1 {
		t.Fatalf("rematch %v, ends %v; want Ivy, who asked, with Walt, and her match with Mira ending", got, re.Ends)
	}
	before := len(emails(t, f.outbox))
	if done := f.commit(t, re.Proposal); done.New != 1 || done.Emails != 3 {
		t.Fatalf("rematch commit %+v, want Ivy and Walt introduced and Mira told", done)
	}
	if n := len(emails(t, f.outbox)) - before; n != 3 {
		t.Errorf("%d emails, want 3", n)
	}
}

// A match ends without a new partner for the one who asked only when staff say so.
func TestRematchKeepsTheMatchWithoutAReplacement(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	first := f.propose(t, cohort, [2]string{"m-il", "e-il"}, [2]string{"m-ca", "e-ny"})
	f.commit(t, first.Proposal)
	f.runner.Now = func() time.Time { return inWindow }
	q := f.askRematch(t, "e-ny", forms.RoleMentee, inWindow, store.RematchAccepted)
	key := q.Mentee() + "#" + q.Mentor() + "#" + string(q.Role)

	kept, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch})
	if err != nil {
		t.Fatal(err)
	}
	if len(kept.Ends) != 0 || len(kept.Review.Pairs) != 0 || len(kept.Notes) != 1 ||
		!strings.Contains(kept.Notes[0], "Ned Park") || !strings.Contains(kept.Notes[0], key) {
		t.Fatalf("rematch with no mentor free for Ned: ends %v, pairs %v, notes %q; want his match kept and a note naming him", kept.Ends, kept.Review.Pairs, kept.Notes)
	}
	before := len(emails(t, f.outbox))
	f.commit(t, kept.Proposal)
	ms, _ := f.store.Matches(ctx, "2026-27")
	for _, m := range ms {
		if m.Ended {
			t.Errorf("match %s ended without staff's say-so", m.Key())
		}
	}
	reqs, _ := f.store.RematchRequests(ctx, "2026-27")
	if len(reqs) != 1 || reqs[0].Status != store.RematchAccepted || len(emails(t, f.outbox)) != before {
		t.Fatalf("after committing the kept proposal: requests %+v; want Ned's still accepted and no email", reqs)
	}

	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch, EndUnreplaced: []string{"e-ny#m-il#mentee"}}); !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "e-ny#m-il#mentee") {
		t.Fatalf("confirming a request that does not exist: err = %v", err)
	}
	ended, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch, EndUnreplaced: []string{key}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ended.Ends) != 1 || ended.Ends[0] != q.Match || ended.Proposal == kept.Proposal {
		t.Fatalf("with staff's confirmation: ends %v (proposal %s)", ended.Ends, ended.Proposal)
	}
	if done := f.commit(t, ended.Proposal); done.Emails != 2 {
		t.Fatalf("commit %+v, want Ned and Carl told, kindly", done)
	}
	mail := emails(t, f.outbox)[before:]
	for _, who := range []string{"Dear Ned Park", "Dear Carl Ames"} {
		if !slices.ContainsFunc(mail, func(m string) bool { return strings.Contains(m, who) && strings.Contains(m, "has ended") }) {
			t.Errorf("no match-ended email to %s in %q", who, mail)
		}
	}
	if again := f.commit(t, ended.Proposal); again.Emails != 0 {
		t.Errorf("a second commit sent %d emails", again.Emails)
	}
}

func TestRematchWindow(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	f.pairCohortAndWalt(t)
	late := time.Date(2026, 12, 15, 9, 0, 0, 0, time.UTC) // the window closed on December 1
	f.runner.Now = func() time.Time { return late }
	q := f.askRematch(t, "e-il", forms.RoleMentee, late, store.RematchSubmitted)
	key := q.Mentee() + "#" + q.Mentor() + "#" + string(q.Role)

	_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review, AcceptRematch: []string{key}})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "Ivy Chen") || !strings.Contains(err.Error(), "December 1, 2026") {
		t.Fatalf("accepting a late request: err = %v, want a refusal naming Ivy and the window's last day", err)
	}
	res, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Review, AcceptRematch: []string{key}, LateRematch: true})
	if err != nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "acted on because staff accepted it late") {
		t.Fatalf("accepting it with the override: %v, notes %q; want a note that the override was used", err, res.Notes)
	}
	// Accepted with the override, the request needs none again: the rematch notes it.
	re, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Rematch})
	if err != nil || len(re.Notes) != 2 || !strings.Contains(re.Notes[0], "Ivy Chen asked on December 15, 2026, outside the rematch window") ||
		!strings.HasSuffix(re.Notes[1], "pairs first those who need a new partner: Ivy Chen (who asked for a rematch). Nobody is offered a former partner.") ||
		pairsOf(re)["e-il"] != "m-wi" {
		t.Fatalf("rematch of the late request accepted: %v, notes %q", err, re.Notes)
	}
}
