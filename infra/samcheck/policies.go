package samcheck

import (
	"fmt"
	"slices"
)

// destinationActions are what Lambda itself does with a function's role for each kind of
// asynchronous-invocation destination.
var destinationActions = map[string][]string{
	"SQS": {"sqs:SendMessage*", "sqs:SendMessage"},
	"SNS": {"sns:Publish"},
}

// Granted lists the IAM actions function name's Policies allow: its inline statements'
// Allow actions and those of its policy templates.
func (t *Template) Granted(name string) []string {
	r := t.Resources[name]
	list, _ := r.Properties["Policies"].([]any)
	var out []string
	for _, p := range list {
		m, _ := p.(map[string]any)
		if sts, ok := m["Statement"].([]any); ok {
			for _, st := range sts {
				s, _ := st.(map[string]any)
				if s["Effect"] != "Allow" {
					continue
				}
				switch a := s["Action"].(type) {
				case string:
					out = append(out, a)
				case []any:
					for _, x := range a {
						out = append(out, fmt.Sprint(x))
					}
				}
			}
			continue
		}
		for tpl := range m {
			out = append(out, PolicyTemplates[tpl].Actions...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// OnBehalf lists the actions Lambda takes with function name's role for its asynchronous
// invocations' destinations (EventInvokeConfig), which its code never calls.
func (t *Template) OnBehalf(name string) []string {
	cfg, _ := t.Resources[name].Properties["EventInvokeConfig"].(map[string]any)
	dc, _ := cfg["DestinationConfig"].(map[string]any)
	var out []string
	for _, d := range dc {
		m, _ := d.(map[string]any)
		out = append(out, destinationActions[fmt.Sprint(m["Type"])]...)
	}
	return out
}
