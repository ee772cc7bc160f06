package matching

import (
	"context"
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/yearreport"
)

var staffReports = notify.MustLoad("staff-reports")

// report writes the cycle's reports to r.Files and sends staff the links.
func (r *Runner) report(ctx context.Context, cy *program.Cycle) (*Result, error) {
	if r.Files == nil {
		return nil, fmt.Errorf("%w: no place for reports is configured", ErrInput)
	}
	now := r.Now()
	d, err := yearreport.Load(ctx, r.Store, r.Calendar, cy, now)
	if err != nil {
		return nil, err
	}
	links, err := yearreport.Write(ctx, r.Files, d)
	if err != nil {
		return nil, err
	}
	var list strings.Builder
	for _, l := range links {
		fmt.Fprintf(&list, "- %s: %s\n", l.Name, l.Link)
	}
	for _, to := range r.Staff {
		m, err := staffReports.Render(to, map[string]string{"Cycle": cy.ID, "Day": r.Calendar.Day(now),
			"Links": strings.TrimSpace(list.String()), "Expiry": r.LinkNote})
		if err != nil {
			return nil, err
		}
		if err := r.Mail.Send(ctx, m); err != nil {
			return nil, err
		}
	}
	r.Log.Info("reports written", "cycle", cy.ID, "files", len(links))
	return &Result{Mode: Report, Cycle: cy.ID, Files: links, Emails: len(r.Staff)}, nil
}
