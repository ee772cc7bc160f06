package stack_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// A burst of clients that hang up mid-request — some after half the body, some as soon as the
// whole application is sent — stops nothing: the stack keeps answering, the database is never
// restarted, every application sent whole is stored and confirmed (never stored without its
// email), and the next applicant's application is stored.
func TestClientsThatHangUpStopNothing(t *testing.T) {
	ctx := context.Background()
	db, logs := dynalite.MustSupervise(t, dynalite.Options{}) // its own: the test counts its restarts
	outbox := t.TempDir()
	st, err := stack.New(ctx, stack.Config{SiteDir: site(t), DynamoDB: db.Endpoint, Outbox: outbox,
		Calendar: local.DemoCalendar(time.Now()), Unthrottled: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	srv := httptest.NewServer(st.Handler())
	defer srv.Close()

	const clients = 120 // half of them send the whole application
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.URL, "http://"), 5*time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			body := strings.Replace(application, "tomasz@example.org", fmt.Sprintf("hung-up-%d@example.org", i), 1)
			sent := body
			if i%2 == 0 {
				sent = body[:len(body)/2]
			}
			fmt.Fprintf(conn, "POST /api/applications HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
				"Content-Length: %d\r\n\r\n%s", conn.RemoteAddr(), len(body), sent)
			time.Sleep(time.Duration(i%4) * time.Millisecond)
		}()
	}
	wg.Wait()

	// The whole applications run to their end after their clients left: each gets its confirmation.
	confirmed := func() map[string]bool {
		mails, err := local.ReadOutbox(outbox)
		if err != nil {
			t.Fatal(err)
		}
		to := map[string]bool{}
		for _, m := range mails {
			to[m.To] = true
		}
		return to
	}
	deadline := time.Now().Add(local.Deadline + 5*time.Second)
	for len(confirmed()) < clients/2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	to := confirmed()
	for i := range clients {
		want := i%2 == 1
		if got := to[fmt.Sprintf("hung-up-%d@example.org", i)]; got != want {
			t.Errorf("client %d (whole application sent: %v): confirmation written %v", i, want, got)
		}
	}
	if n := db.Restarts(); n != 0 {
		t.Fatalf("the database was restarted %d times; logs: %s", n, logs.String())
	}
	res, err := http.Get(srv.URL + "/")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the stack stopped answering: %v %v", err, res)
	}
	res.Body.Close()
	if code, id := post(t, srv.URL+"/api/applications", "application/json", application); code != http.StatusCreated || id == "" {
		t.Fatalf("the next application: %d %q, want 201 with its id", code, id)
	}
	if code, _ := post(t, srv.URL+"/api/applications", "application/json", application); code != http.StatusOK {
		t.Fatalf("the next application sent again: %d, want 200 (it was stored)", code)
	}
	select {
	case err := <-db.Failed():
		t.Fatal(err)
	default:
	}
}
