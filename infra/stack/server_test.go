package stack_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// serve runs h on a loopback port with the given timeouts and returns its address.
func serve(t *testing.T, h http.Handler, to stack.Timeouts) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := stack.Server(l.Addr().String(), h, to)
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// closedWithin reports whether the server closes c within d.
func closedWithin(t *testing.T, c net.Conn, d time.Duration) bool {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if err != nil && (!isTimeout(err, &ne)) {
		return true // reset by the server
	}
	return err == nil // EOF: closed by the server; a timeout means it was still open
}

func isTimeout(err error, ne *net.Error) bool {
	if e, ok := err.(net.Error); ok && e.Timeout() {
		*ne = e
		return true
	}
	return false
}

func TestSlowClientsAndIdleConnectionsAreCut(t *testing.T) {
	to := stack.Timeouts{ReadHeader: 300 * time.Millisecond, Read: 500 * time.Millisecond, Write: time.Second, Idle: 400 * time.Millisecond}
	addr := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte("ok"))
	}), to)

	// A body sent a byte at a time, never finished.
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if _, err := slow.Write([]byte("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range 20 {
			if _, err := slow.Write([]byte("a")); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	if !closedWithin(t, slow, 3*time.Second) {
		t.Error("a body trickling in a byte at a time held the connection past the read timeout")
	}

	// A kept-alive connection left idle after one request.
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	if _, err := idle.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(idle), nil)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("first request: %v %v", res, err)
	}
	if !closedWithin(t, idle, 3*time.Second) {
		t.Error("an idle kept-alive connection stayed open past the idle timeout")
	}
}

// The stack's own timeouts are bounded, and answers are written for longer than the functions'
// deadline on their calls, so that a slow dependency ends in their 503, not a cut connection.
func TestDefaultTimeouts(t *testing.T) {
	d := stack.DefaultTimeouts
	for name, v := range map[string]time.Duration{"read header": d.ReadHeader, "read": d.Read, "write": d.Write, "idle": d.Idle} {
		if v <= 0 || v > 30*time.Second {
			t.Errorf("%s timeout %v, want within (0, 30s]", name, v)
		}
	}
	if d.Write <= local.Deadline {
		t.Errorf("write timeout %v is not longer than the functions' deadline %v", d.Write, local.Deadline)
	}
	if !strings.Contains(stack.Server("x", nil, d).Addr, "x") {
		t.Error("the server does not listen at the address given")
	}
}
