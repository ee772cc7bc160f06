package season_test

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/notify/notifytest"
	"github.com/ala-alsc/mentoring/functions/internal/season"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// crashAfterSend delivers the first message and then stops the sender dead, as a process killed
// between sending an introduction and anything after it would.
type crashAfterSend struct{ next notify.Sender }

type crash struct{}

func (c crashAfterSend) Send(ctx context.Context, m notify.Message) error {
	if err := c.next.Send(ctx, m); err != nil {
		return err
	}
	panic(crash{})
}

// sendCrashing lets the sender send what is owed and reports whether it crashed.
func sendCrashing(f *fixture) (crashed bool) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(crash); !ok {
				panic(v)
			}
			crashed = true
		}
	}()
	f.sender.Sweep(context.Background(), f.runner.Now().Add(time.Second))
	return false
}

var tokenInLink = regexp.MustCompile(`\?token=([0-9a-f]+)`)

// A sender killed right after an introduction went out, before it could record it, never sends
// that person a second one (the claim it left stands), the others go once each, and the link
// in the first still works.
func TestSenderKilledAfterAnIntroductionSendsNoSecond(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	res := f.propose(t, []applicant{cohort[0], cohort[1], cohort[3], cohort[4]}) // two pairs, no outcome to write
	commit := season.Event{Cycle: "2026-27", Mode: season.Commit, Proposal: res.Proposal}
	if _, err := f.runner.Run(ctx, commit); err != nil {
		t.Fatal(err)
	}
	working := f.sender.Mail
	f.sender.Mail = crashAfterSend{next: working}
	if !sendCrashing(f) {
		t.Fatal("the sender did not reach the crash point")
	}
	first := emails(t, f.outbox)
	if len(first) != 1 {
		t.Fatalf("%d emails before the crash, want 1", len(first))
	}
	f.sender.Mail = working
	if _, err := f.runner.Run(ctx, commit); err != nil {
		t.Fatal(err)
	}
	if n := f.send(t); n != 3 {
		t.Errorf("the sender sent %d after the crash, want the 3 others", n)
	}
	later := f.runner.Now
	f.runner.Now = func() time.Time { return later().Add(2 * time.Minute) } // the killed sender's claim is abandoned
	if n := f.send(t); n != 0 || len(f.owed(t)) != 0 {
		t.Errorf("once the claim was abandoned the sender sent %d, owing %q; want none sent and nothing owed", n, f.owed(t))
	}
	to := map[string]int{}
	for _, m := range notifytest.Outbox(t, f.outbox) {
		if strings.HasPrefix(m.Subject, "Meet your") {
			to[m.To]++
		}
	}
	if want := map[string]int{"mira@example.org": 1, "carl@example.org": 1, "ivy@example.org": 1, "ned@example.org": 1}; !maps.Equal(to, want) {
		t.Fatalf("introductions by recipient %v, want exactly one per paired person %v", to, want)
	}
	m := tokenInLink.FindStringSubmatch(first[0])
	if m == nil {
		t.Fatal("no personal link in the first email")
	}
	if _, err := f.store.LinkOf(ctx, store.SecretHash(m[1]), f.runner.Now()); err != nil {
		t.Errorf("the first email's link no longer works: %v", err)
	}
}

// A run killed while holding the lock leaves it held; the refusal says who holds it and until
// when, and staff break exactly that lock by naming its owner.
func TestStaleLockIsNamedAndBrokenByStaff(t *testing.T) {
	ctx := context.Background()
	f := mustRunner(t)
	now := f.runner.Now()
	if err := f.store.Lock(ctx, "matcher#2026-27", "commit-killed", now.Add(-time.Minute), now.Add(14*time.Minute)); err != nil {
		t.Fatal(err)
	}
	_, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose})
	if !errors.Is(err, season.ErrInput) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	// now is 9:00 UTC, 4:00 in Chicago.
	for _, want := range []string{"it started at October 5, 2026 at 3:59 AM CDT and holds the cycle until October 5, 2026 at 4:14 AM CDT",
		"use the matcher's break-lock step with commit-killed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %s: %v", want, err)
		}
	}
	_, err = f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose, BreakLock: "someone-else"})
	if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), "nothing was broken") {
		t.Fatalf("breaking a lock held by another owner: err = %v", err)
	}
	for _, a := range cohort {
		f.add(t, a)
	}
	if _, err := f.runner.Run(ctx, season.Event{Cycle: "2026-27", Mode: season.Propose, BreakLock: "commit-killed"}); err != nil {
		t.Fatalf("with the stale lock broken: %v", err)
	}
	if !strings.Contains(f.logs.String(), "lock broken by staff") {
		t.Error("breaking the lock is not logged")
	}
	if err := f.store.Lock(ctx, "matcher#2026-27", "next", now, now.Add(time.Minute)); err != nil {
		t.Errorf("the run did not release its lock: %v", err)
	}
}

func TestEventsStaffMustCorrect(t *testing.T) {
	f := mustRunner(t)
	for _, a := range cohort {
		f.add(t, a)
	}
	for _, tc := range []struct{ name, event, want string }{
		{"unknown field", `{"cycle": "2026-27", "mode": "propose", "exlude": ["e-ny"]}`, `unknown field "exlude"`},
		{"pin of three", `{"cycle": "2026-27", "mode": "propose", "pin": [["m-il", "e-il", "e-ny"]]}`, "pin 1 has 3 entries"},
		{"pin of one", `{"cycle": "2026-27", "mode": "propose", "pin": [["m-il"]]}`, "pin 1 has 1 entries"},
		{"over-long proposal id", `{"cycle": "2026-27", "mode": "commit", "proposal": "` + strings.Repeat("a", 2000) + `"}`, "no id is longer than 64"},
		{"accepted and declined", `{"cycle": "2026-27", "mode": "review", "accept": ["e-il", "e-ny"], "decline": ["e-ny"]}`, "[e-ny] both accepted and declined"},
		{"unknown id in exclude", `{"cycle": "2026-27", "mode": "propose", "exclude": ["e-nobody"]}`, "no application [e-nobody]"},
		{"unknown id in pin", `{"cycle": "2026-27", "mode": "propose", "pin": [["m-il", "e-ghost"]]}`, "no application [e-ghost]"},
		{"two values", `{"cycle": "2026-27", "mode": "propose"} {}`, "more than one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := season.ParseEvent([]byte(tc.event))
			if err == nil {
				_, err = f.runner.Run(context.Background(), ev)
			}
			if !errors.Is(err, season.ErrInput) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a refusal saying %q", err, tc.want)
			}
		})
	}
	apps, err := f.store.Applications(context.Background(), "2026-27", "mentee")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if a.Status != store.StatusAccepted {
			t.Errorf("a refused review changed %s to %s", a.ID, a.Status)
		}
	}
}
