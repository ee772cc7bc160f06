// Package season runs the matcher's modes for the staff liaison, against the store.
//
// The modes are the steps of the matching season and of the year after it: review (the
// applications and requests, and staff's decisions), decisions (the filled-in review
// spreadsheet), edit (an application's answers corrected, validated as the API validates them),
// propose and rematch (an optimal set of pairs to review), commit (the reviewed proposal's
// matches stored, each with the emails it owes everyone, which package outbox sends with
// personal links minted then), report, forget, and certificate (a certificate of completion
// issued by hand). Where each
// person and match stands is package lifecycle's; the pages staff read are package staffpages'.
// Every mode is safe to run again, and a lock keeps two runs of one cycle apart.
package season

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/match"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/proposal"
	"github.com/ala-alsc/mentoring/functions/internal/report"
	"github.com/ala-alsc/mentoring/functions/internal/scoring"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The modes staff invoke.
const (
	Review  = "review" // list the cycle's applications and rematch requests; record decisions
	Propose = "propose"
	Commit  = "commit"
	Rematch = "rematch"
	Report  = "report" // write the season report, the CSV exports and the final report draft for staff
	Edit    = "edit"   // correct an application's answers
	// Decisions reads back the review spreadsheet staff filled in: decisions, corrected
	// answers, people to leave out and pins; with confirm, it stores them and proposes.
	Decisions = "decisions"
	// Forget lists what is held about one person (Address); with confirm, it deletes it all.
	Forget = "forget"
	// Certificate says whether one person (Address) has a certificate of completion; with
	// confirm, it issues them one by hand, as an exception to the rule.
	Certificate = "certificate"
)

// Event is what staff (or the schedule) send the matcher.
type Event struct {
	Cycle     string          `json:"cycle"`
	Mode      string          `json:"mode"`
	Objective match.Objective `json:"objective,omitempty"`
	Exclude   []string        `json:"exclude,omitempty"`  // application ids staff declined
	Pin       [][2]string     `json:"pin,omitempty"`      // [mentor id, mentee id] fixed by staff
	Proposal  string          `json:"proposal,omitempty"` // the proposal to commit
	// WhileOpen commits though the application window is still open (staff: "anyway").
	WhileOpen bool `json:"while_open,omitempty"`
	// Review decisions: application ids, and rematch requests as "<match>#<role>" keys.
	Accept         []string `json:"accept,omitempty"`
	Decline        []string `json:"decline,omitempty"`
	AcceptRematch  []string `json:"accept_rematch,omitempty"`
	DeclineRematch []string `json:"decline_rematch,omitempty"`
	// The owner of a stale lock to break first: a run that was killed leaves its lock held until
	// it expires; the refusal names its owner.
	BreakLock string `json:"break_lock,omitempty"`
	// Rematch: the requests (review keys) whose match may end though the one who asked gets no
	// new partner now, and whether to act on requests made after the rematch window closed.
	EndUnreplaced []string `json:"end_without_new_partner,omitempty"`
	LateRematch   bool     `json:"late_rematch,omitempty"`
	// Edit: the application to correct, the corrected answers (only those that change, named as
	// the form names them), and whether to store them (otherwise they are only listed back).
	Application string          `json:"application,omitempty"`
	Answers     json.RawMessage `json:"answers,omitempty"`
	Confirm     bool            `json:"confirm,omitempty"`
	// Decisions: the filled-in review spreadsheet among the staff files, e.g. "2026-27/review.csv".
	File string `json:"file,omitempty"`
	// Forget and certificate: the address of the person to forget, or to issue a certificate.
	Address string `json:"address,omitempty"`
}

// Result is what a run reports back to staff: what every mode says, and the part of its own
// mode (exactly one, but for decisions confirmed, which also proposes).
type Result struct {
	Mode     string `json:"mode"`
	Cycle    string `json:"cycle"`
	Proposal string `json:"proposal,omitempty"` // the proposal made, or committed
	// Propose and commit: the matches the proposal ends, and everyone its commit writes to.
	Ends    []string `json:"ends,omitempty"`
	Letters []Letter `json:"letters,omitempty"`
	Emails  int      `json:"emails,omitempty"` // the emails the run wrote: to participants owed (package outbox sends them), to staff sent
	// The files written (pages, spreadsheets, reports) and where staff open them.
	Files []report.Link `json:"files,omitempty"`
	// Message says in a sentence what happened and what to do next.
	Message string `json:"message,omitempty"`
	// Notes are sentences staff should read: requests kept, overrides used.
	Notes []string `json:"notes,omitempty"`
	// Confirmable says that the same step with confirm would change what this one only showed
	// (certificate: a person to issue one to by hand).
	Confirmable bool `json:"confirmable,omitempty"`
	*Reviewed
	*Decided
	*Proposed
	*Committed
	*Edited
	*Forgotten
}

// Reviewed is review's part of a result: every application, rematch request and withdrawal of
// the cycle, for staff.
type Reviewed struct {
	Applications []Entry           `json:"applications,omitempty"`
	Requests     []RequestEntry    `json:"rematch_requests,omitempty"`
	Withdrawals  []WithdrawalEntry `json:"withdrawals,omitempty"`
}

// Decided is decisions' part: every change the review spreadsheet asks for, by name.
type Decided struct {
	Decisions []Decision `json:"decisions,omitempty"`
}

// Proposed is the part of propose and rematch: the proposal for staff.
type Proposed struct {
	Summary *proposal.Summary  `json:"summary,omitempty"`
	Review  *proposal.Proposal `json:"review,omitempty"` // staff only: pairs, scores, reasons
	People  map[string]string  `json:"people,omitempty"` // application id → name, for reading Review
}

// Committed is commit's part: the matches stored, and the outcome email each applicant left
// without a partner is written.
type Committed struct {
	Matches  int            `json:"matches,omitempty"`
	New      int            `json:"new_matches,omitempty"`
	Outcomes []OutcomeEntry `json:"outcomes,omitempty"`
}

// Edited is edit's part: the application, its applicant, each answer changed and whether it was
// stored.
type Edited struct {
	Application string         `json:"application,omitempty"`
	Name        string         `json:"name,omitempty"`
	Changes     []forms.Change `json:"changes,omitempty"`
	Stored      bool           `json:"stored,omitempty"`
}

// Forgotten is forget's part: what is, or would be, deleted, in words.
type Forgotten struct {
	Items []string `json:"items,omitempty"`
}

// ErrInput marks a request staff must correct; the message says how.
var ErrInput = errors.New("matcher")

// Runner carries what every mode needs.
type Runner struct {
	Store    *store.Store
	Calendar *program.Calendar
	Weights  scoring.Weights
	Mail     notify.Sender // staff's emails with the links to files (sendLinks); participants' are owed (package outbox)
	SiteURL  string        // where personal links point, e.g. https://mentoring.ala.org
	Log      *slog.Logger
	Now      func() time.Time
	Files    report.Files // where reports go
	Staff    []string     // who is sent the links to reports
	// LinkNote says, for the email, how long the files stay and how to reach them ("" locally).
	LinkNote string
}

// lockFor is how long a run holds its cycle's lock at most; a killed run's lock expires then.
const lockFor = 15 * time.Minute

// Run carries out one event under the cycle's lock.
func (r *Runner) Run(ctx context.Context, ev Event) (*Result, error) {
	if err := ev.check(); err != nil {
		return nil, err
	}
	cy, ok := r.Calendar.Cycle(ev.Cycle)
	if !ok {
		return nil, fmt.Errorf("%w: no cycle %q in the calendar", ErrInput, ev.Cycle)
	}
	switch ev.Objective {
	case "", match.Coverage, match.Quality:
	default:
		return nil, fmt.Errorf("%w: objective must be %q or %q", ErrInput, match.Coverage, match.Quality)
	}
	lock, owner := "matcher#"+cy.ID, ev.Mode+"-"+randomHex(6)
	now := r.Now()
	if ev.BreakLock != "" {
		err := r.Store.BreakLock(ctx, lock, ev.BreakLock)
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("%w: the lock of %s is not held by %q; nothing was broken", ErrInput, cy.ID, ev.BreakLock)
		}
		if err != nil {
			return nil, err
		}
		r.Log.Warn("lock broken by staff", "cycle", cy.ID, "owner", ev.BreakLock)
	}
	if err := r.Store.Lock(ctx, lock, owner, now, now.Add(lockFor)); err != nil {
		var held *store.LockedError
		if errors.As(err, &held) {
			return nil, fmt.Errorf("%w: another matcher run for %s is in progress, or was stopped: it started at %s and holds "+
				"the cycle until %s. Try again when it ends; if that run was stopped, use the matcher's break-lock step with %s, "+
				"then this step again", ErrInput, cy.ID, r.Calendar.Moment(held.Since), r.Calendar.Moment(held.Until), held.Owner)
		}
		return nil, err
	}
	defer func() {
		// Left held, the lock expires on its own; the run's result stands.
		if err := r.Store.Unlock(context.WithoutCancel(ctx), lock, owner); err != nil {
			r.Log.Error("unlock", "cycle", cy.ID, "error", err)
		}
	}()

	switch ev.Mode {
	case Review:
		return r.review(ctx, cy, ev.review())
	case Propose, Rematch:
		if ev.Proposal != "" {
			return nil, fmt.Errorf("%w: %s makes a new proposal; to commit proposal %s, use mode %q", ErrInput, ev.Mode, ev.Proposal, Commit)
		}
		return r.propose(ctx, cy, ev.propose())
	case Commit:
		return r.commit(ctx, cy, ev.commit())
	case Report:
		return r.report(ctx, cy)
	case Edit:
		return r.edit(ctx, cy, ev.edit())
	case Decisions:
		return r.decisions(ctx, cy, ev.decisions())
	case Forget:
		return r.forget(ctx, cy, ev.forget())
	case Certificate:
		return r.certificate(ctx, cy, CertificateRequest{Address: ev.Address, Confirm: ev.Confirm})
	}
	return nil, fmt.Errorf("%w: mode must be %q, %q, %q, %q, %q, %q, %q, %q or %q", ErrInput, Review, Decisions, Edit, Propose, Commit, Rematch,
		Report, Forget, Certificate)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
