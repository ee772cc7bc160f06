package dynalite

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// Supervised is a dynalite server kept running: when its process exits on its own (killed, or
// crashed on a full disk), the exit is logged and the server started again on the same port and
// data folder. If it keeps dying, supervision gives up and says so on Failed.
type Supervised struct {
	// Endpoint is the server's base URL; it stays the same across restarts.
	Endpoint string

	opt     Options
	log     *slog.Logger
	onStart func(context.Context) error

	mu       sync.Mutex
	cur      *Server
	stopped  bool
	restarts int
	failed   chan error
}

// maxRestarts within restartWindow make supervision give up: the server cannot stay up.
const (
	maxRestarts   = 5
	restartWindow = time.Minute
)

// Supervise starts dynalite with opt (on a free port fixed for good when opt.Port is 0) and keeps
// it running until Stop. onStart, if not nil, runs after each start, the first included: to
// create a table that an in-memory server lost, say.
func Supervise(ctx context.Context, opt Options, log *slog.Logger, onStart func(context.Context) error) (*Supervised, error) {
	if opt.Port == 0 {
		port, err := devenv.FreePort()
		if err != nil {
			return nil, err
		}
		opt.Port = port
	}
	s := &Supervised{opt: opt, log: log, onStart: onStart, failed: make(chan error, 1)}
	srv, err := s.start(ctx)
	if err != nil {
		return nil, err
	}
	s.Endpoint, s.cur = srv.Endpoint, srv
	go s.watch(ctx, srv)
	return s, nil
}

func (s *Supervised) start(ctx context.Context) (*Server, error) {
	srv, err := Start(ctx, s.opt)
	if err != nil {
		return nil, err
	}
	if s.onStart != nil {
		if err := s.onStart(ctx); err != nil {
			srv.Stop()
			return nil, err
		}
	}
	return srv, nil
}

// watch waits for the server to exit and, unless it was stopped, starts it again.
func (s *Supervised) watch(ctx context.Context, srv *Server) {
	var recent []time.Time
	for {
		<-srv.exited
		s.mu.Lock()
		stopped := s.stopped
		s.mu.Unlock()
		if stopped || ctx.Err() != nil {
			return
		}
		now := time.Now()
		recent = append(recent, now)
		for len(recent) > 0 && now.Sub(recent[0]) > restartWindow {
			recent = recent[1:]
		}
		s.log.Error("dynalite exited; starting it again", "err", fmt.Sprint(srv.exitErr), "endpoint", s.Endpoint,
			"restarts_in_the_last_minute", len(recent))
		if len(recent) > maxRestarts {
			s.failed <- fmt.Errorf("dynalite exited %d times within %v; giving up (is the disk full?)", len(recent), restartWindow)
			return
		}
		next, err := s.start(ctx)
		for attempt := 1; err != nil && attempt < 3 && ctx.Err() == nil; attempt++ {
			time.Sleep(time.Duration(attempt) * 500 * time.Millisecond)
			next, err = s.start(ctx)
		}
		if err != nil {
			s.failed <- fmt.Errorf("dynalite could not be started again: %w", err)
			return
		}
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			next.Stop()
			return
		}
		s.cur, srv = next, next
		s.restarts++
		s.mu.Unlock()
		s.log.Info("dynalite running again", "endpoint", s.Endpoint)
	}
}

// Failed delivers an error when supervision gave up: the server is down for good.
func (s *Supervised) Failed() <-chan error { return s.failed }

// Restarts is how many times the server was started again.
func (s *Supervised) Restarts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.restarts
}

// Pid is the process id of the running server, for fault trials.
func (s *Supervised) Pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur.cmd.Process.Pid
}

// Stop ends supervision and the server.
func (s *Supervised) Stop() {
	s.mu.Lock()
	s.stopped = true
	cur := s.cur
	s.mu.Unlock()
	cur.Stop()
}

// MustSupervise supervises a server started with opt for a test, logging as JSON into the Logs
// it returns, and stops it when tb ends.
func MustSupervise(tb testing.TB, opt Options) (*Supervised, *devenv.Logs) {
	tb.Helper()
	logs := &devenv.Logs{}
	s, err := Supervise(context.Background(), opt, slog.New(slog.NewJSONHandler(logs, nil)), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Stop)
	return s, logs
}
