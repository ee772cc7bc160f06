package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// calendar is the program calendar file as the site reads it, decoded here independently of
// the site's templates (package program is internal to functions/).
type calendar struct {
	TimeZone    string `toml:"time_zone"`
	RematchDays int    `toml:"rematch_days"`
	// RetentionDays is how long answers are kept after their cycle ends.
	RetentionDays int `toml:"retention_days"`
	Cycles        []struct {
		ID     string `toml:"id"`
		Starts string `toml:"starts"`
		Ends   string `toml:"ends"`
		Events []struct {
			Key       string `toml:"key"`
			Title     string `toml:"title"`
			Opens     string `toml:"opens"`
			Closes    string `toml:"closes"`
			StaffOnly bool   `toml:"staff_only"`
		} `toml:"events"`
	} `toml:"cycles"`
}

func loadCalendar(t *testing.T) calendar {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "functions", "internal", "program", "data", "calendar.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var c calendar
	if err := toml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Cycles) == 0 {
		t.Fatal("calendar has no cycles")
	}
	return c
}
