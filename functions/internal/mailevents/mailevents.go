// Package mailevents records emails that did not arrive.
//
// The mail service's notices — bounces, complaints (a person marked the email as spam) and
// rejections — are recorded against the people they were sent to, so that staff see them in
// review and can reach those people another way.
package mailevents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// Notice is one SES event notice, as the configuration set's event destination publishes it.
type Notice struct {
	EventType string `json:"eventType"` // Bounce, Complaint or Reject
	Mail      struct {
		Timestamp     time.Time `json:"timestamp"`
		Destination   []string  `json:"destination"`
		CommonHeaders struct {
			Subject string `json:"subject"`
		} `json:"commonHeaders"`
	} `json:"mail"`
	Bounce *struct {
		BounceType        string      `json:"bounceType"`
		BounceSubType     string      `json:"bounceSubType"`
		BouncedRecipients []recipient `json:"bouncedRecipients"`
		Timestamp         time.Time   `json:"timestamp"`
	} `json:"bounce"`
	Complaint *struct {
		ComplainedRecipients  []recipient `json:"complainedRecipients"`
		ComplaintFeedbackType string      `json:"complaintFeedbackType"`
		Timestamp             time.Time   `json:"timestamp"`
	} `json:"complaint"`
	Reject *struct {
		Reason string `json:"reason"`
	} `json:"reject"`
}

type recipient struct {
	EmailAddress string `json:"emailAddress"`
}

// ErrNotice means a notice could not be read; it is not worth retrying.
var ErrNotice = errors.New("mailevents: unreadable notice")

// Problems reads a notice (the JSON the mail service publishes) as one problem per recipient it
// names; the problems carry no cycle yet.
func Problems(message string) ([]store.MailProblem, error) {
	var n Notice
	if err := json.Unmarshal([]byte(message), &n); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotice, err)
	}
	p := store.MailProblem{Subject: n.Mail.CommonHeaders.Subject, At: n.Mail.Timestamp}
	var to []string
	switch {
	case n.EventType == "Bounce" && n.Bounce != nil:
		p.Kind, p.Detail, p.At = "bounce", n.Bounce.BounceType+": "+n.Bounce.BounceSubType, n.Bounce.Timestamp
		for _, r := range n.Bounce.BouncedRecipients {
			to = append(to, r.EmailAddress)
		}
	case n.EventType == "Complaint" && n.Complaint != nil:
		p.Kind, p.Detail, p.At = "complaint", n.Complaint.ComplaintFeedbackType, n.Complaint.Timestamp
		for _, r := range n.Complaint.ComplainedRecipients {
			to = append(to, r.EmailAddress)
		}
	case n.EventType == "Reject" && n.Reject != nil:
		p.Kind, p.Detail, to = "reject", n.Reject.Reason, n.Mail.Destination
	default:
		return nil, fmt.Errorf("%w: event type %q", ErrNotice, n.EventType)
	}
	var out []store.MailProblem
	for _, addr := range to {
		if addr = strings.TrimSpace(addr); addr != "" {
			q := p
			q.Email = addr
			out = append(out, q)
		}
	}
	return out, nil
}

// Recorder keeps problems against the applicants they concern.
type Recorder struct {
	Store    *store.Store
	Calendar *program.Calendar
}

// Record keeps each problem in every cycle of the calendar in which its recipient applied (in
// either role), and returns how many it kept; a recipient who never applied is not recorded.
func (r *Recorder) Record(ctx context.Context, problems []store.MailProblem) (int, error) {
	kept := 0
	for _, p := range problems {
		for i := range r.Calendar.Cycles {
			cy := &r.Calendar.Cycles[i]
			applied, err := r.applied(ctx, cy.ID, p.Email)
			if err != nil {
				return kept, err
			}
			if !applied {
				continue
			}
			p.Cycle, p.Expires = cy.ID, cy.Expiry()
			if err := r.Store.RecordMailProblem(ctx, &p); err != nil {
				return kept, err
			}
			kept++
		}
	}
	return kept, nil
}

func (r *Recorder) applied(ctx context.Context, cycle, email string) (bool, error) {
	for _, role := range forms.Roles {
		_, err := r.Store.Application(ctx, cycle, role, email)
		switch {
		case err == nil:
			return true, nil
		case !errors.Is(err, store.ErrNotFound):
			return false, err
		}
	}
	return false, nil
}
