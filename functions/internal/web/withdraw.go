package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// withdraw records, through the lifecycle, that the sender of the withdrawal e leaves the
// program: each of their active matches ends, in a write that owes the partner left behind a kind
// notice, and they are withdrawn for the cycle, in a write that owes staff a note of who now
// needs a new partner (package outbox sends them).
func (h *participants) withdraw(ctx context.Context, p *participant, e *store.Entry) error {
	life, err := lifecycle.Load(ctx, h.Store, p.cycle, h.Now())
	if err != nil {
		return err
	}
	partnerIn := func(m *store.Match) *store.Application {
		if p.role == forms.RoleMentee {
			return life.Apps[m.Mentor]
		}
		return life.Apps[m.Mentee]
	}
	_, err = life.WithdrawOwing(ctx, h.Store, p.me.ID, e.SentAt, lifecycle.Leaving{
		Partner: func(m *store.Match) []store.Email {
			partner := partnerIn(m)
			if partner == nil {
				return nil
			}
			return []store.Email{{ID: "partner-withdrew-" + shortHash(m.Key()), Text: "partner-withdrew",
				To: store.Recipient{Cycle: p.cycle.ID, Role: partner.Role, ID: partner.ID},
				Values: map[string]string{"Name": partner.Form.Applicant().Name, "PartnerName": p.me.Form.Applicant().Name,
					"PartnerRole": string(p.role), "Cycle": p.cycle.Title()}}}
		},
		Staff: func(ended []*store.Match) []store.Email {
			var names []string
			for _, m := range ended {
				if partner := partnerIn(m); partner != nil {
					names = append(names, partner.Form.Applicant().Name+" ("+string(p.partnerRole())+")")
				}
			}
			if len(names) == 0 {
				return nil
			}
			matches := "match"
			if len(names) > 1 {
				matches = strconv.Itoa(len(names)) + " matches"
			}
			var owes []store.Email
			for _, to := range h.Staff {
				owes = append(owes, store.Email{ID: "staff-withdrawal-" + p.me.ID + "-" + shortHash(store.EmailKey(to)), Text: "staff-withdrawal",
					To: store.Recipient{Cycle: p.cycle.ID, Staff: to}, Values: map[string]string{"Cycle": p.cycle.ID,
						"Day": h.Calendar.Day(e.SentAt), "Who": p.me.Form.Applicant().Name, "Role": string(p.role),
						"Matches": matches, "LeftBehind": strings.Join(names, ", ")}})
			}
			return owes
		},
	})
	if err != nil {
		return err
	}
	p.match.Ended = true
	return nil
}

// endedWords say that the participant's match has ended, and why as far as they may know.
func (h *participants) endedWords(p *participant) string {
	day := h.Calendar.Day(p.match.EndedAt)
	them := p.partner.Form.Applicant().Name
	if p.match.EndReason == store.EndWithdrawal && p.match.EndedBy == p.partnerRole() {
		return "Your match with " + them + " ended on " + day + ": " + them + " can no longer take part in the program. " +
			"The ALSC office will be in touch with you about what comes next, which may be a new match."
	}
	return "Your match with " + them + " ended on " + day + ", so its forms can no longer be sent. " +
		"If you have a new partner, your introduction to them carries the link to your new pair's page."
}
