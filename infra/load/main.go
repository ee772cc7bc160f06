// Command load repeats the fault trial of the submission path on this machine, bounded and on
// loopback only (make load): the local stack on its own supervised dynalite and outbox, first a
// cohort of pairs matched by the staff liaison's matcher command (propose, then commit) and
// introduced, then hostile and careless input, then, for the same seconds and under the same
// faults (the database killed, then frozen longer than the functions' deadline, then the mail
// outbox made unwritable): applications sent by careful clients (each retries a fault with the
// same answers, as a person or the page would; some double-click, some type their address
// differently the second time); the pairs' participant forms, through their personal links and
// sessions (goals, changed goals, the same goals sent again, double clicks, monthly check-ins
// some of which ask for help, days in touch, new-link requests and a few withdrawals, each fault
// retried with the same answers and form key); and a staff step (propose and commit of more
// applicants, tried again when it fails). Then, under the same faults again, a rematch: some
// mentees ask for one through their sessions (double clicks, a request sent again), and staff
// review and accept the requests, run the rematch step (its first try stopped in the freeze,
// then tried again) and commit it, twice. Then every applicant whose confirmation has not
// arrived sends the form again, as a person would, and the local sender sends what is still
// owed.
//
// It prints the requests sent by status, acknowledged against stored submissions (read back from
// the table) in each fault's window, and, for every email a submission or a staff step owes
// (receipts, goals copies, "we need help" alerts, withdrawal notices and alerts, new links,
// introductions, notices that a match ended, rematch introductions), how many were sent once,
// never and more than once, with the same email delivered twice across the outbox's files, and
// the matches a rematch ended and made; it exits with status 1, naming each goal missed (0 lost,
// 0 duplicates, every owed email sent exactly once, 0 5xx from bad input).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// The trial's bounds.
const (
	workers      = 4
	hostileCount = 2000             // bad requests sent
	faultTrial   = 24 * time.Second // how long applications are sent under faults
	maxAttempts  = 12               // a client's tries of one application
	retryCap     = time.Second      // the longest a client waits between tries (Retry-After says 10 s)
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tmp, err := os.MkdirTemp("", "alsc-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	logFile, err := os.Create(filepath.Join(tmp, "stack.log"))
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(logFile, nil))
	db, err := dynalite.Supervise(ctx, dynalite.Options{Path: filepath.Join(tmp, "dynalite")}, log, nil)
	if err != nil {
		return err
	}
	defer db.Stop()
	outbox := filepath.Join(tmp, "outbox")
	calendar, err := trialCalendar(time.Now())
	if err != nil {
		return err
	}
	st, err := stack.New(ctx, stack.Config{
		SiteDir: filepath.Join(devenv.Root(), "site", "public"), DynamoDB: db.Endpoint, Outbox: outbox,
		Calendar: calendar, Unthrottled: true, MinFill: time.Millisecond, Log: log,
	})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := stack.Server(l.Addr().String(), st.Handler(), stack.DefaultTimeouts)
	go srv.Serve(l)
	defer srv.Close()
	url := "http://" + l.Addr().String() + applyPath()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers + pairCount}}

	t := &trial{client: client, url: url, statuses: map[string]map[int]int{}}
	fmt.Printf("fault trial of POST %s and the participant forms on %s (loopback), %d applicants' clients and %d pairs\n\n", applyPath(), l.Addr(), workers, pairCount)

	// 0. A cohort of matched pairs, paired by the staff liaison's own matcher command (propose,
	// then commit), whose introductions carry each person's personal link; and the applicants a
	// staff step under faults pairs later.
	began := time.Now()
	pt, m, err := cohort(ctx, t, "http://"+l.Addr().String(), tmp, db.Endpoint, outbox, calendar, st)
	if err != nil {
		return err
	}
	fmt.Printf("%d pairs matched by the matcher command and introduced, in %s\n\n", len(pt.pairs), time.Since(began).Round(100*time.Millisecond))

	// 1. Hostile and careless input.
	t.hostile()

	// 2. Applications, the pairs' forms and a staff step, under faults.
	start := time.Now()
	windows := t.faults(ctx, db, outbox, start)
	var phase sync.WaitGroup
	phase.Go(func() { t.applications(start) })
	phase.Go(func() { pt.run(start) })
	phase.Go(func() {
		// Staff propose once the database is back from its freeze, and commit while the outbox
		// is unwritable, trying again as staff would when a step fails.
		time.Sleep(time.Until(start.Add(17 * time.Second)))
		_, notes, err := m.match(ctx, local.DemoYear, step{mode: "propose", tries: 10, commitAt: func() { time.Sleep(time.Until(start.Add(19100 * time.Millisecond))) }})
		if err != nil {
			notes = append(notes, "gave up: "+err.Error())
		}
		pt.staff = notes
	})
	phase.Wait()
	fmt.Printf("traffic under faults took %s\n", time.Since(start).Round(100*time.Millisecond))

	// 3. After the commits, some mentees ask for a rematch and staff accept the requests and pair
	// them anew, under the same faults again.
	rematchStart := time.Now()
	rematchWindows := t.faults(ctx, db, outbox, rematchStart)
	pt.rematches(ctx, m, rematchStart)
	fmt.Printf("rematches under faults took %s\n", time.Since(rematchStart).Round(100*time.Millisecond))

	// 4. Applicants whose confirmation has not arrived send the form again, a little later (a
	// replay within the first request's deadline leaves the email to that request).
	time.Sleep(local.Deadline + time.Second)
	owedBefore, err := t.owed(outbox)
	if err != nil {
		return err
	}
	for _, s := range owedBefore {
		t.submit(s, "applicants' retries")
	}
	// 5. The sender sends what is still owed (the emails owed in each submission's own write go
	// after the faults, later but once).
	drained := time.Now()
	for time.Since(drained) < 2*time.Minute {
		if n, err := st.SendOwed(ctx); err == nil && n == 0 {
			break
		}
		time.Sleep(time.Second)
	}
	fmt.Printf("the sender sent what was still owed in %s\n\n", time.Since(drained).Round(100*time.Millisecond))
	owedAfter, err := t.owed(outbox)
	if err != nil {
		return err
	}
	items, err := scan(ctx, db.Endpoint)
	if err != nil {
		return fmt.Errorf("reading the table: %w", err)
	}
	mails, err := local.ReadOutboxFiles(outbox)
	if err != nil {
		return err
	}
	missed := t.report(items, outbox, *windows, owedBefore, owedAfter, db.Restarts())
	missed = append(missed, pt.report(items, mails, *windows)...)
	missed = append(missed, pt.rematchReport(items, mails, *rematchWindows)...)
	fmt.Printf("the whole trial took %s\n", time.Since(began).Round(100*time.Millisecond))
	if len(missed) > 0 {
		return fmt.Errorf("goals missed: %s", strings.Join(missed, "; "))
	}
	fmt.Println("goals met: 0 lost, 0 duplicates, every owed email sent exactly once, 0 5xx from bad input")
	return nil
}

// cohort seeds the trial's matched pairs through the matcher command and reads their
// introductions, and adds the applicants the staff step under faults pairs.
func cohort(ctx context.Context, t *trial, base, tmp, endpoint, outbox string, calendar []byte, st *stack.Stack) (*participantTrial, *matcher, error) {
	m, err := buildMatcher(tmp, endpoint, outbox, calendar)
	if err != nil {
		return nil, nil, err
	}
	cfg := local.Config{DynamoDB: endpoint, Calendar: calendar}
	if _, err := local.AddAcceptedPeople(ctx, cfg, local.DemoYear, "trial", pairCount); err != nil {
		return nil, nil, err
	}
	if _, _, err := m.match(ctx, local.DemoYear, step{mode: "propose", tries: 2}); err != nil {
		return nil, nil, err
	}
	if _, err := st.SendOwed(ctx); err != nil {
		return nil, nil, err
	}
	intros, err := introductions(outbox)
	if err != nil {
		return nil, nil, err
	}
	pairs, err := pairsOf("Trial", pairCount, intros)
	if err != nil {
		return nil, nil, err
	}
	if _, err := local.AddAcceptedPeople(ctx, cfg, local.DemoYear, "later", laterPairs); err != nil {
		return nil, nil, err
	}
	pt := &participantTrial{trial: t, base: base, pairs: pairs}
	return pt, m, nil
}

// trialCalendar is the demo calendar as seen at now, but for its year under way (the matched
// pairs'), which is moved 40 days earlier, so that today its pairs' monthly check-ins are open
// (goals are still accepted, late) while the next year takes applications, and whose program
// start is ten days ago, so that the 30 days in which a pair may ask for a rematch are open too.
func trialCalendar(now time.Time) ([]byte, error) {
	var today, earlier map[string]any
	if err := toml.Unmarshal(local.DemoCalendar(now), &today); err != nil {
		return nil, err
	}
	if err := toml.Unmarshal(local.DemoCalendar(now.AddDate(0, 0, -40)), &earlier); err != nil {
		return nil, err
	}
	cycles, _ := today["cycles"].([]any)
	moved, _ := earlier["cycles"].([]any)
	if len(cycles) != 2 || len(moved) != 2 {
		return nil, errors.New("the demo calendar does not have its two years")
	}
	cycles[0] = moved[0]
	// Its program start, from which the rematch window runs, is ten days ago, so that its pairs
	// may ask for a rematch too.
	zone, _ := today["time_zone"].(string)
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	year, _ := moved[0].(map[string]any)
	events, _ := year["events"].([]any)
	started := false
	for _, e := range events {
		if e, _ := e.(map[string]any); e["key"] == "program" {
			day := now.In(loc).AddDate(0, 0, -10).Format(time.DateOnly)
			e["opens"], e["closes"], started = day, day, true
		}
	}
	if !started {
		return nil, errors.New("the demo calendar's year under way has no program start")
	}
	return toml.Marshal(today)
}

func applyPath() string {
	for _, r := range local.Routes() {
		if r.Function == "apply" {
			return r.Path
		}
	}
	panic("no apply route")
}

// trial holds what the clients sent and were answered.
type trial struct {
	client *http.Client
	url    string

	mu       sync.Mutex
	statuses map[string]map[int]int // phase → status → requests (0: no answer)
	subs     []*submission
	slowest  time.Duration
}

// submission is one applicant's application and what became of it.
type submission struct {
	n       int
	email   string
	body    []byte
	variant []byte // the same answers with the address typed differently, for a second send
	sentAt  time.Time
	ackID   string // the id a 201 or 200 answered
	refused int    // a 4xx answer, which a careful client with valid answers should never get
}

func (t *trial) count(phase string, status int, took time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.statuses[phase] == nil {
		t.statuses[phase] = map[int]int{}
	}
	t.statuses[phase][status]++
	t.slowest = max(t.slowest, took)
}

// post sends one request and returns its status (0 when no answer came) and the answer's id.
func (t *trial) post(phase, contentType string, body []byte, header map[string]string) (int, string, time.Duration) {
	req, err := http.NewRequest(http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	res, err := t.client.Do(req)
	took := time.Since(start)
	if err != nil {
		t.count(phase, 0, took)
		return 0, "", retryCap
	}
	defer res.Body.Close()
	var answer struct{ ID string }
	b, _ := io.ReadAll(res.Body)
	json.Unmarshal(b, &answer)
	t.count(phase, res.StatusCode, took)
	wait := retryCap
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil {
		wait = min(time.Duration(s)*time.Second, retryCap)
	}
	return res.StatusCode, answer.ID, wait
}

// hostile sends bad requests of every kind the trial found, round robin.
func (t *trial) hostile() {
	good := application(-1)
	with := func(k string, v any) []byte {
		a := application(-1)
		a[k] = v
		b, _ := json.Marshal(a)
		return b
	}
	goodJSON, _ := json.Marshal(good)
	kinds := []struct {
		contentType string
		body        []byte
		header      map[string]string
	}{
		{"application/json", []byte(`{"role":"mentee"`), nil},
		{"application/json", []byte(`[1,2,3]`), nil},
		{"application/json", with("name", "Dr. Eve\r\n\r\nURGENT from ALSC: your link expired"), nil},
		{"application/json", with("organisation", "Library \u202egnp.exe"), nil},
		{"application/json", with("city", "Quill\u200bbrook"), nil},
		{"application/json", bytes.Replace(goodJSON, []byte("Chicago"), []byte("Chi\xffcago"), 1), nil},
		{"application/json", with("fill_ms", int64(10_000_000_000_000)), nil},
		{"application/json", with("fill_ms", -1), nil},
		{"application/json", with("capacity", 1e300), nil},
		{"application/json", with("is_admin", true), nil},
		{"application/json", with("name", strings.Repeat("名", 5000)), nil},
		{"application/json", bytes.Repeat([]byte("a"), 70<<10), nil},
		{"text/plain", goodJSON, nil},
		{"application/x-www-form-urlencoded", []byte("role=mentee&name=%zz"), nil},
		{"application/x-www-form-urlencoded", []byte("role=mentee&name=A&name=B"), nil},
		{"application/json", goodJSON, map[string]string{"Origin": "https://evil.example"}},
		{"application/json", goodJSON, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				k := kinds[i%len(kinds)]
				t.post("bad input", k.contentType, k.body, k.header)
			}
		})
	}
	for i := range hostileCount {
		next <- i
	}
	close(next)
	wg.Wait()
}

// window is when a fault lasted.
type window struct {
	name       string
	start, end time.Time
}

// faults kills the database, freezes it for longer than the functions' deadline, and makes the
// outbox unwritable, one after another, while the applications are sent.
func (t *trial) faults(ctx context.Context, db *dynalite.Supervised, outbox string, start time.Time) *[]window {
	var out []window
	var mu sync.Mutex
	record := func(w window) {
		mu.Lock()
		out = append(out, w)
		mu.Unlock()
	}
	go func() {
		sleepUntil := func(d time.Duration) { time.Sleep(time.Until(start.Add(d))) }
		sleepUntil(3 * time.Second)
		w := window{name: "database killed", start: time.Now()}
		syscall.Kill(db.Pid(), syscall.SIGKILL)
		for before := db.Restarts(); db.Restarts() == before && ctx.Err() == nil; {
			time.Sleep(20 * time.Millisecond)
		}
		w.end = time.Now().Add(time.Second)
		record(w)

		sleepUntil(8 * time.Second)
		w = window{name: "database frozen 8 s", start: time.Now()}
		pid := db.Pid()
		syscall.Kill(pid, syscall.SIGSTOP)
		time.Sleep(8 * time.Second)
		syscall.Kill(pid, syscall.SIGCONT)
		w.end = time.Now().Add(time.Second)
		record(w)

		sleepUntil(19 * time.Second)
		w = window{name: "outbox unwritable 2 s", start: time.Now()}
		aside := outbox + ".aside"
		if err := os.Rename(outbox, aside); err == nil {
			os.WriteFile(outbox, nil, 0o644) // a file where the folder should be
			time.Sleep(2 * time.Second)
			os.Remove(outbox)
			os.Rename(aside, outbox)
		}
		w.end = time.Now()
		record(w)
	}()
	return &out
}

// applications sends new applications from the workers until the trial's time is up; about one
// in ten is double-clicked, and one in ten is sent again with the address typed differently.
func (t *trial) applications(start time.Time) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for range workers {
		wg.Go(func() {
			for time.Since(start) < faultTrial {
				mu.Lock()
				n++
				i := n
				mu.Unlock()
				s := newSubmission(i)
				t.mu.Lock()
				t.subs = append(t.subs, s)
				t.mu.Unlock()
				if i%10 == 3 { // a double click: two sends at once
					var both sync.WaitGroup
					both.Go(func() { t.submit(s, "applications under faults") })
					t.submit(s, "applications under faults")
					both.Wait()
					continue
				}
				t.submit(s, "applications under faults")
				if i%10 == 7 {
					status, _, _ := t.post("applications under faults", "application/json", s.variant, nil)
					if status != http.StatusOK && status != http.StatusServiceUnavailable && status != 0 {
						t.mu.Lock()
						s.refused = status
						t.mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
}

// submit sends s until it is acknowledged or the client gives up.
func (t *trial) submit(s *submission, phase string) {
	t.mu.Lock()
	if s.sentAt.IsZero() {
		s.sentAt = time.Now()
	}
	t.mu.Unlock()
	for range maxAttempts {
		status, id, wait := t.post(phase, "application/json", s.body, nil)
		switch {
		case status == http.StatusCreated || status == http.StatusOK:
			t.mu.Lock()
			s.ackID = id
			t.mu.Unlock()
			return
		case status >= 400 && status < 500:
			t.mu.Lock()
			s.refused = status
			t.mu.Unlock()
			return
		}
		time.Sleep(wait)
	}
}

func newSubmission(i int) *submission {
	a := application(i)
	body, _ := json.Marshal(a)
	a["email"] = strings.ToUpper(a["email"].(string)[:1]) + "\u200b" + a["email"].(string)[1:]
	variant, _ := json.Marshal(a)
	return &submission{n: i, email: application(i)["email"].(string), body: body, variant: variant}
}

func application(i int) map[string]any {
	return map[string]any{
		"role": "mentee", "name": fmt.Sprintf("Trial Applicant %d", i), "email": fmt.Sprintf("trial%d@example.org", i),
		"organisation": "Trial Library", "position": "Library assistant", "city": "Chicago", "region": "IL",
		"country": "USA", "time_zone": "America/Chicago", "connection": "I lead story time twice a week.",
		"situation": "early_career", "hopes": "Confidence in planning programs.", "interests": []string{"programming"},
		"communication": []string{"email"}, "in_person": "no", "geo_preference": "none", "gender_preference": "none",
		"race_preference": "none", "consent": true, "fill_ms": 20000,
	}
}

// owed lists the acknowledged applications whose address has no email in the outbox.
func (t *trial) owed(outbox string) ([]*submission, error) {
	mails, err := emailsByAddress(outbox)
	if err != nil {
		return nil, err
	}
	var out []*submission
	for _, s := range t.subs {
		if s.ackID != "" && mails[s.email] == 0 {
			out = append(out, s)
		}
	}
	return out, nil
}

func emailsByAddress(outbox string) (map[string]int, error) {
	msgs, err := local.ReadOutbox(outbox)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, m := range msgs {
		out[strings.ToLower(m.To)]++
	}
	return out, nil
}

// scan reads every item in the table.
func scan(ctx context.Context, endpoint string) ([]map[string]types.AttributeValue, error) {
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	var out []map[string]types.AttributeValue
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String("mentoring")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
	}
	return out, nil
}

// applicants are the applications in the table of the trial's applicants: id → address.
func applicants(items []map[string]types.AttributeValue) map[string]string {
	out := map[string]string{}
	for _, it := range items {
		sk, _ := it["sk"].(*types.AttributeValueMemberS)
		id, _ := it["id"].(*types.AttributeValueMemberS)
		email, _ := it["email"].(*types.AttributeValueMemberS)
		if sk != nil && strings.HasPrefix(sk.Value, "APP#") && id != nil && email != nil && applicantAddress.MatchString(email.Value) {
			out[id.Value] = email.Value
		}
	}
	return out
}

// applicantAddress matches the addresses of the trial's applicants, as they typed them.
var applicantAddress = regexp.MustCompile(`(?i)^t\x{200b}?rial[0-9]+@example\.org$`)

// report prints the requests by status and the applications' figures, and returns the goals
// missed, named.
func (t *trial) report(items []map[string]types.AttributeValue, outbox string, windows []window, owedBefore, owedAfter []*submission, restarts int) []string {
	apps := applicants(items)
	mails, err := emailsByAddress(outbox)
	if err != nil {
		return []string{"reading the outbox: " + err.Error()}
	}
	fmt.Println("requests sent, by status (0: no answer):")
	var phases []string
	for p := range t.statuses {
		phases = append(phases, p)
	}
	sort.Strings(phases)
	total := 0
	for _, p := range phases {
		var codes []int
		for c := range t.statuses[p] {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		var parts []string
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%d: %d", c, t.statuses[p][c]))
			total += t.statuses[p][c]
		}
		fmt.Printf("  %-32s %s\n", p, strings.Join(parts, ", "))
	}
	fmt.Printf("  %-32s %d in all; slowest answer %.1f s\n\n", "", total, t.slowest.Seconds())

	byID := map[string]bool{}
	perAddress := map[string]int{}
	for id, email := range apps {
		byID[id] = true
		perAddress[strings.ToLower(strings.ReplaceAll(email, "\u200b", ""))]++
	}
	in := func(s *submission, w window) bool { return !s.sentAt.Before(w.start) && s.sentAt.Before(w.end) }
	fmt.Println("applications: acknowledged vs stored, by when first sent:")
	all := append([]window{{name: "whole trial", start: time.Time{}, end: time.Now().Add(time.Hour)}}, windows...)
	lost, refused, gaveUp := 0, 0, 0
	for _, w := range all {
		sent, acked, kept := 0, 0, 0
		for _, s := range t.subs {
			if !in(s, w) {
				continue
			}
			sent++
			if s.ackID != "" {
				acked++
				if byID[s.ackID] {
					kept++
				}
			}
		}
		fmt.Printf("  %-26s sent %d, acknowledged %d, of those stored %d, lost %d\n", w.name, sent, acked, kept, acked-kept)
	}
	for _, s := range t.subs {
		switch {
		case s.ackID != "" && !byID[s.ackID]:
			lost++
		case s.refused != 0:
			refused++
		case s.ackID == "":
			gaveUp++
		}
	}
	duplicates, dupEmails := 0, 0
	for _, n := range perAddress {
		duplicates += n - 1
	}
	for address, n := range mails {
		if n > 1 && applicantAddress.MatchString(address) {
			dupEmails += n - 1
		}
	}
	bad5xx := 0
	for c, n := range t.statuses["bad input"] {
		if c >= 500 || c == 0 {
			bad5xx += n
		}
	}
	fmt.Printf("  stored in all %d; given up by the client %d; valid answers refused %d\n\n", len(apps), gaveUp, refused)
	fmt.Printf("database restarts by the stack: %d\n", restarts)
	for _, s := range owedAfter {
		fmt.Printf("  acknowledged without email in the end: %s (answered %s), first sent at %s\n", s.email, s.ackID, s.sentAt.Format(time.StampMilli))
	}
	fmt.Printf("confirmations acknowledged but not sent: %d before the applicants' retries, %d in the end\n", len(owedBefore), len(owedAfter))
	fmt.Printf("duplicates stored: %d; duplicate confirmation emails: %d\n", duplicates, dupEmails)
	fmt.Printf("5xx (or no answer) to bad input: %d\n", bad5xx)
	fmt.Printf("lost (acknowledged, not stored): %d\n\n", lost)
	var missed []string
	for _, m := range []struct {
		n    int
		what string
	}{{lost, "applications lost"}, {duplicates, "duplicate applications stored"}, {dupEmails, "duplicate confirmation emails"},
		{len(owedAfter), "applications acknowledged without email in the end"}, {bad5xx, "5xx (or no answer) to bad input"},
		{refused, "valid applications refused"}} {
		if m.n > 0 {
			missed = append(missed, fmt.Sprintf("%d %s", m.n, m.what))
		}
	}
	return missed
}
