package season

import (
	"context"
	"fmt"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/staffpages"
	"github.com/ala-alsc/mentoring/functions/internal/yearreport"
)

var staffReports = notify.MustLoad("staff-reports")

// report writes the cycle's reports to r.Files and sends staff the links (at once: see sendLinks).
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
	res := &Result{Mode: Report, Cycle: cy.ID, Files: links,
		Message: fmt.Sprintf("Wrote %s for %s.", staffpages.Many(len(links), "file"), cy.ID)}
	if res.Emails, err = r.sendLinks(ctx, cy, staffReports, links, nil, res); err != nil {
		return nil, err
	}
	r.Log.Info("reports written", "cycle", cy.ID, "files", len(links))
	return res, nil
}
