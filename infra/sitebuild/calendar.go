package sitebuild

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/devenv"
)

// BuildWithCalendar builds the site into dest as Build does, but with the program calendar
// given instead of the one in functions/internal/program/data (the folder's other files, such
// as the office's address, are kept), and as of the clock's day, so that the pages' dates and
// window states match what the local stack's functions use (the pages' script, which restates
// them on the reader's day, is moved by as many days as the clock). scratch is a folder it may
// write in.
func BuildWithCalendar(ctx context.Context, dest, scratch string, calendar []byte, clock local.Clock) error {
	site := filepath.Join(devenv.Root(), "site")
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(site, "hugo.toml"))
	if err != nil {
		return err
	}
	var cfg struct {
		Module struct {
			Mounts []map[string]any `toml:"mounts"`
		} `toml:"module"`
		Params map[string]any `toml:"params,omitempty"`
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return fmt.Errorf("site/hugo.toml: %w", err)
	}
	data, err := filepath.Abs(filepath.Join(scratch, "program"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	others, err := filepath.Glob(filepath.Join(devenv.Root(), "functions", "internal", "program", "data", "*.toml"))
	if err != nil {
		return err
	}
	for _, f := range others {
		b, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(filepath.Join(data, filepath.Base(f)), b, 0o644)
		}
		if err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(data, "calendar.toml"), calendar, 0o644); err != nil {
		return err
	}
	found := false
	for _, m := range cfg.Module.Mounts {
		if m["target"] == "data/program" {
			m["source"], found = data, true
		}
	}
	if !found {
		return fmt.Errorf("site/hugo.toml mounts nothing at data/program")
	}
	if clock.Days != 0 {
		cfg.Params = map[string]any{"clock_days": clock.Days}
	}
	override, err := toml.Marshal(cfg)
	if err != nil {
		return err
	}
	path, err := filepath.Abs(filepath.Join(scratch, "hugo-calendar.toml"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, override, 0o644); err != nil {
		return err
	}
	return Build(ctx, site, dest, "--config", filepath.Join(site, "hugo.toml")+","+path, "--clock", clock.Now().Format(time.RFC3339))
}
