package web

import (
	"fmt"
	"testing"
	"time"
)

// A flood of new addresses never frees a client that is being throttled: the limiter forgets
// the clients seen least recently, one by one, and tells the throttled one its true wait.
func TestLimiterForgetsLeastRecentlySeenFirst(t *testing.T) {
	const max = 100
	l := newLimiter(0.2, 2, max)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	for range 2 {
		if ok, _ := l.allow("throttled", now); !ok {
			t.Fatal("the burst was refused")
		}
	}
	ok, wait := l.allow("throttled", now)
	if ok || wait != 5*time.Second {
		t.Fatalf("third request: allowed %v, wait %v; want refused with 5s (one every 5 s)", ok, wait)
	}
	for i := range max + 1 {
		at := now.Add(time.Duration(i) * time.Millisecond)
		if ok, _ := l.allow(fmt.Sprintf("192.0.2.%d", i), at); !ok {
			t.Fatalf("new client %d refused", i)
		}
		if i%10 == 0 { // the throttled client keeps trying, so it is seen recently
			if ok, _ := l.allow("throttled", at); ok {
				t.Fatalf("the throttled client was let through after %d new clients", i+1)
			}
		}
	}
	if len(l.clients) != max || l.order.Len() != max {
		t.Errorf("remembers %d clients (%d in order), want %d", len(l.clients), l.order.Len(), max)
	}
	if _, ok := l.clients["192.0.2.0"]; ok {
		t.Error("the least recently seen client was kept")
	}
}
