package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
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

// TestTheApplyHandlerRemembersTenThousandClients throttles one client, then has 9,999 others
// (and, on a second handler, 10,000) send a request each: the handler's limiter remembers 10,000
// clients, so the first is still throttled after 9,999 others and forgotten after 10,000.
func TestTheApplyHandlerRemembersTenThousandClients(t *testing.T) {
	send := func(h http.Handler, addr string) int {
		r := httptest.NewRequest(http.MethodPost, "/api/applications", strings.NewReader("x"))
		r.Header.Set("Content-Type", "text/plain") // refused, once the limiter lets it through
		r.RemoteAddr = addr + ":4321"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	for _, c := range []struct {
		others    int
		throttled bool
	}{{9999, true}, {10000, false}} {
		h := NewApply(program.DefaultCalendar(), nil, slog.New(slog.DiscardHandler), WithClientLimit(0.0001, 1))
		if a, b := send(h, "198.51.100.1"), send(h, "198.51.100.1"); a == http.StatusTooManyRequests || b != http.StatusTooManyRequests {
			t.Fatalf("the first client's two requests: %d, %d; want one let through, then 429", a, b)
		}
		for i := range c.others {
			if code := send(h, fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255)); code == http.StatusTooManyRequests {
				t.Fatalf("new client %d: %d", i, code)
			}
		}
		if got := send(h, "198.51.100.1"); (got == http.StatusTooManyRequests) != c.throttled {
			t.Errorf("after %d other clients the first one gets %d; throttled: want %v", c.others, got, c.throttled)
		}
	}
}
