package local_test

import (
	"context"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/store/storetest"
	"github.com/ala-alsc/mentoring/functions/local"
)

func TestSeedDemo(t *testing.T) {
	ctx, st, cal, now := demoOn(t)
	n, err := local.SeedDemo(ctx, st, cal, now)
	if err != nil || n == 0 {
		t.Fatalf("seeded %d (%v)", n, err)
	}
	if again, err := local.SeedDemo(ctx, st, cal, now); err != nil || again != 0 {
		t.Fatalf("seeding again added %d (%v), want 0", again, err)
	}
	total := 0
	for _, role := range []forms.Role{forms.RoleMentor, forms.RoleMentee} {
		apps, err := st.Applications(ctx, "demo", role)
		if err != nil {
			t.Fatal(err)
		}
		if len(apps) == 0 {
			t.Errorf("no demo %s applications", role)
		}
		for _, a := range apps {
			total++
			if msgs := forms.Validate(a.Form); len(msgs) > 0 {
				t.Errorf("demo application %s would not pass the form's own checks: %v", a.ID, msgs)
			}
			if a.Status != store.StatusAccepted {
				t.Errorf("demo application %s is %s, want accepted", a.ID, a.Status)
			}
		}
	}
	if total != n {
		t.Errorf("%d applications stored, %d reported", total, n)
	}
}

// demoOn is a table of the test's own and the demo's calendar as of now.
func demoOn(t *testing.T) (context.Context, *store.Store, *program.Calendar, time.Time) {
	t.Helper()
	now := time.Now()
	cal, err := program.ParseCalendar(local.DemoCalendar(now))
	if err != nil {
		t.Fatal(err)
	}
	return context.Background(), storetest.Store(t), cal, now
}
