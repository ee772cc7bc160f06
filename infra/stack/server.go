package stack

import (
	"net/http"
	"time"
)

// Timeouts bound how long one connection may hold the server: a body sent a byte at a time,
// an answer read slowly, a kept-alive connection left idle.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// DefaultTimeouts are the local stack's: a request must arrive within 10 s (its headers within
// 5 s), its answer be taken within 15 s (longer than the functions' own deadline on their
// storage and mail calls, so that those end first, in a 503), and an idle connection is closed
// after 30 s.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 15 * time.Second, Idle: 30 * time.Second}

// Server is the HTTP server the local stack runs h with, at addr.
func Server(addr string, h http.Handler, t Timeouts) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read,
		WriteTimeout: t.Write, IdleTimeout: t.Idle, MaxHeaderBytes: 64 << 10}
}
