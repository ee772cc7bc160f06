package samcheck

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// SpecPackage is the npm package, pinned in infra/package-lock.json, whose database holds the
// CloudFormation resource schemas.
const SpecPackage = "@aws-cdk/aws-service-spec"

// Spec is the CloudFormation resource specification: every resource type's properties and
// attributes, and the property types they use.
type Spec struct {
	Resources map[string]*Shape // by CloudFormation type, e.g. AWS::S3::Bucket
	types     map[string]*Shape // property types by id
}

// Shape is a resource or a property type: its properties and, for resources, its attributes.
type Shape struct {
	ID         string               `json:"$id"`
	Type       string               `json:"cloudFormationType"`
	Name       string               `json:"name"`
	Properties map[string]*Property `json:"properties"`
	Attributes map[string]any       `json:"attributes"`
}

// Property is one property of a shape.
type Property struct {
	Type     *ValueType `json:"type"`
	Required bool       `json:"required"`
}

// ValueType is a property's type: string, integer, number, boolean, json, date-time, tag, or
// array, map (of Element), ref (a property type) or union (one of Types).
type ValueType struct {
	Kind          string     `json:"type"`
	Element       *ValueType `json:"element"`
	Types         []*ValueType
	AllowedValues []any `json:"allowedValues"`
	Reference     *struct {
		ID string `json:"$ref"`
	} `json:"reference"`
}

// LoadSpec reads the specification from the package installed under root's infra/node_modules.
func LoadSpec(root string) (*Spec, error) {
	f, err := os.Open(filepath.Join(root, "infra", "node_modules", SpecPackage, "db.json.gz"))
	if err != nil {
		return nil, fmt.Errorf("%w (run: make deps)", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var db struct {
		Schema struct {
			Resource       struct{ Entities []*Shape }
			TypeDefinition struct{ Entities []*Shape }
		}
	}
	if err := json.NewDecoder(z).Decode(&db); err != nil {
		return nil, fmt.Errorf("%s: %w", SpecPackage, err)
	}
	s := &Spec{Resources: map[string]*Shape{}, types: map[string]*Shape{}}
	for _, r := range db.Schema.Resource.Entities {
		s.Resources[r.Type] = r
	}
	for _, t := range db.Schema.TypeDefinition.Entities {
		s.types[t.ID] = t
	}
	if len(s.Resources) < 1000 {
		return nil, fmt.Errorf("%s: only %d resource types", SpecPackage, len(s.Resources))
	}
	return s, nil
}

// Count tallies what a check looked at.
type Count struct {
	Resources, Properties int
}

// CheckProperties checks the properties props (a resource's, or a property type's when shape
// is one) against shape: every name is known, every value has the declared type, required
// properties are present. It returns one message per fault, each starting with at, and adds
// every property it checked to n.
func (s *Spec) CheckProperties(at string, shape *Shape, props map[string]any, n *Count) []string {
	var out []string
	for _, name := range sortedKeys(props) {
		p, ok := shape.Properties[name]
		if !ok {
			out = append(out, fmt.Sprintf("%s: %s has no property %s", at, shape.Name, name))
			continue
		}
		n.Properties++
		out = append(out, s.CheckValue(at+"."+name, p.Type, props[name], n)...)
	}
	var missing []string
	for name, p := range shape.Properties {
		if _, ok := props[name]; p.Required && !ok {
			missing = append(missing, fmt.Sprintf("%s: %s requires %s", at, shape.Name, name))
		}
	}
	slices.Sort(missing)
	return append(out, missing...)
}

// CheckValue checks that v has type t. Intrinsic functions stand for a value of any type; the
// branches of Fn::If are checked like the value itself.
func (s *Spec) CheckValue(at string, t *ValueType, v any, n *Count) []string {
	if name, arg, ok := Intrinsic(v); ok {
		if name != "Fn::If" {
			return nil
		}
		args, _ := arg.([]any)
		if len(args) != 3 {
			return []string{at + ": Fn::If takes a condition and two values"}
		}
		var out []string
		for _, branch := range args[1:] {
			if noValue(branch) {
				continue
			}
			out = append(out, s.CheckValue(at, t, branch, n)...)
		}
		return out
	}
	bad := func() []string { return []string{fmt.Sprintf("%s: %v is not %s", at, short(v), t)} }
	switch t.Kind {
	case "string":
		switch x := v.(type) {
		case string:
			if len(t.AllowedValues) > 0 && !slices.ContainsFunc(t.AllowedValues, func(a any) bool { return fmt.Sprint(a) == x }) {
				return []string{fmt.Sprintf("%s: %q is not one of %v", at, x, t.AllowedValues)}
			}
			return nil
		case int, float64:
			return nil // CloudFormation passes numbers where strings are expected as their text
		}
		return bad()
	case "integer":
		switch x := v.(type) {
		case int:
			return nil
		case string:
			if _, err := strconv.ParseInt(x, 10, 64); err == nil {
				return nil
			}
		}
		return bad()
	case "number":
		switch x := v.(type) {
		case int, float64:
			return nil
		case string:
			if _, err := strconv.ParseFloat(x, 64); err == nil {
				return nil
			}
		}
		return bad()
	case "boolean":
		switch x := v.(type) {
		case bool:
			return nil
		case string:
			if x == "true" || x == "false" {
				return nil
			}
		}
		return bad()
	case "date-time":
		if _, ok := v.(string); ok {
			return nil
		}
		return bad()
	case "json":
		switch v.(type) {
		case map[string]any, []any, string:
			return nil
		}
		return bad()
	case "tag":
		m, ok := v.(map[string]any)
		if !ok || m["Key"] == nil || m["Value"] == nil || len(m) != 2 {
			return bad()
		}
		return nil
	case "array":
		list, ok := v.([]any)
		if !ok {
			return bad()
		}
		var out []string
		for i, e := range list {
			out = append(out, s.CheckValue(fmt.Sprintf("%s[%d]", at, i), t.Element, e, n)...)
		}
		return out
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return bad()
		}
		var out []string
		for _, k := range sortedKeys(m) {
			out = append(out, s.CheckValue(at+"."+k, t.Element, m[k], n)...)
		}
		return out
	case "ref":
		shape := s.types[t.Reference.ID]
		m, ok := v.(map[string]any)
		if shape == nil || !ok {
			return bad()
		}
		return s.CheckProperties(at, shape, m, n)
	case "union":
		for _, alt := range t.Types {
			var probe Count
			if len(s.CheckValue(at, alt, v, &probe)) == 0 {
				return s.CheckValue(at, alt, v, n)
			}
		}
		return bad()
	}
	return []string{fmt.Sprintf("%s: unknown type %q in the specification", at, t.Kind)}
}

// String names the type as a message would.
func (t *ValueType) String() string {
	switch t.Kind {
	case "array", "map":
		return t.Kind + " of " + t.Element.String()
	case "ref":
		return "an object"
	case "union":
		var alts []string
		for _, a := range t.Types {
			alts = append(alts, a.String())
		}
		return strings.Join(alts, " or ")
	case "integer":
		return "an integer"
	}
	return "a " + t.Kind
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}
