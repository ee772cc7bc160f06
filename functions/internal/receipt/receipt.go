// Package receipt is the emails an application owes its applicant: the receipt that tells them
// it arrived, and the note that a second application changed nothing. The apply function
// records each as owed in the application's own write (package outbox), and the sender sends it.
package receipt

import (
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The email texts (content/emails).
const (
	ReceivedText = "application-received"
	AgainText    = "application-again"
)

// to is the applicant of a, as an owed email names them.
func to(a *store.Application) store.Recipient {
	return store.Recipient{Cycle: a.Cycle, Role: a.Role, ID: a.ID}
}

// Received is the receipt for application a of cycle cy; it does not repeat the answers.
func Received(cal *program.Calendar, cy *program.Cycle, a *store.Application) store.Email {
	return store.Email{ID: "receipt-" + a.ID, Text: ReceivedText, To: to(a), Values: map[string]string{
		"Name":     a.Form.Applicant().Name,
		"Role":     string(a.Role),
		"Cycle":    cy.Title(),
		"ID":       a.ID,
		"Closes":   cal.LastDay(cy.Window(program.Applications)),
		"NotifyBy": cal.LastDay(cy.Window(program.Review)),
		"Starts":   cal.Day(cy.Window(program.ProgramStart).Opens),
	}}
}

// Again is the note, on the day of now, that a second application from the applicant of a
// changed nothing, and what to do instead; one a day at most (its id names the day).
func Again(cal *program.Calendar, cy *program.Cycle, a *store.Application, now time.Time) store.Email {
	return store.Email{ID: "again-" + a.ID + "-" + Day(cal, now), Text: AgainText, To: to(a), Values: map[string]string{
		"Name": a.Form.Applicant().Name, "Role": string(a.Role), "Cycle": cy.Title(), "Day": cal.Day(now),
		"FirstDay": cal.Day(a.SubmittedAt), "ID": a.ID,
	}}
}

// Day is the calendar day of t, yyyy-mm-dd, in the program's time zone.
func Day(cal *program.Calendar, t time.Time) string {
	return t.In(cal.Location()).Format(time.DateOnly)
}
