// Package samcheck checks template.yaml without an AWS account: every resource type, property
// name and value type against the CloudFormation resource schemas (SAM's own resource types
// against the properties SAM documents, and those SAM passes on against the schema of the
// resource it creates), every reference against what the template declares, and each
// function's permissions against the AWS operations its code calls.
package samcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Template is template.yaml, its intrinsic functions in their long form (Ref:, Fn::GetAtt:).
type Template struct {
	Parameters map[string]map[string]any `yaml:"Parameters"`
	Conditions map[string]any            `yaml:"Conditions"`
	Globals    map[string]map[string]any `yaml:"Globals"`
	Resources  map[string]*Resource      `yaml:"Resources"`
	Outputs    map[string]map[string]any `yaml:"Outputs"`
	Raw        map[string]map[string]any `yaml:"-"` // each resource as written
	rawTop     map[string]any            // the whole document
}

// Resource is one resource of the template.
type Resource struct {
	Type       string         `yaml:"Type"`
	Properties map[string]any `yaml:"Properties"`
	Condition  string         `yaml:"Condition"`
	DependsOn  any            `yaml:"DependsOn"`
	Metadata   map[string]any `yaml:"Metadata"`
}

// resourceKeys are the keys CloudFormation allows on a resource.
var resourceKeys = []string{"Type", "Properties", "Condition", "DependsOn", "DeletionPolicy",
	"UpdateReplacePolicy", "Metadata", "UpdatePolicy", "CreationPolicy"}

// Load reads root's template.yaml.
func Load(root string) (*Template, error) {
	b, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse reads a template.
func Parse(b []byte) (*Template, error) {
	t := &Template{}
	if err := yaml.Unmarshal(b, t); err != nil {
		return nil, fmt.Errorf("template.yaml: %w", err)
	}
	var raw struct {
		Resources map[string]map[string]any `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("template.yaml: %w", err)
	}
	if err := yaml.Unmarshal(b, &t.rawTop); err != nil {
		return nil, fmt.Errorf("template.yaml: %w", err)
	}
	t.Raw = raw.Resources
	return t, nil
}

// Intrinsic reports whether v is an intrinsic function (a one-key map whose key is Ref,
// Condition or Fn::…), and returns its name and argument.
func Intrinsic(v any) (name string, arg any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, a, true
		}
	}
	return "", nil, false
}

// Dig follows keys (strings into maps, ints into lists) into a decoded YAML value; nil when
// a step is missing.
func Dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k < 0 || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// RefTo is the resource or parameter a {Ref: X} or {Fn::GetAtt: [X, …]} value names, or "".
func RefTo(v any) string {
	name, arg, ok := Intrinsic(v)
	switch {
	case ok && name == "Ref":
		s, _ := arg.(string)
		return s
	case ok && name == "Fn::GetAtt":
		s, _ := Dig(arg, 0).(string)
		return s
	}
	return ""
}

// noValue reports whether v is Ref: AWS::NoValue, which removes the property it stands for.
func noValue(v any) bool {
	name, arg, ok := Intrinsic(v)
	return ok && name == "Ref" && arg == "AWS::NoValue"
}

// pseudoParameters are the names Ref accepts besides parameters and resources.
var pseudoParameters = []string{"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
	"AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"}

// samAttributes are the attributes Fn::GetAtt may read from SAM's resource types.
var samAttributes = map[string][]string{
	"AWS::Serverless::Function": {"Arn"},
	"AWS::Serverless::HttpApi":  {"ApiEndpoint", "ApiId"},
}

// References checks that every Ref, Fn::GetAtt, Fn::Sub variable, Fn::If condition, resource
// Condition and DependsOn in the template names something the template declares (with its
// attribute, for Fn::GetAtt), and that every parameter and condition is used. It returns the
// faults and how many references it checked.
func (t *Template) References(spec *Spec) (faults []string, checked int) {
	used := map[string]bool{}
	ref := func(at, name string) {
		checked++
		used[name] = true
		_, param := t.Parameters[name]
		_, res := t.Resources[name]
		if !param && !res && !slices.Contains(pseudoParameters, name) {
			faults = append(faults, fmt.Sprintf("%s: Ref %s names nothing the template declares", at, name))
		}
	}
	getAtt := func(at, name, attr string) {
		checked++
		used[name] = true
		r, ok := t.Resources[name]
		if !ok {
			faults = append(faults, fmt.Sprintf("%s: Fn::GetAtt %s.%s: no resource %s", at, name, attr, name))
			return
		}
		var attrs []string
		if shape := spec.Resources[r.Type]; shape != nil && !strings.HasPrefix(r.Type, "AWS::Serverless::") {
			for a := range shape.Attributes {
				attrs = append(attrs, a)
			}
		} else {
			attrs = samAttributes[r.Type]
		}
		if !slices.Contains(attrs, attr) {
			faults = append(faults, fmt.Sprintf("%s: Fn::GetAtt %s.%s: a %s has no attribute %s", at, name, attr, r.Type, attr))
		}
	}
	condition := func(at, name string) {
		checked++
		used["condition:"+name] = true
		if _, ok := t.Conditions[name]; !ok {
			faults = append(faults, fmt.Sprintf("%s: condition %s is not declared", at, name))
		}
	}
	var walk func(at string, v any)
	walk = func(at string, v any) {
		if name, arg, ok := Intrinsic(v); ok {
			switch name {
			case "Ref":
				s, _ := arg.(string)
				ref(at, s)
			case "Condition":
				s, _ := arg.(string)
				condition(at, s)
			case "Fn::GetAtt":
				var parts []string
				switch a := arg.(type) {
				case string:
					parts = strings.SplitN(a, ".", 2)
				case []any:
					for _, p := range a {
						s, _ := p.(string)
						parts = append(parts, s)
					}
				}
				if len(parts) != 2 {
					faults = append(faults, fmt.Sprintf("%s: Fn::GetAtt %v: want [resource, attribute]", at, arg))
					return
				}
				getAtt(at, parts[0], parts[1])
				return
			case "Fn::Sub":
				text, vars := arg, map[string]any{}
				if list, ok := arg.([]any); ok && len(list) == 2 {
					text = list[0]
					vars, _ = list[1].(map[string]any)
					walk(at, list[1])
				}
				s, ok := text.(string)
				if !ok {
					faults = append(faults, fmt.Sprintf("%s: Fn::Sub needs a string", at))
					return
				}
				for _, name := range SubVariables(s) {
					if _, ok := vars[name]; ok {
						continue
					}
					if res, attr, ok := strings.Cut(name, "."); ok {
						getAtt(at, res, attr)
					} else {
						ref(at, name)
					}
				}
				return
			case "Fn::If":
				if list, ok := arg.([]any); ok && len(list) == 3 {
					s, _ := list[0].(string)
					condition(at, s)
					walk(at, list[1:])
					return
				}
				faults = append(faults, fmt.Sprintf("%s: Fn::If takes [condition, value, value]", at))
				return
			}
			walk(at, arg)
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(x) {
				walk(at+"."+k, x[k])
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", at, i), e)
			}
		}
	}
	for _, name := range sortedKeys(t.Resources) {
		r := t.Resources[name]
		walk(name, r.Properties)
		if r.Condition != "" {
			condition(name, r.Condition)
		}
		deps, _ := r.DependsOn.([]any)
		if s, ok := r.DependsOn.(string); ok {
			deps = []any{s}
		}
		for _, d := range deps {
			s, _ := d.(string)
			checked++
			if _, ok := t.Resources[s]; !ok {
				faults = append(faults, fmt.Sprintf("%s: DependsOn %v names no resource", name, d))
			}
		}
	}
	walk("Globals", t.rawTop["Globals"])
	walk("Conditions", t.rawTop["Conditions"])
	walk("Rules", t.rawTop["Rules"])
	walk("Outputs", t.rawTop["Outputs"])
	for _, p := range sortedKeys(t.Parameters) {
		if !used[p] {
			faults = append(faults, fmt.Sprintf("parameter %s is never used", p))
		}
	}
	for _, c := range sortedKeys(t.Conditions) {
		if !used["condition:"+c] {
			faults = append(faults, fmt.Sprintf("condition %s is never used", c))
		}
	}
	return faults, checked
}

// SubVariables lists the ${…} names in an Fn::Sub string, leaving out ${!…} literals.
func SubVariables(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			return out
		}
		if name := s[i+2 : i+j]; !strings.HasPrefix(name, "!") {
			out = append(out, strings.TrimSpace(name))
		}
		s = s[i+j+1:]
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
