package outbox

import (
	"context"
	"sync"
	"time"
)

// Poller runs a Sender where the table has no stream (the local stack): it sweeps the index with
// no grace every Every, and at once when nudged.
type Poller struct {
	Sender *Sender
	Every  time.Duration

	mu     sync.Mutex // one pass at a time
	nudge  chan struct{}
	once   sync.Once
	failed bool // the last pass failed (logged once until one succeeds)
}

func (p *Poller) init() { p.once.Do(func() { p.nudge = make(chan struct{}, 1) }) }

// Nudge asks for a pass now (a write that may owe an email was answered).
func (p *Poller) Nudge() {
	p.init()
	select {
	case p.nudge <- struct{}{}:
	default:
	}
}

// Run passes until ctx is done.
func (p *Poller) Run(ctx context.Context) {
	p.init()
	t := time.NewTicker(p.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.nudge:
		}
		p.Drain(ctx)
	}
}

// Drain sends everything owed now, after any pass under way, and returns how many it sent.
func (p *Poller) Drain(ctx context.Context) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n, err := p.Sender.Sweep(ctx, p.Sender.now().Add(time.Second))
	switch {
	case err != nil && !p.failed && ctx.Err() == nil:
		p.Sender.log().Error("outbox: poll", "err", err)
		p.failed = true
	case err == nil && p.failed:
		p.Sender.log().Info("outbox: poll recovered")
		p.failed = false
	}
	return n, err
}
