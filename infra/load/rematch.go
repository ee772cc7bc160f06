package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/local"
)

// The rematch phase's bounds and times (into its traffic; see (*trial).faults for the faults').
const (
	rematchRoute   = "/api/rematch-requests"
	requestsBefore = 5 * time.Second         // staff review the requests once they are in, and not before
	rematchFrom    = 8300 * time.Millisecond // the rematch step's first try, in the freeze
	rematchWait    = 5 * time.Second         // how long staff wait for that try before giving it up
	rematchCommit  = 19100 * time.Millisecond
)

// rematchAims are when the asking pairs' mentees ask: before the faults, while the database is
// killed, and once while it is frozen (answered after staff's review, so that request waits for
// their decision).
var rematchAims = []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond, 3100 * time.Millisecond,
	3300 * time.Millisecond, 9 * time.Second, 3600 * time.Millisecond}

// asksRematch says whether the pair's mentee asks for a rematch after the commits: one pair in
// eight, none of those that asked for a new link or left.
func asksRematch(p *pair) bool { return p.n%8 == 6 }

// rematches runs the rematch phase: the asking pairs' mentees, through their sessions, open the
// rematch page for its form key and ask (one in three double-clicks, another sends the same
// request again after its answer), each fault retried with the same answers; meanwhile staff, a
// little after the first requests, review them and accept each waiting one, run the rematch step
// (its first try stopped while the database is frozen, then tried again, breaking the lock a
// stopped try left should a try be refused for it), commit its proposal while the outbox is
// unwritable and commit it once more, as staff unsure the first went through would.
func (pt *participantTrial) rematches(ctx context.Context, m *matcher, start time.Time) {
	pt.rematchStart = start
	var asking sync.WaitGroup
	for _, p := range pt.pairs {
		if !asksRematch(p) {
			continue
		}
		asking.Go(func() {
			k := p.n / 8
			time.Sleep(time.Until(start.Add(rematchAims[k%len(rematchAims)])))
			if p.mentee.cookie == "" && !pt.signIn(p.mentee) {
				return
			}
			f := &form{what: "rematch request", route: rematchRoute, pair: p, by: p.mentee,
				reason: fmt.Sprintf("Pair %d: our schedules never meet.", p.n)}
			f.body = jsonBody(map[string]any{"reason": f.reason}, pt.formKey(p.mentee, "rematch"))
			switch k % 3 {
			case 1:
				pt.sendTwice(f)
			case 2:
				pt.send(f)
				again := *f
				again.what, again.sentAt, again.ackID = "rematch request sent again", time.Time{}, ""
				pt.send(&again)
			default:
				pt.send(f)
			}
		})
	}
	defer asking.Wait()
	time.Sleep(time.Until(start.Add(requestsBefore)))
	keys, notes, err := m.acceptRequests(ctx, local.DemoYear, 6)
	pt.rematchAccepted = keys
	if err == nil {
		time.Sleep(time.Until(start.Add(rematchFrom)))
		var more []string
		pt.rematchProposal, more, err = m.match(ctx, local.DemoYear, step{mode: "rematch", tries: 10, firstTimeout: rematchWait,
			commitAt: func() { time.Sleep(time.Until(start.Add(rematchCommit))) }})
		notes = append(notes, more...)
	}
	if err == nil {
		a, note, _ := m.try(ctx, "the same commit again", map[string]any{"cycle": local.DemoYear, "mode": "commit", "proposal": pt.rematchProposal}, 1, 0)
		notes = append(notes, strings.TrimSpace(note+" "+a.Message))
	}
	if err != nil {
		notes = append(notes, "gave up: "+err.Error())
	}
	pt.rematchStaff = notes
}

// acceptRequests reviews the cycle and accepts every rematch request waiting for a decision, as
// staff do from the review page, trying each step again when it fails; it returns the requests'
// review keys ("<mentee id>#<mentor id>#<role>").
func (m *matcher) acceptRequests(ctx context.Context, cycle string, tries int) ([]string, []string, error) {
	var notes []string
	var keys []string
	listed, n := false, 0
	for range tries {
		what, event := "review", map[string]any{"cycle": cycle, "mode": "review"}
		if listed {
			what, event = "accept-rematch", map[string]any{"cycle": cycle, "mode": "review", "accept_rematch": keys}
		}
		n++
		a, note, err := m.try(ctx, what, event, n, 0)
		notes = append(notes, note)
		switch {
		case err != nil:
			time.Sleep(time.Second)
		case listed:
			return keys, notes, nil
		default:
			for _, q := range a.Requests {
				if q.Status == requestWaiting {
					keys = append(keys, q.Key)
				}
			}
			if len(keys) == 0 {
				return nil, notes, fmt.Errorf("review lists no rematch request waiting")
			}
			listed, n = true, 0
		}
	}
	return nil, notes, fmt.Errorf("staff could not accept the rematch requests in %d tries", tries)
}

// The rematch requests' statuses and a match's reason to end as the table holds them (package
// store's RematchSubmitted, RematchDone and EndRematch).
const (
	requestWaiting = "submitted"
	requestDone    = "done"
	endedRematch   = "rematch"
)

// trialMatch is a match in the table, with its people's addresses.
type trialMatch struct {
	mentee, mentor string // addresses
	ended          bool
	reason         string
	proposal       string
}

func matchesIn(items []map[string]types.AttributeValue) []trialMatch {
	emailOf := addresses(items)
	var out []trialMatch
	for _, it := range items {
		if !strings.HasPrefix(attr(it, "sk"), "MATCH#") {
			continue
		}
		ended, _ := it["ended"].(*types.AttributeValueMemberBOOL)
		out = append(out, trialMatch{mentee: emailOf[attr(it, "mentee")], mentor: emailOf[attr(it, "mentor")],
			ended: ended != nil && ended.Value, reason: attr(it, "ended_reason"), proposal: attr(it, "proposal")})
	}
	return out
}

// rematchReport prints what the rematch phase asked and what became of it, against the table and
// the outbox, and returns the goals missed, named: every acknowledged request stored once as sent;
// each that staff accepted acted on, its match ended for the rematch and its mentee in exactly
// one new live match of the rematch's commit, each that came after their review waiting, its
// match going on; nobody in two live matches; one match-ended notice to each side of an ended
// match that the commit gave no new partner, and none to anyone else; one rematch introduction
// to each side of each new match, naming the other.
func (pt *participantTrial) rematchReport(items []map[string]types.AttributeValue, mails []local.StoredEmail, windows []window) []string {
	var missed []string
	miss := func(n int, what string) {
		if n > 0 {
			missed = append(missed, fmt.Sprintf("%d %s", n, what))
		}
	}
	var when []string
	for _, w := range windows {
		when = append(when, fmt.Sprintf("%s %.1f–%.1f s", w.name, w.start.Sub(pt.rematchStart).Seconds(), w.end.Sub(pt.rematchStart).Seconds()))
	}
	fmt.Printf("rematch phase: faults, in seconds into its traffic: %s\n", strings.Join(when, "; "))

	stored := map[string]map[string]types.AttributeValue{} // a request's answer id → its item
	for _, it := range items {
		if sk := attr(it, "sk"); strings.HasPrefix(sk, "REMATCH#") {
			stored[shortHash(sk)] = it
		}
	}
	matches := matchesIn(items)
	live := map[string]int{} // address → live matches
	for _, m := range matches {
		if !m.ended {
			live[m.mentee]++
			live[m.mentor]++
		}
	}
	newOf := func(who string) []trialMatch {
		var out []trialMatch
		for _, m := range matches {
			if !m.ended && m.proposal == pt.rematchProposal && (m.mentee == who || m.mentor == who) {
				out = append(out, m)
			}
		}
		return out
	}
	emailOf := addresses(items)
	accepted := map[string]bool{} // the mentees whose request staff accepted
	for _, k := range pt.rematchAccepted {
		mentee, _, _ := strings.Cut(k, "#")
		accepted[emailOf[mentee]] = true
	}
	all := flatMails(mails)
	requests, acked, kept, actedOn, waiting, sentThen := 0, 0, 0, 0, 0, map[string]int{}
	notEnded, notRepaired, notWaiting := 0, 0, 0
	var ended tally
	endedTo := map[string]bool{}
	seen := map[string]bool{}
	for _, f := range pt.sent {
		if f.route != rematchRoute {
			continue
		}
		requests++
		for _, w := range windows {
			if f.ackID != "" && !f.sentAt.Before(w.start) && f.sentAt.Before(w.end) {
				sentThen[w.name]++
			}
		}
		if f.ackID == "" || seen[f.ackID] {
			continue
		}
		seen[f.ackID] = true
		acked++
		it, ok := stored[f.ackID]
		if !ok || attr(it, "reason") != f.reason {
			continue
		}
		kept++
		mentee, mentor := f.pair.mentee.email, f.pair.mentor.email
		was := -1
		for i, m := range matches {
			if m.mentee == mentee && m.mentor == mentor {
				was = i
			}
		}
		if !accepted[mentee] { // waits for staff's decision; the match goes on
			waiting++
			if attr(it, "status") != requestWaiting || was < 0 || matches[was].ended || len(newOf(mentee)) > 0 {
				notWaiting++
			}
			continue
		}
		if attr(it, "status") == requestDone {
			actedOn++
		}
		if was < 0 || !matches[was].ended || matches[was].reason != endedRematch {
			notEnded++
		}
		if mine := newOf(mentee); len(mine) != 1 || mine[0].mentor == mentor {
			notRepaired++
		}
		// Each side the commit gave no new partner is told once that the match ended.
		for _, side := range [][2]string{{mentee, mentor}, {mentor, mentee}} {
			if len(newOf(side[0])) > 0 {
				continue
			}
			endedTo[side[0]] = true
			ended.add(countOf(all, func(m mail) bool {
				return m.to == side[0] && isMatchEnded(m.subject, m.text) && strings.Contains(m.text, "Your match with "+nameOf(side[1])+" ")
			}), -1)
		}
	}
	stray := countOf(all, func(m mail) bool { return isMatchEnded(m.subject, m.text) && !endedTo[m.to] })
	twice := 0
	for _, n := range live {
		if n > 1 {
			twice++
		}
	}
	// Each new match of the rematch's commit: one rematch introduction to each side, naming the other.
	var intros tally
	rematchIntros := introCounts(mails, isRematchIntroduction)
	newMatches := 0
	for _, m := range matches {
		if m.proposal != pt.rematchProposal || pt.rematchProposal == "" {
			continue
		}
		newMatches++
		intros.add(rematchIntros[[2]string{m.mentee, m.mentor}], -1)
		intros.add(rematchIntros[[2]string{m.mentor, m.mentee}], -1)
	}
	fmt.Printf("  rematch requests: sent %d (with double clicks and requests sent again), %d distinct acknowledged, of those stored once as sent %d: %d accepted by staff and acted on, %d came after their review and wait\n",
		requests, acked, kept, actedOn, waiting)
	for _, w := range windows {
		fmt.Printf("  %-26s %d acknowledged of those first sent then\n", w.name, sentThen[w.name])
	}
	fmt.Printf("  matches asked of: %d not ended for the rematch; mentees not in exactly one new match of the rematch's commit: %d; people in two live matches: %d\n",
		notEnded, notRepaired, twice)
	fmt.Printf("  notices that a match ended (one to each side left without a new partner): %s; to anyone else: %d\n", ended, stray)
	fmt.Printf("  rematch introductions (two per new match, %d new matches): %s\n", newMatches, intros)
	for _, s := range pt.rematchStaff {
		fmt.Printf("  staff: %s\n", s)
	}
	fmt.Println()
	miss(acked-kept, "acknowledged rematch requests not stored as sent")
	miss(kept-waiting-actedOn, "accepted rematch requests not acted on")
	miss(notWaiting, "rematch requests after staff's review not waiting, their match going on")
	miss(notEnded, "matches asked of not ended for the rematch")
	miss(notRepaired, "mentees who asked not in exactly one new match")
	miss(twice, "people in two live matches")
	miss(stray, "notices that a match ended to someone not owed one")
	if acked == 0 || pt.rematchProposal == "" {
		missed = append(missed, "the rematch phase acknowledged no request or committed no rematch")
	}
	for _, c := range []struct {
		name string
		t    tally
	}{{"notices that a match ended", ended}, {"rematch introductions", intros}} {
		if !c.t.ok() || c.t.owed == 0 {
			missed = append(missed, fmt.Sprintf("%s: %d owed, %d never sent, %d sent more than once", c.name, c.t.owed, c.t.never, c.t.more))
		}
	}
	return missed
}
