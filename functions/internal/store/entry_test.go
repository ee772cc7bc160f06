package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

func goalsEntry(version int, key, text string) *store.Entry {
	return &store.Entry{Cycle: "2026-27", Match: "ea#ma", Kind: store.KindGoals, Role: forms.RoleMentee, Version: version,
		SentAt: time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC), Hash: text, FormKey: key,
		Answers: &forms.Goals{Goal1: text}, Expires: time.Date(2028, 8, 31, 5, 0, 0, 0, time.UTC)}
}

// An entry keeps the key of the form it was sent from, and the pair's year finds it by that key
// and kind only.
func TestEntriesAreFoundByTheirFormKey(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	for _, e := range []*store.Entry{goalsEntry(1, "k1", "first"), goalsEntry(2, "k2", "second"), goalsEntry(3, "", "third")} {
		if _, err := s.AddEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	checkin := &store.Entry{Cycle: "2026-27", Match: "ea#ma", Kind: store.KindCheckIn, Role: forms.RoleMentor, Version: 202610,
		SentAt: time.Date(2026, 10, 6, 10, 0, 0, 0, time.UTC), Hash: "h", FormKey: "k3",
		Answers: &forms.CheckIn{HowGoing: forms.HowFine}, Expires: time.Date(2028, 8, 31, 5, 0, 0, 0, time.UTC)}
	if _, err := s.AddEntry(ctx, checkin); err != nil {
		t.Fatal(err)
	}
	y, err := s.PairYear(ctx, "2026-27", "ea#ma")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind store.Kind
		key  string
		want string // the goal's text, "checkin", or "" for none
	}{
		{store.KindGoals, "k1", "first"}, {store.KindGoals, "k2", "second"}, {store.KindGoals, "", ""},
		{store.KindGoals, "k3", ""}, {store.KindCheckIn, "k3", "checkin"}, {store.KindTracker, "k1", ""}, {store.KindGoals, "k9", ""},
	} {
		e := y.SentWithKey(c.kind, c.key)
		got := ""
		switch {
		case e != nil && e.Kind == store.KindGoals:
			got = e.Answers.(*forms.Goals).Goal1
		case e != nil:
			got = string(e.Kind)
		}
		if got != c.want {
			t.Errorf("SentWithKey(%s, %q) = %q, want %q", c.kind, c.key, got, c.want)
		}
	}
}

// Of many requests claiming one entry's email at once, exactly one gets it; nobody else does
// until the claim is given up or has outlived NoticeHold, and nobody once the email went out.
func TestAnEntrysEmailIsClaimedByOneRequest(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	e := goalsEntry(1, "k1", "first")
	if _, err := s.AddEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	now := e.SentAt
	var wg sync.WaitGroup
	var mu sync.Mutex
	var claimed []*store.Entry
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := *e
			ok, err := s.ClaimNotice(ctx, &mine, now)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				claimed = append(claimed, &mine)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != 1 {
		t.Fatalf("%d of 8 requests claimed the email, want 1", len(claimed))
	}
	claim := func(at time.Time) bool {
		t.Helper()
		ok, err := s.ClaimNotice(ctx, goalsEntry(1, "k1", "first"), at)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if claim(now.Add(store.NoticeHold - time.Millisecond)) {
		t.Error("claimed again within the hold")
	}
	if err := s.ReleaseNotice(ctx, claimed[0]); err != nil {
		t.Fatal(err)
	}
	if !claim(now.Add(time.Second)) {
		t.Fatal("not claimed once given up")
	}
	if !claim(now.Add(time.Second + store.NoticeHold)) {
		t.Fatal("not claimed once the claim outlived the hold")
	}
	if err := s.MarkNotified(ctx, goalsEntry(1, "k1", "first")); err != nil {
		t.Fatal(err)
	}
	if claim(now.Add(time.Hour)) {
		t.Error("claimed after the email went out")
	}
}
