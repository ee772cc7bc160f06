package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Of runs that try to take one lock at once, exactly one gets it; the others are told who holds
// it and until when. An expired lock is taken over, and only its owner (or staff naming it)
// releases it.
func TestLockHasExactlyOneHolder(t *testing.T) {
	ctx := context.Background()
	s := MustStore(t)
	now := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	until := now.Add(15 * time.Minute)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = s.Lock(ctx, "matcher#c", fmt.Sprintf("run-%d", i), now, until) })
	}
	wg.Wait()
	winner, held := "", 0
	for i, err := range errs {
		var le *store.LockedError
		switch {
		case err == nil:
			held++
			winner = fmt.Sprintf("run-%d", i)
		case errors.As(err, &le) && errors.Is(err, store.ErrLocked):
			if le.Owner == "" || le.Owner == fmt.Sprintf("run-%d", i) || !le.Until.Equal(until) || !le.Since.Equal(now) {
				t.Errorf("run-%d was told %+v", i, le)
			}
		default:
			t.Errorf("run-%d: %v", i, err)
		}
	}
	if held != 1 {
		t.Fatalf("%d runs hold the lock at once, want exactly 1", held)
	}
	if err := s.Unlock(ctx, "matcher#c", "run-other"); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx, "matcher#c", "late", now.Add(time.Minute), until); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("another owner's unlock released the lock: %v", err)
	}
	if err := s.BreakLock(ctx, "matcher#c", "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("breaking a lock nobody of that name holds: %v", err)
	}
	if err := s.BreakLock(ctx, "matcher#c", winner); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(ctx, "matcher#c", "after-break", now.Add(time.Minute), until); err != nil {
		t.Fatalf("after the lock was broken: %v", err)
	}
	if err := s.Lock(ctx, "matcher#c", "after-expiry", until.Add(time.Second), until.Add(time.Hour)); err != nil {
		t.Fatalf("an expired lock was not taken over: %v", err)
	}
}
