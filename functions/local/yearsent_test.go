package local_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/lifecycle"
	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/local"
)

// A demo started after the wrap-up survey has closed has one pair whose year was sent, and so a
// certificate of completion to show: Casey Morgan's, naming her mentor; before then, nothing is
// added, and seeding again adds nothing twice.
func TestTheDemoHasACertificateAfterTheSurvey(t *testing.T) {
	ctx, st, cal, now := demoOn(t)
	if _, err := local.SeedDemoPairs(ctx, st, cal, notify.Outbox{Dir: t.TempDir(), From: "mentoring@example.org"}, "http://localhost:8080",
		slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time { return now }); err != nil {
		t.Fatal(err)
	}
	cy, _ := cal.Cycle(local.DemoYear)
	if n, err := local.SeedDemoYearSent(ctx, st, cal, cy.Window(program.Survey).Opens.Add(24*time.Hour)); err != nil || n != 0 {
		t.Fatalf("while the survey is open: added %d (%v), want nothing", n, err)
	}
	after := cy.Certificates().Opens.Add(24 * time.Hour)
	if n, err := local.SeedDemoYearSent(ctx, st, cal, after); err != nil || n != 4 {
		t.Fatalf("after the survey: added %d (%v), want the goals, the tracker and two surveys", n, err)
	}
	if n, err := local.SeedDemoYearSent(ctx, st, cal, after); err != nil || n != 0 {
		t.Fatalf("again: added %d (%v)", n, err)
	}
	life, err := lifecycle.Load(ctx, st, cy, after)
	if err != nil {
		t.Fatal(err)
	}
	years, err := st.Years(ctx, cy.ID)
	if err != nil {
		t.Fatal(err)
	}
	issued := 0
	for id, a := range life.Apps {
		c := life.Certificate(id, years)
		if !c.Issued {
			continue
		}
		issued++
		if a.Form.Applicant().Name == "Casey Morgan" && len(c.Partners) != 1 {
			t.Errorf("Casey Morgan's certificate names %q, want her mentor", c.Partners)
		}
	}
	if issued != 2 {
		t.Errorf("%d demo people have a certificate, want Casey Morgan and her mentor", issued)
	}
}
