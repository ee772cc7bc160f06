// Package samtemplate reads template.yaml, the AWS SAM template that deploys the system, for the
// tests that check it against the code.
package samtemplate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// Path is where template.yaml is.
func Path() string { return filepath.Join(devenv.Root(), "template.yaml") }

// Decode reads template.yaml into v. It goes through JSON, whose field matching ignores case, so
// v's struct fields need no tags: a field Resources receives the template's Resources, a field
// TargetOriginID a TargetOriginId.
func Decode(v any) error {
	b, err := os.ReadFile(Path())
	if err != nil {
		return err
	}
	var doc any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("template.yaml: %w", err)
	}
	j, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("template.yaml: %w", err)
	}
	if err := json.Unmarshal(j, v); err != nil {
		return fmt.Errorf("template.yaml: %w", err)
	}
	return nil
}

// Load decodes template.yaml into v as Decode does, and fails the test if it cannot.
func Load(tb testing.TB, v any) {
	tb.Helper()
	if err := Decode(v); err != nil {
		tb.Fatal(err)
	}
}

// Schedule is the properties of a ScheduleV2 event, as the tests read them.
type Schedule struct {
	ScheduleExpression         string
	ScheduleExpressionTimezone string
	Input                      string
	RetryPolicy                map[string]int
	DeadLetterConfig           map[string]any
}
