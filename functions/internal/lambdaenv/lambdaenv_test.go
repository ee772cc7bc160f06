package lambdaenv_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/lambdaenv"
	"github.com/ala-alsc/mentoring/functions/internal/program"
)

// TestCalendar: without CALENDAR_FILE the built-in calendar, and a missing file is refused.
func TestCalendar(t *testing.T) {
	t.Setenv("CALENDAR_FILE", "")
	env, err := lambdaenv.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := env.Calendar.Cycle(program.DefaultCalendar().Cycles[0].ID); !ok {
		t.Error("without CALENDAR_FILE the built-in calendar is not used")
	}
	t.Setenv("CALENDAR_FILE", "/no/such/calendar.toml")
	if _, err := lambdaenv.Load(context.Background()); err == nil {
		t.Error("a missing calendar file was not reported")
	}
}

// TestTodayMovesTheClock checks the functions run on the day TODAY names (the local stack sets it),
// and that a day written otherwise stops the function with a message saying how to write one.
func TestTodayMovesTheClock(t *testing.T) {
	t.Setenv("TODAY", "2027-03-01")
	env, err := lambdaenv.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := env.Clock.Today(); got != "2027-03-01" {
		t.Errorf("the clock is on %s, want 2027-03-01", got)
	}
	t.Setenv("TODAY", "")
	if env, err := lambdaenv.Load(context.Background()); err != nil || env.Clock.Today() != time.Now().In(env.Calendar.Location()).Format(time.DateOnly) {
		t.Errorf("without TODAY: %v, %v; want the real date", env, err)
	}
	t.Setenv("TODAY", "March 1")
	if _, err := lambdaenv.Load(context.Background()); err == nil || !strings.Contains(err.Error(), "TODAY") || !strings.Contains(err.Error(), "2027-03-01") {
		t.Errorf("TODAY=March 1: %v; want a refusal naming TODAY and how to write a day", err)
	}
}
