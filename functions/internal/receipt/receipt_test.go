package receipt_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/receipt"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// The receipt and the note on a second application are intents for the applicant that their
// texts render from alone, with the ids that make them owed once (the note once a day).
func TestOwedEmailsRenderFromTheirValues(t *testing.T) {
	cal := program.DefaultCalendar()
	cy := &cal.Cycles[0]
	opens := cy.Window(program.Applications).Opens
	a := &store.Application{ID: "e1", Cycle: cy.ID, Role: forms.RoleMentee, Email: "e1@example.org", SubmittedAt: opens,
		Form: &forms.Mentee{Person: forms.Person{Name: "Ngozi Quillfeather"}}}
	late := opens.Add(50 * time.Hour)
	cases := []struct {
		name  string
		email store.Email
		id    string
		want  []string
	}{
		{"receipt", receipt.Received(cal, cy, a), "receipt-e1", []string{"Your application reference is e1.", "Ngozi Quillfeather",
			cal.LastDay(cy.Window(program.Applications))}},
		{"second application", receipt.Again(cal, cy, a, late), "again-e1-" + late.In(cal.Location()).Format(time.DateOnly),
			[]string{"A second application cannot replace the first", cal.Day(opens)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.email.ID != c.id || c.email.To != (store.Recipient{Cycle: cy.ID, Role: forms.RoleMentee, ID: "e1"}) {
				t.Errorf("id %q to %+v, want %q to the applicant", c.email.ID, c.email.To, c.id)
			}
			m, err := notify.MustLoad(c.email.Text).Render(a.Email, c.email.Values)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(m.Text), " ")
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("the email lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
