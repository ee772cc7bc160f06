package season

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/match"
)

// maxID is the longest id an event may name: proposal ids are 16 hexadecimal characters and
// application ids 16 base32 ones; DynamoDB keys have their own, much larger, limit.
const maxID = 64

// ParseEvent decodes an event as staff send it, strictly: an unknown field (say "exlude"), a pin
// that is not exactly [mentor id, mentee id], or more than one JSON value is refused with a
// message saying which. The same rules hold in Lambda and on the command line.
func ParseEvent(data []byte) (Event, error) {
	var raw struct {
		Event
		Pin [][]string `json:"pin,omitempty"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Event{}, fmt.Errorf("%w: bad event: %s", ErrInput, strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return Event{}, fmt.Errorf("%w: bad event: more than one JSON value", ErrInput)
	}
	ev := raw.Event
	for i, p := range raw.Pin {
		if len(p) != 2 {
			return Event{}, fmt.Errorf("%w: pin %d has %d entries; each pin is [mentor id, mentee id]", ErrInput, i+1, len(p))
		}
		ev.Pin = append(ev.Pin, [2]string{p[0], p[1]})
	}
	return ev, ev.check()
}

// check refuses what no store lookup is needed to refuse: an id too long to be one, and the same
// application or request both accepted and declined.
func (ev Event) check() error {
	ids := slices.Concat([]string{ev.Proposal, ev.BreakLock}, ev.Exclude, ev.Accept, ev.Decline, ev.AcceptRematch, ev.DeclineRematch)
	for _, p := range ev.Pin {
		ids = append(ids, p[0], p[1])
	}
	for _, id := range ids {
		if len(id) > maxID {
			return fmt.Errorf("%w: %q… is %d characters long; no id is longer than %d", ErrInput, id[:16], len(id), maxID)
		}
	}
	for _, pair := range [][2][]string{{ev.Accept, ev.Decline}, {ev.AcceptRematch, ev.DeclineRematch}} {
		var both []string
		for _, id := range pair[0] {
			if slices.Contains(pair[1], id) && !slices.Contains(both, id) {
				both = append(both, id)
			}
		}
		if len(both) > 0 {
			return fmt.Errorf("%w: %v both accepted and declined; say which, and send the event again", ErrInput, both)
		}
	}
	return nil
}

// The request of each mode, as Run takes it from the event: only what that mode reads.
type (
	// ReviewRequest records staff's decisions on applications (ids) and rematch requests (review
	// keys), and whether late requests may be accepted.
	ReviewRequest struct {
		Accept, Decline, AcceptRematch, DeclineRematch []string
		LateRematch                                    bool
	}
	// ProposeRequest makes a proposal (propose, or rematch): the people left out, the pairs
	// fixed, and the requests whose match may end with no new partner for the one who asked.
	ProposeRequest struct {
		Mode          string
		Objective     match.Objective
		Exclude       []string
		Pin           [][2]string
		EndUnreplaced []string
	}
	// CommitRequest commits a proposal, while applications are still open if WhileOpen.
	CommitRequest struct {
		Proposal  string
		WhileOpen bool
	}
	// EditRequest corrects an application's answers, storing them if Confirm.
	EditRequest struct {
		Application string
		Answers     json.RawMessage
		Confirm     bool
	}
	// DecisionsRequest reads back a filled-in review spreadsheet, storing it if Confirm.
	DecisionsRequest struct {
		File      string
		Confirm   bool
		Objective match.Objective
	}
	// ForgetRequest lists what is held about an address, deleting it if Confirm.
	ForgetRequest struct {
		Address string
		Confirm bool
	}
	// CertificateRequest says whether the person with an address has a certificate of
	// completion, issuing one by hand if Confirm.
	CertificateRequest struct {
		Address string
		Confirm bool
	}
)

func (ev Event) review() ReviewRequest {
	return ReviewRequest{Accept: ev.Accept, Decline: ev.Decline, AcceptRematch: ev.AcceptRematch, DeclineRematch: ev.DeclineRematch,
		LateRematch: ev.LateRematch}
}

func (ev Event) propose() ProposeRequest {
	return ProposeRequest{Mode: ev.Mode, Objective: ev.Objective, Exclude: ev.Exclude, Pin: ev.Pin, EndUnreplaced: ev.EndUnreplaced}
}

func (ev Event) commit() CommitRequest {
	return CommitRequest{Proposal: ev.Proposal, WhileOpen: ev.WhileOpen}
}

func (ev Event) edit() EditRequest {
	return EditRequest{Application: ev.Application, Answers: ev.Answers, Confirm: ev.Confirm}
}

func (ev Event) decisions() DecisionsRequest {
	return DecisionsRequest{File: ev.File, Confirm: ev.Confirm, Objective: ev.Objective}
}

func (ev Event) forget() ForgetRequest {
	return ForgetRequest{Address: ev.Address, Confirm: ev.Confirm}
}
