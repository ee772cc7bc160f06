package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/devenv"
)

// aims are when (into the traffic under faults) the pairs that end with a new-link request or a
// withdrawal send it: the database killed, frozen (twice) and the outbox unwritable (twice); see
// (*trial).faults.
var aims = []time.Duration{3100 * time.Millisecond, 9 * time.Second, 13 * time.Second, 19300 * time.Millisecond, 20200 * time.Millisecond}

// The participant phase's bounds.
const (
	pairCount   = 48 // pairs matched before the faults, whose people send the participant forms
	laterPairs  = 6  // pairs the staff step matches under faults
	formsPhase  = "participant forms under faults"
	signInPhase = "sign-ins and form pages"
)

// person is one matched participant: who they are, their personal link and their session.
type person struct {
	role, name, email string
	token             string // from their introduction
	cookie            string // the session the link was exchanged for
}

// pair is one matched pair whose people send the participant forms.
type pair struct {
	n              int
	mentee, mentor *person
}

func (p *pair) partnerOf(who *person) *person {
	if who == p.mentee {
		return p.mentor
	}
	return p.mentee
}

// form is one participant submission the trial sent and what became of it.
type form struct {
	what    string // goals, changed goals, goals sent again, check-in, contact, withdrawal, new link, rematch request (and sent again)
	route   string
	pair    *pair
	by      *person
	body    []byte
	goal    string // goals: the first goal's words, which the partner's copy carries
	help    bool   // a check-in answering "we need help"
	reason  string // a rematch request's reason, for staff
	sentAt  time.Time
	ackID   string // the id a 201 or 200 answered (new links: "accepted")
	status  int    // the last answer
	refused int    // a 4xx answer to valid answers
}

// participantTrial holds the matched pairs and what their people sent.
type participantTrial struct {
	*trial
	base  string // the stack's address, http://127.0.0.1:N
	pairs []*pair

	start time.Time // when the traffic under faults began

	mu    sync.Mutex
	sent  []*form
	staff []string // what the staff step did, in sentences

	rematchStart    time.Time // when the rematch phase's traffic began
	rematchAccepted []string  // the review keys of the requests staff accepted
	rematchProposal string    // the rematch proposal staff committed
	rematchStaff    []string  // what staff did in the rematch phase, in sentences
}

// noRedirect is a client that shows a redirect's answer (the session cookie) instead of following it.
func noRedirect(c *http.Client) *http.Client {
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cc
}

// do sends one request of a participant's (with their session, when they have one) and returns
// its status (0: no answer), body and the wait a fault asks for.
func (pt *participantTrial) do(phase, method, path string, who *person, body []byte) (int, []byte, time.Duration) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, pt.base+path, r)
	if err != nil {
		panic(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != nil && who.cookie != "" {
		req.Header.Set("Cookie", sessionCookie+"="+who.cookie)
	}
	start := time.Now()
	res, err := noRedirect(pt.client).Do(req)
	took := time.Since(start)
	if err != nil {
		pt.count(phase, 0, took)
		return 0, nil, retryCap
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	pt.count(phase, res.StatusCode, took)
	if method == http.MethodGet && who != nil {
		for _, c := range res.Cookies() {
			if c.Name == sessionCookie && c.Value != "" {
				pt.mu.Lock()
				who.cookie = c.Value
				pt.mu.Unlock()
			}
		}
	}
	wait := retryCap
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil {
		wait = min(time.Duration(s)*time.Second, retryCap)
	}
	return res.StatusCode, b, wait
}

// sessionCookie is the cookie a personal link is exchanged for (web.SessionCookie).
const sessionCookie = "__Host-alsc_session"

// fault reports whether an answer is one a careful client retries: none, or a 5xx.
func fault(status int) bool { return status == 0 || status >= 500 }

// signIn opens the person's personal link until it answers with a session.
func (pt *participantTrial) signIn(who *person) bool {
	for range maxAttempts {
		status, _, wait := pt.do(signInPhase, http.MethodGet, local.PairPath+"?token="+who.token, who, nil)
		if status == http.StatusSeeOther && who.cookie != "" {
			return true
		}
		if !fault(status) {
			return false
		}
		time.Sleep(wait)
	}
	return false
}

var formKeyField = regexp.MustCompile(`name="form_key" value="([A-Za-z0-9_-]+)"`)

// formKey opens the person's page of the named form, as a browser does before sending it, and
// returns the key it was rendered with ("" when it has none or never answered).
func (pt *participantTrial) formKey(who *person, name string) string {
	for range maxAttempts {
		status, body, wait := pt.do(signInPhase, http.MethodGet, local.PairPath+"/"+name, who, nil)
		if status == http.StatusOK {
			if m := formKeyField.FindSubmatch(body); m != nil {
				return string(m[1])
			}
			return ""
		}
		if !fault(status) {
			return ""
		}
		time.Sleep(wait)
	}
	return ""
}

// send sends f until it is acknowledged, refused or the client gives up, as a careful person
// or the page's script does: a fault is retried with the same answers (and the same form key).
func (pt *participantTrial) send(f *form) {
	pt.mu.Lock()
	if f.sentAt.IsZero() {
		f.sentAt = time.Now()
		pt.sent = append(pt.sent, f)
	}
	pt.mu.Unlock()
	for range maxAttempts {
		status, body, wait := pt.do(formsPhase, http.MethodPost, f.route, f.by, f.body)
		pt.mu.Lock()
		f.status = status
		pt.mu.Unlock()
		switch {
		case status == http.StatusCreated || status == http.StatusOK:
			var answer struct{ ID string }
			json.Unmarshal(body, &answer)
			pt.mu.Lock()
			f.ackID = answer.ID
			pt.mu.Unlock()
			return
		case status == http.StatusAccepted: // a new link: the same answer whether or not the address is known
			pt.mu.Lock()
			f.ackID = "accepted"
			pt.mu.Unlock()
			return
		case !fault(status):
			pt.mu.Lock()
			f.refused = status
			pt.mu.Unlock()
			return
		}
		time.Sleep(wait)
	}
}

// sendTwice sends f as a double click does: twice at once.
func (pt *participantTrial) sendTwice(f *form) {
	second := *f
	second.sentAt = time.Time{}
	var both sync.WaitGroup
	both.Go(func() { pt.send(&second) })
	pt.send(f)
	both.Wait()
}

func jsonBody(answers map[string]any, key string) []byte {
	if key != "" {
		answers["form_key"] = key
	}
	b, _ := json.Marshal(answers)
	return b
}

// goalsAnswers are one goal's answers as the site's script sends them: the other goals' boxes
// empty and their lists [].
func goalsAnswers(text string) map[string]any {
	g := map[string]any{"goal_1": text, "objectives_1": []string{"skills", "connections"}, "measure_1": "We hold it by May."}
	for i := 2; i <= 5; i++ {
		n := strconv.Itoa(i)
		g["goal_"+n], g["objectives_"+n], g["measure_"+n] = "", []string{}, ""
	}
	return g
}

// run sends, for every pair at once, its people's forms, each step after a pause spread over the
// trial's time, until the time is up and every pair has finished: goals (some double-clicked),
// changed goals from the partner, the first goals sent again after their answer, both people's
// monthly check-in (some "we need help"), a day in touch (the first contact; some double-clicked,
// some recorded by both), a few new-link requests and, last, a few withdrawals.
func (pt *participantTrial) run(start time.Time) {
	pt.start = start
	const steps = 9
	var wg sync.WaitGroup
	for _, p := range pt.pairs {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(p.n), 7))
			// The pairs whose last step is a new link or a withdrawal take it at a set time, in
			// one fault or another, the others' steps land where they fall.
			span, last := faultTrial, time.Duration(0)
			if p.n%8 == 3 || p.n%8 == 5 {
				last = aims[(p.n/8+p.n%8/5)%len(aims)]
				span = last * steps / (steps + 2)
			}
			think := func() {
				if time.Since(start) < faultTrial {
					time.Sleep(time.Duration(rnd.Int64N(int64(2 * span / steps))))
				}
			}
			lastStep := func() { time.Sleep(time.Until(start.Add(last))) }
			think()
			if !pt.signIn(p.mentee) || !pt.signIn(p.mentor) {
				return
			}
			think()
			first := &form{what: "goals", route: "/api/goals", pair: p, by: p.mentee, goal: fmt.Sprintf("Pair %d, version 1: a family literacy night", p.n)}
			first.body = jsonBody(goalsAnswers(first.goal), pt.formKey(p.mentee, "goals"))
			if p.n%4 == 0 {
				pt.sendTwice(first)
			} else {
				pt.send(first)
			}
			if p.n%3 == 0 {
				think()
				f := &form{what: "changed goals", route: "/api/goals", pair: p, by: p.mentor, goal: fmt.Sprintf("Pair %d, version 2: a summer reading club", p.n)}
				f.body = jsonBody(goalsAnswers(f.goal), pt.formKey(p.mentor, "goals"))
				pt.send(f)
			}
			if p.n%5 == 1 && first.ackID != "" {
				think()
				again := *first
				again.what, again.sentAt, again.ackID = "goals sent again", time.Time{}, ""
				pt.send(&again)
			}
			for _, who := range []*person{p.mentee, p.mentor} {
				think()
				how := []string{"fine", "could_be_better"}[p.n%2]
				if (who == p.mentee && p.n%4 == 1) || (who == p.mentor && p.n%7 == 3) {
					how = "need_help"
				}
				f := &form{what: "check-in", route: "/api/check-ins", pair: p, by: who, help: how == "need_help"}
				f.body = jsonBody(map[string]any{"how_going": how}, pt.formKey(who, "checkin"))
				pt.send(f)
			}
			think()
			by := []*person{p.mentee, p.mentor}[p.n%2]
			f := &form{what: "contact", route: "/api/contacts", pair: p, by: by}
			f.body = jsonBody(map[string]any{"in_touch": true}, pt.formKey(by, "contact"))
			if p.n%6 == 2 {
				pt.sendTwice(f)
			} else {
				pt.send(f)
			}
			if p.n%5 == 0 { // the partner records the same day too
				other := p.partnerOf(by)
				f := &form{what: "contact", route: "/api/contacts", pair: p, by: other}
				f.body = jsonBody(map[string]any{"in_touch": true}, pt.formKey(other, "contact"))
				pt.send(f)
			}
			if p.n%8 == 3 {
				lastStep()
				f := &form{what: "new link", route: "/api/links", pair: p, by: &person{email: p.mentee.email}}
				f.body = jsonBody(map[string]any{"email": p.mentee.email}, "")
				if p.n%16 == 3 {
					pt.sendTwice(f)
				} else {
					pt.send(f)
				}
			}
			if p.n%8 == 5 {
				lastStep()
				f := &form{what: "withdrawal", route: "/api/withdrawals", pair: p, by: p.mentee}
				f.body = jsonBody(map[string]any{"confirm": true, "reason": "A new job leaves no time."}, pt.formKey(p.mentee, "withdrawal"))
				if p.n%16 == 5 {
					pt.sendTwice(f)
				} else {
					pt.send(f)
				}
			}
		})
	}
	wg.Wait()
}

// matcher runs the staff liaison's matcher command (built from ./functions/matcher) on the
// trial's stack, as make match does.
type matcher struct {
	bin string
	env []string
}

// buildMatcher builds the matcher command into dir.
func buildMatcher(dir, endpoint, outbox string, calendar []byte) (*matcher, error) {
	bin := filepath.Join(dir, "matcher")
	cmd := exec.Command("go", "build", "-o", bin, "./functions/matcher")
	cmd.Dir = devenv.Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the matcher: %v\n%s", err, out)
	}
	cal := filepath.Join(dir, "calendar.toml")
	if err := os.WriteFile(cal, calendar, 0o644); err != nil {
		return nil, err
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_REGION=us-east-1", "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local",
		"TABLE_NAME=mentoring", "OUTBOX_DIR=" + outbox, "CALENDAR_FILE=" + cal, "SITE_URL=http://localhost",
		"EMAIL_FROM=" + local.EmailFrom, "STAFF_EMAILS=" + local.StaffEmail, "REPORTS_DIR=" + filepath.Join(dir, "reports")}
	return &matcher{bin: bin, env: env}, nil
}

// answer is what the trial reads of the matcher's answer: the proposal it made or committed, its
// message, and, from review, the rematch requests.
type answer struct {
	Proposal string
	Message  string
	Requests []struct{ Key, Status string } `json:"rematch_requests"`
}

// run runs one event and returns its answer; a run still going after timeout (when given) is
// stopped, as an invocation's timeout stops it.
func (m *matcher) run(ctx context.Context, event map[string]any, timeout time.Duration) (answer, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	ev, _ := json.Marshal(event)
	cmd := exec.CommandContext(ctx, m.bin, "-event", string(ev))
	cmd.Env = m.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() == context.DeadlineExceeded {
		return answer{}, fmt.Errorf("no answer within %s: the run was stopped", timeout)
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		return answer{}, fmt.Errorf("%v: %s", err, msg)
	}
	var a answer
	if err := json.Unmarshal(out, &a); err != nil {
		return answer{}, fmt.Errorf("the matcher's answer: %w", err)
	}
	return a, nil
}

// lockLeft is the refusal of a run for the lock a stopped run left; it names the lock's owner.
var lockLeft = regexp.MustCompile(`break-lock step with (\S+), then`)

// try runs one event as staff run one try of a step, stopped after timeout (when given). When
// it is refused for the lock a stopped run left, staff break that lock (the refusal names its
// owner), so that the next try can run. It says what happened in a sentence.
func (m *matcher) try(ctx context.Context, what string, event map[string]any, n int, timeout time.Duration) (answer, string, error) {
	started := time.Now()
	a, err := m.run(ctx, event, timeout)
	if err == nil {
		return a, fmt.Sprintf("%s succeeded on try %d (%.1f s)", what, n, time.Since(started).Seconds()), nil
	}
	note := fmt.Sprintf("%s try %d failed: %v", what, n, err)
	if owner := lockLeft.FindStringSubmatch(err.Error()); owner != nil {
		broke := "done"
		if _, err := m.run(ctx, map[string]any{"cycle": event["cycle"], "mode": "review", "break_lock": owner[1]}, 0); err != nil {
			broke = err.Error()
		}
		note += fmt.Sprintf("; staff broke the lock of %s: %s", owner[1], broke)
	}
	return answer{}, note, err
}

// step is how staff run a matching step: its proposing mode (propose, or rematch), how many
// tries in all, how long they wait for the first try before giving it up (0: until it answers),
// and, when given, what they wait for before the first commit.
type step struct {
	mode         string
	tries        int
	firstTimeout time.Duration
	commitAt     func()
}

// match proposes (s.mode) and commits the cycle's accepted applicants, as staff do: a step that
// fails is tried again, and a proposal the commit refuses because the cycle changed since (a
// withdrawal, say) is made again, until the commit succeeds or the tries run out. It returns the
// proposal committed and what happened, in sentences.
func (m *matcher) match(ctx context.Context, cycle string, s step) (string, []string, error) {
	var notes []string
	var err error
	proposal, commitAt := "", s.commitAt
	for i := 1; i <= s.tries; i++ {
		what, event := "commit", map[string]any{"cycle": cycle, "mode": "commit", "proposal": proposal}
		if proposal == "" {
			what, event = s.mode, map[string]any{"cycle": cycle, "mode": s.mode}
		}
		timeout := time.Duration(0)
		if i == 1 {
			timeout = s.firstTimeout
		}
		a, note, e := m.try(ctx, what, event, i, timeout)
		notes = append(notes, note)
		if err = e; err == nil {
			if what == "commit" {
				return proposal, notes, nil
			}
			proposal = a.Proposal
			if commitAt != nil {
				commitAt()
				commitAt = nil
			}
			continue
		}
		if strings.Contains(err.Error(), "Make a new proposal") {
			proposal = ""
			continue
		}
		time.Sleep(time.Second)
	}
	return "", notes, err
}

var (
	tokenInLink  = regexp.MustCompile(`token=([0-9a-f]{64})`)
	partnerEmail = regexp.MustCompile(`Email: (\S+@\S+)`)
)

// introduction is one introduction in the outbox: to whom, its personal link's token and the
// partner it introduces.
type introduction struct {
	to, token, partner string
}

// introductions reads the introductions in the outbox, oldest first.
func introductions(outbox string) ([]introduction, error) {
	mails, err := local.ReadOutbox(outbox)
	if err != nil {
		return nil, err
	}
	var out []introduction
	for _, m := range mails {
		if !isIntroduction(m.Subject) {
			continue
		}
		in := introOf(m)
		out = append(out, in)
	}
	return out, nil
}

// introOf reads an introduction: to whom, its link's token and the partner it introduces.
func introOf(m local.Email) introduction {
	in := introduction{to: strings.ToLower(m.To)}
	if t := tokenInLink.FindStringSubmatch(m.Text); t != nil {
		in.token = t[1]
	}
	if e := partnerEmail.FindStringSubmatch(m.Text); e != nil {
		in.partner = strings.ToLower(strings.TrimRight(e[1], ".,;)"))
	}
	return in
}

// The emails by their subjects (content/emails).
func isIntroduction(subject string) bool { return strings.HasPrefix(subject, "Meet your ") }
func isGoalsCopy(subject string) bool    { return strings.HasPrefix(subject, "Your pair's goals for ") }
func isNewLink(subject string) bool      { return subject == "Your new link to your pair's page" }
func isLeftBehind(subject, text string) bool {
	return strings.HasPrefix(subject, "A change to your match") && strings.Contains(text, "can no longer take part")
}
func isMatchEnded(subject, text string) bool {
	return strings.HasPrefix(subject, "A change to your match") && strings.Contains(text, "We have no new")
}
func isRematchIntroduction(subject string) bool { return strings.HasPrefix(subject, "Meet your new ") }
func isReviewFiles(subject string) bool {
	return strings.HasSuffix(subject, ": the applications to review")
}
func isHelpAlert(subject string) bool { return strings.HasSuffix(subject, ": a pair asks for help") }
func isLeftAlert(subject, name string) bool {
	return strings.HasSuffix(subject, ": "+name+" left the program")
}

// trialAddress is the address of a person of the trial's made-up cohorts (local.AddAcceptedPeople).
func trialAddress(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@demo.example.org"
}

// pairsOf are the pairs the matcher made of the made-up mentees numbered 1 to n whose names start
// with prefix, each person with their introduction's token.
func pairsOf(prefix string, n int, intros []introduction) ([]*pair, error) {
	byAddress := map[string]introduction{}
	for _, in := range intros {
		byAddress[in.to] = in
	}
	var out []*pair
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("%s Mentee %d", prefix, i)
		mine, ok := byAddress[trialAddress(name)]
		if !ok || mine.token == "" || mine.partner == "" {
			return nil, fmt.Errorf("no introduction with a link and a partner reached %s", trialAddress(name))
		}
		theirs, ok := byAddress[mine.partner]
		if !ok || theirs.token == "" {
			return nil, fmt.Errorf("no introduction with a link reached %s", mine.partner)
		}
		out = append(out, &pair{n: i,
			mentee: &person{role: "mentee", name: name, email: mine.to, token: mine.token},
			mentor: &person{role: "mentor", name: nameOf(mine.partner), email: mine.partner, token: theirs.token}})
	}
	return out, nil
}

// nameOf is the name a trial address was made from ("trial.mentor.3@…" → "Trial Mentor 3").
func nameOf(address string) string {
	local, _, _ := strings.Cut(address, "@")
	words := strings.Split(local, ".")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// flat is an email's text with its personal links' tokens left out and its white space made
// single spaces: two sendings of one email are the same flat text.
func flat(text string) string {
	return strings.Join(strings.Fields(tokenInLink.ReplaceAllString(text, "token=T")), " ")
}

// tally counts, for emails owed, how many arrived once, never and more than once, and when
// (seconds into the traffic under faults) what owes those never sent was first sent.
type tally struct {
	owed, once, never, more int
	unsent                  []string
}

// add counts an email owed of which copies arrived, owed by what was first sent at sentAt
// (negative: not to be said).
func (t *tally) add(copies int, sentAt time.Duration) {
	t.owed++
	switch {
	case copies == 1:
		t.once++
	case copies == 0:
		t.never++
		if sentAt >= 0 {
			t.unsent = append(t.unsent, fmt.Sprintf("%.1f s", sentAt.Seconds()))
		}
	default:
		t.more++
	}
}

func (t tally) String() string {
	s := fmt.Sprintf("%d owed: %d sent once, %d never sent, %d sent more than once", t.owed, t.once, t.never, t.more)
	if len(t.unsent) > 0 {
		s += " (those never sent owed by submissions first sent at " + strings.Join(t.unsent, ", ") + " into the faults' traffic)"
	}
	return s
}

func (t tally) ok() bool { return t.never == 0 && t.more == 0 }

// report prints what the participants sent against what the table holds and what the outbox
// received, and returns the goals missed, named.
func (pt *participantTrial) report(items []map[string]types.AttributeValue, mails []local.StoredEmail, windows []window) []string {
	var missed []string
	// A participant form's answer names its entry by the first 8 bytes of the SHA-256 of the
	// entry's key, in hex (web's entryID): so an acknowledged id finds its item in the table.
	byID := map[string]map[string]types.AttributeValue{}
	for _, it := range items {
		if sk, ok := it["sk"].(*types.AttributeValueMemberS); ok {
			byID[shortHash(sk.Value)] = it
		}
	}
	answer := func(it map[string]types.AttributeValue, name string) string {
		m, _ := it["answers"].(*types.AttributeValueMemberM)
		if m == nil {
			return ""
		}
		s, _ := m.Value[name].(*types.AttributeValueMemberS)
		if s == nil {
			return ""
		}
		return s.Value
	}
	type counts struct{ sent, acked, stored int }
	byWhat := map[string]*counts{}
	var order []string
	lost, refused, gaveUp := 0, 0, 0
	refusedHow := map[string]int{}
	for _, f := range pt.sent {
		c := byWhat[f.what]
		if c == nil {
			c = &counts{}
			byWhat[f.what] = c
			order = append(order, f.what)
		}
		c.sent++
		switch {
		case f.refused != 0:
			refused++
			refusedHow[fmt.Sprintf("%s %d", f.what, f.refused)]++
		case f.ackID == "":
			gaveUp++
		}
		if f.ackID == "" {
			continue
		}
		c.acked++
		if f.route == "/api/links" {
			c.stored++ // nothing to store: counted against its email below
			continue
		}
		it, ok := byID[f.ackID]
		switch {
		case !ok:
		case f.goal != "" && answer(it, "goal_1") != f.goal:
		case f.route == "/api/check-ins" && (answer(it, "how_going") == "need_help") != f.help:
		case f.route == rematchRoute && attr(it, "reason") != f.reason:
		default:
			c.stored++
			continue
		}
		lost++
	}
	var when []string
	for _, w := range windows {
		when = append(when, fmt.Sprintf("%s %.1f–%.1f s", w.name, w.start.Sub(pt.start).Seconds(), w.end.Sub(pt.start).Seconds()))
	}
	fmt.Printf("faults, in seconds into the traffic (each window ends a second after the fault, but the outbox's): %s\n", strings.Join(when, "; "))
	fmt.Println("participant forms: sent, acknowledged, and of those stored (read back from the table), by form:")
	for _, w := range order {
		c := byWhat[w]
		stored := fmt.Sprintf("of those stored %d", c.stored)
		if w == "new link" {
			stored = "(counted against their emails below)"
		}
		fmt.Printf("  %-26s sent %d, acknowledged %d, %s\n", w, c.sent, c.acked, stored)
	}
	for _, w := range windows {
		n := 0
		for _, f := range pt.sent {
			if f.ackID != "" && !f.sentAt.Before(w.start) && f.sentAt.Before(w.end) {
				n++
			}
		}
		fmt.Printf("  %-26s %d acknowledged of those first sent then\n", w.name, n)
	}
	var how []string
	for k, n := range refusedHow {
		how = append(how, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(how)
	fmt.Printf("  lost (acknowledged, not stored as sent): %d; given up by the client %d; valid answers refused %d %s\n", lost, gaveUp, refused, strings.Join(how, ", "))
	if lost > 0 {
		missed = append(missed, fmt.Sprintf("%d acknowledged participant forms not stored", lost))
	}
	if refused > 0 {
		missed = append(missed, fmt.Sprintf("%d valid participant forms refused", refused))
	}

	// What each acknowledged submission owes, once per stored entry.
	all := flatMails(mails)
	count := func(match func(mail) bool) int { return countOf(all, match) }
	var goals, help, leftBehind, leftAlerts, links tally
	seen := map[string]bool{}
	linksAsked, linksAcked := map[string]int{}, map[string]int{}
	for _, f := range pt.sent {
		if f.route == "/api/links" {
			linksAsked[f.by.email]++
			if f.ackID != "" {
				linksAcked[f.by.email]++
			}
			continue
		}
		if f.ackID == "" || seen[f.ackID] {
			continue
		}
		seen[f.ackID] = true
		switch {
		case f.goal != "":
			partner := f.pair.partnerOf(f.by).email
			goals.add(count(func(m mail) bool {
				return m.to == partner && isGoalsCopy(m.subject) && strings.Contains(m.text, f.goal)
			}), f.sentAt.Sub(pt.start))
		case f.help:
			help.add(count(func(m mail) bool {
				return m.to == local.StaffEmail && isHelpAlert(m.subject) && strings.Contains(m.text, f.by.email)
			}), f.sentAt.Sub(pt.start))
		case f.route == "/api/withdrawals":
			partner := f.pair.partnerOf(f.by).email
			leftBehind.add(count(func(m mail) bool { return m.to == partner && isLeftBehind(m.subject, m.text) }), f.sentAt.Sub(pt.start))
			leftAlerts.add(count(func(m mail) bool { return m.to == local.StaffEmail && isLeftAlert(m.subject, f.by.name) }), f.sentAt.Sub(pt.start))
		}
	}
	linksMissing, linksExtra := 0, 0
	for address, asked := range linksAsked {
		got := count(func(m mail) bool { return m.to == address && isNewLink(m.subject) })
		links.owed += linksAcked[address]
		links.once += min(got, linksAcked[address])
		linksMissing += max(0, linksAcked[address]-got)
		linksExtra += max(0, got-asked)
	}
	links.never, links.more = linksMissing, linksExtra
	fmt.Printf("goals copies to the partner (one per distinct goals acknowledged): %s\n", goals)
	fmt.Printf("\"we need help\" alerts to %s (one per check-in acknowledged): %s\n", local.StaffEmail, help)
	fmt.Printf("withdrawals: notices to the partner left behind %s; alerts to %s %s\n", leftBehind, local.StaffEmail, leftAlerts)
	fmt.Printf("new links (one per request acknowledged): %d owed, %d sent, %d never sent, %d more than asked for\n", links.owed, links.once, links.never, links.more)
	for _, c := range []struct {
		name string
		t    tally
	}{{"goals copies", goals}, {"\"we need help\" alerts", help}, {"notices to partners left behind", leftBehind}, {"staff withdrawal alerts", leftAlerts}, {"new links", links}} {
		if !c.t.ok() {
			missed = append(missed, fmt.Sprintf("%s: %d never sent, %d sent more than once", c.name, c.t.never, c.t.more))
		}
	}

	// Introductions: one to each side of every match the table holds, naming the partner; the
	// cohort's matched before the faults, the others by the staff step under them.
	emailOf, intros := addresses(items), introCounts(mails, isIntroduction)
	seeded := map[string]bool{}
	for _, p := range pt.pairs {
		seeded[p.mentee.email+" "+p.mentor.email] = true
	}
	var before, later tally
	for _, it := range items {
		if !strings.HasPrefix(attr(it, "sk"), "MATCH#") {
			continue
		}
		mentee, mentor := emailOf[attr(it, "mentee")], emailOf[attr(it, "mentor")]
		t := &later
		if seeded[mentee+" "+mentor] {
			t = &before
		}
		t.add(intros[[2]string{mentee, mentor}], -1)
		t.add(intros[[2]string{mentor, mentee}], -1)
	}
	fmt.Printf("introductions of the cohort's commit before the faults (two per match): %s\n", before)
	fmt.Printf("introductions of the staff steps' commits under faults, the rematch's too (two per match): %s\n", later)
	for _, s := range pt.staff {
		fmt.Printf("  staff step: %s\n", s)
	}
	if !before.ok() || !later.ok() || later.owed == 0 {
		missed = append(missed, fmt.Sprintf("introductions: %d never sent, %d sent more than once, %d owed by the staff step",
			before.never+later.never, before.more+later.more, later.owed))
	}

	// The same email in two files (new links aside: two requests owe two alike; and review's
	// links for staff: each review run writes the same files and sends their links again).
	same := map[mail]int{}
	dups := 0
	for _, m := range all {
		if isNewLink(m.subject) || isReviewFiles(m.subject) {
			continue
		}
		if same[m]++; same[m] > 1 {
			dups++
		}
	}
	fmt.Printf("the same email delivered twice (across all %d files in the outbox): %d\n\n", len(all), dups)
	if dups > 0 {
		missed = append(missed, fmt.Sprintf("%d emails delivered twice", dups))
	}
	return missed
}

// attr is an item's string attribute, or "".
func attr(it map[string]types.AttributeValue, name string) string {
	v, _ := it[name].(*types.AttributeValueMemberS)
	if v == nil {
		return ""
	}
	return v.Value
}

// addresses are the addresses of the applications in the table, in lower case, by id.
func addresses(items []map[string]types.AttributeValue) map[string]string {
	out := map[string]string{}
	for _, it := range items {
		if strings.HasPrefix(attr(it, "sk"), "APP#") {
			out[attr(it, "id")] = strings.ToLower(attr(it, "email"))
		}
	}
	return out
}

// mail is an email of the outbox as the trial compares them: to whom, its subject and its flat
// text.
type mail struct{ to, subject, text string }

func flatMails(mails []local.StoredEmail) []mail {
	var out []mail
	for _, m := range mails {
		out = append(out, mail{strings.ToLower(m.To), m.Subject, flat(m.Text)})
	}
	return out
}

// countOf is how many of the emails match.
func countOf(all []mail, match func(mail) bool) int {
	n := 0
	for _, m := range all {
		if match(m) {
			n++
		}
	}
	return n
}

// introCounts counts the introductions in the outbox whose subject is of a kind: [to, partner]
// → emails.
func introCounts(mails []local.StoredEmail, is func(subject string) bool) map[[2]string]int {
	out := map[[2]string]int{}
	for _, m := range mails {
		if is(m.Subject) {
			in := introOf(m.Message)
			out[[2]string{in.to, in.partner}]++
		}
	}
	return out
}
