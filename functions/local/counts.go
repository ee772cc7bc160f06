package local

import (
	"context"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
)

// ApplicationCounts counts each cycle's applications in table by role ("2026-27 mentee": 12), as
// the functions read them, on the calendar in calendar (the built-in one when nil): to check a
// restored table against the one it was restored from.
func ApplicationCounts(ctx context.Context, endpoint, table string, calendar []byte) (map[string]int, error) {
	cal := program.DefaultCalendar()
	if calendar != nil {
		var err error
		if cal, err = program.ParseCalendar(calendar); err != nil {
			return nil, err
		}
	}
	st := store.New(store.Local(endpoint), table)
	out := map[string]int{}
	for _, cy := range cal.Cycles {
		for _, role := range []forms.Role{forms.RoleMentor, forms.RoleMentee} {
			apps, err := st.Applications(ctx, cy.ID, role)
			if err != nil {
				return nil, err
			}
			if len(apps) > 0 {
				out[cy.ID+" "+string(role)] = len(apps)
			}
		}
	}
	return out, nil
}
