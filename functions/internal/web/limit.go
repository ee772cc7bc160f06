package web

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxClients is how many clients a limiter remembers; past it, the one seen least recently is
// forgotten first, so a flood of new addresses never frees a client that is being throttled.
const maxClients = 10000

// limiter allows each client (by address) r requests a second and burst at once, remembering at
// most max clients.
type limiter struct {
	r     rate.Limit
	burst int
	max   int

	mu      sync.Mutex
	order   *list.List // of *client, most recently seen first
	clients map[string]*list.Element
}

type client struct {
	addr string
	lim  *rate.Limiter
}

func newLimiter(r rate.Limit, burst, max int) *limiter {
	return &limiter{r: r, burst: burst, max: max, order: list.New(), clients: map[string]*list.Element{}}
}

// allow reports whether addr may send a request at now, and if not, how long it must wait
// before its next one is allowed.
func (l *limiter) allow(addr string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.clients[addr]
	if ok {
		l.order.MoveToFront(e)
	} else {
		if l.order.Len() >= l.max {
			oldest := l.order.Back()
			l.order.Remove(oldest)
			delete(l.clients, oldest.Value.(*client).addr)
		}
		e = l.order.PushFront(&client{addr: addr, lim: rate.NewLimiter(l.r, l.burst)})
		l.clients[addr] = e
	}
	lim := e.Value.(*client).lim
	res := lim.ReserveN(now, 1)
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return false, wait
	}
	return true, 0
}
