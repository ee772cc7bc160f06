package samtemplate_test

import (
	"testing"

	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestMustMatchesFieldsWithoutTags decodes the template into untagged fields of other case.
func TestMustMatchesFieldsWithoutTags(t *testing.T) {
	var tpl struct {
		AWSTemplateFormatVersion string
		Resources                map[string]struct{ Type string }
	}
	samtemplate.Load(t, &tpl)
	if tpl.AWSTemplateFormatVersion == "" {
		t.Error("no AWSTemplateFormatVersion")
	}
	functions := 0
	for _, r := range tpl.Resources {
		if r.Type == "AWS::Serverless::Function" {
			functions++
		}
	}
	if functions == 0 {
		t.Errorf("no AWS::Serverless::Function among %d resources", len(tpl.Resources))
	}
}
