package stack_test

import (
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// Every function behind the HTTP API is given longer by Lambda than the functions' own deadline
// on a request's database and mail calls, with time to answer: a slow dependency ends in their
// 503 with Retry-After, never in Lambda's timeout.
func TestDeadlineIsShorterThanTheLambdaTimeout(t *testing.T) {
	var tpl struct {
		Globals   struct{ Function struct{ Timeout int } }
		Resources map[string]struct {
			Type       string
			Properties struct {
				Timeout int
				Events  map[string]struct{ Type string }
			}
		}
	}
	samtemplate.Load(t, &tpl)
	checked := 0
	for name, r := range tpl.Resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		api := false
		for _, e := range r.Properties.Events {
			api = api || e.Type == "HttpApi"
		}
		if !api {
			continue
		}
		timeout := time.Duration(r.Properties.Timeout) * time.Second
		if timeout == 0 {
			timeout = time.Duration(tpl.Globals.Function.Timeout) * time.Second
		}
		if timeout < local.Deadline+2*time.Second {
			t.Errorf("%s: Lambda timeout %v leaves no room after the functions' deadline %v", name, timeout, local.Deadline)
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("%d API functions found in template.yaml, want the applications' and the participants'", checked)
	}
}
