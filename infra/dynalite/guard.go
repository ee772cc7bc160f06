package dynalite

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// guard is dynalite's front door. dynalite throws, and exits, when a client hangs up in the
// middle of sending a request (a cancelled call, a killed process); the guard reads each request
// whole before passing it on, and passes it on detached from its client, so dynalite only ever
// sees whole requests from a client that waits for the answer.
type guard struct {
	srv *http.Server
	ln  net.Listener
}

// upstreamLimit bounds one forwarded call, so that a frozen dynalite cannot hold the guard's
// calls for ever; it is far longer than any caller waits (the functions' deadline is 6 s).
const upstreamLimit = time.Minute

// maxRequest is the largest request passed on; DynamoDB's own limit is far below it.
const maxRequest = 16 << 20

// hopHeaders are a connection's own headers, never passed on.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// startGuard listens on addr and passes whole requests on to the dynalite at upstream.
func startGuard(addr, upstream string) (*guard, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	g := &guard{ln: ln, srv: &http.Server{Handler: forward(upstream, client), ReadHeaderTimeout: 10 * time.Second}}
	go g.srv.Serve(ln)
	return g, nil
}

// close stops listening and drops every open connection.
func (g *guard) close() { g.srv.Close() }

func forward(upstream string, client *http.Client) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequest))
		if err != nil {
			return // the client hung up before sending it all: nothing reaches dynalite
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), upstreamLimit)
		defer cancel()
		out, err := http.NewRequestWithContext(ctx, r.Method, upstream+r.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		out.Header = r.Header.Clone()
		for _, h := range hopHeaders {
			out.Header.Del(h)
		}
		out.Host = r.Host
		res, err := client.Do(out)
		if err != nil {
			// dynalite is down: the client sees its connection close, as if it had reached dynalite
			// itself, and its SDK treats that as a failed send.
			panic(http.ErrAbortHandler)
		}
		defer res.Body.Close()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		for _, h := range hopHeaders {
			w.Header().Del(h)
		}
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
	})
}
