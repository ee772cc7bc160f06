package sitebuild_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/sitebuild"
)

// TestBuildWithCalendar builds the site with the local stack's demo calendar, whose application
// window is open today, and checks that the pages say so, where the real calendar's would not.
func TestBuildWithCalendar(t *testing.T) {
	dest, scratch := t.TempDir(), t.TempDir()
	today := time.Now()
	demo := local.DemoCalendar(today)
	if err := sitebuild.BuildWithCalendar(context.Background(), dest, scratch, demo, local.Clock{}); err != nil {
		t.Fatal(err)
	}
	home, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(home), "")
	if !strings.Contains(text, "Applications for "+local.DemoCycle+": open now") {
		t.Errorf("home page does not say the demo window is open:\n%s", text)
	}
	var cal struct {
		Cycles []struct {
			Events []struct {
				Title     string `toml:"title"`
				StaffOnly bool   `toml:"staff_only"`
			} `toml:"events"`
		} `toml:"cycles"`
	}
	if err := toml.Unmarshal(demo, &cal); err != nil {
		t.Fatal(err)
	}
	staffOnly := 0
	for _, e := range cal.Cycles[0].Events {
		if e.StaffOnly {
			staffOnly++
			if strings.Contains(text, e.Title) {
				t.Errorf("home page shows the staff-only event %q", e.Title)
			}
		}
	}
	if staffOnly == 0 {
		t.Error("the demo calendar marks no event staff-only")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "apply", "mentee", "index.html")); !strings.Contains(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(b), ""), "open now") {
		t.Error("the mentee form page does not say applications are open")
	}
}
