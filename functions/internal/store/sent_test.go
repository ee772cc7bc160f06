package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/store"
)

func TestSentMarkersAreClaimedOnceAndOnlyUnconfirmedOnesReleased(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	m := &store.Sent{Cycle: "2026-27", Message: "goals-7d", Person: "e1", Match: store.MatchKey("e1", "m1"), ClaimedAt: at, Expires: at.AddDate(1, 0, 0)}
	other := *m
	other.Match = store.MatchKey("e1", "m2") // the same person in another pair
	for _, x := range []*store.Sent{m, &other} {
		if _, err := s.ClaimSend(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	again := *m
	if old, err := s.ClaimSend(ctx, &again); !errors.Is(err, store.ErrSentExists) || !errors.Is(err, store.ErrExists) || old.Delivered {
		t.Fatalf("second claim: %v %+v", err, old)
	}
	if err := s.ReleaseSend(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if err := s.ConfirmSent(ctx, m); err != nil || !m.Delivered {
		t.Fatalf("confirm: %v", err)
	}
	if err := s.ReleaseSend(ctx, m); err == nil {
		t.Error("a confirmed marker was released")
	}
	list, err := s.SentMessages(ctx, "2026-27")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Key() != m.Key() || !list[0].Delivered || !list[0].ClaimedAt.Equal(at) || list[0].Expires.Unix() != m.Expires.Unix() {
		t.Errorf("markers %+v", list)
	}
}

// A claim with a token is released only by its own token, and read back with it.
func TestAClaimIsReleasedOnlyByItsOwnToken(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	m := &store.Sent{Cycle: "2026-27", Message: store.MailPrefix + "receipt-a1", Person: "a1", ClaimedAt: at, Claim: "ours", Expires: at.AddDate(1, 0, 0)}
	if _, err := s.ClaimSend(ctx, m); err != nil {
		t.Fatal(err)
	}
	theirs := *m
	theirs.Claim = "theirs"
	old, err := s.ClaimSend(ctx, &theirs)
	if !errors.Is(err, store.ErrSentExists) || old.Claim != "ours" {
		t.Fatalf("a second claim: %v, the stored claim's token %q; want ErrSentExists and ours", err, old.Claim)
	}
	if err := s.ReleaseSend(ctx, &theirs); err == nil {
		t.Error("another token released the claim")
	}
	if err := s.ReleaseSend(ctx, m); err != nil {
		t.Errorf("its own token did not release the claim: %v", err)
	}
	if list, err := s.SentMessages(ctx, "2026-27"); err != nil || len(list) != 0 {
		t.Errorf("markers %+v (%v) after the release, want none", list, err)
	}
}
