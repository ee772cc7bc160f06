package samcheck_test

import (
	"github.com/ala-alsc/mentoring/infra/devenv"
	"path"
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samcheck"
)

// TestPoliciesGrantWhatTheCodeCalls compares, for each function in template.yaml, the AWS
// operations its code can reach (from main, through the module's own call graph) with the
// actions its policies grant: every operation must be granted, and nothing else, apart from
// what Lambda does on the function's behalf for its failure destination.
func TestPoliciesGrantWhatTheCodeCalls(t *testing.T) {
	tpl, _ := mustLoad(t)
	functions := 0
	for _, name := range sortedNames(tpl) {
		r := tpl.Resources[name]
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		functions++
		codeURI, _ := r.Properties["CodeUri"].(string)
		t.Run(name, func(t *testing.T) {
			ops, err := samcheck.Operations(devenv.Root(), "./"+codeURI)
			if err != nil {
				t.Fatal(err)
			}
			if len(ops) == 0 {
				t.Fatalf("%s calls no AWS operation: the call graph lost its way", codeURI)
			}
			t.Logf("%s calls %v", codeURI, ops)
			granted := tpl.Granted(name)
			for _, op := range ops {
				if !slices.ContainsFunc(granted, func(a string) bool { m, _ := path.Match(a, op); return m }) {
					t.Errorf("the code calls %s; the policy does not grant it", op)
				}
			}
			for _, a := range granted {
				used := slices.ContainsFunc(ops, func(op string) bool { m, _ := path.Match(a, op); return m })
				if !used && !slices.Contains(tpl.OnBehalf(name), a) {
					t.Errorf("the policy grants %s, which the code never calls", a)
				}
			}
		})
	}
	if functions < 2 {
		t.Errorf("%d functions in template.yaml", functions)
	}
}

// TestOperationsFollowTheCallGraph checks the call graph on known differences between
// functions: applying never lists, deletes or sends email (the receipt is owed in its own write);
// the matcher does all three, and the sender sends.
func TestOperationsFollowTheCallGraph(t *testing.T) {
	ops := map[string][]string{}
	for _, fn := range []string{"apply", "matcher", "sender"} {
		o, err := samcheck.Operations(devenv.Root(), "./functions/"+fn)
		if err != nil {
			t.Fatal(err)
		}
		ops[fn] = o
	}
	for _, op := range []string{"dynamodb:Query", "dynamodb:DeleteItem", "ses:SendEmail"} {
		if slices.Contains(ops["apply"], op) {
			t.Errorf("apply is said to call %s", op)
		}
		if !slices.Contains(ops["matcher"], op) || !slices.Contains(ops["sender"], op) {
			t.Errorf("%s missing: matcher %v, sender %v", op, ops["matcher"], ops["sender"])
		}
	}
	for _, op := range []string{"dynamodb:PutItem", "dynamodb:UpdateItem"} {
		if !slices.Contains(ops["apply"], op) || !slices.Contains(ops["matcher"], op) {
			t.Errorf("%s missing: apply %v, matcher %v", op, ops["apply"], ops["matcher"])
		}
	}
}

func sortedNames(t *samcheck.Template) []string {
	var names []string
	for n := range t.Resources {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
