package store_test

import (
	"context"
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
