package web_test

import (
	"encoding/json"
	"os"
	"path"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ala-alsc/mentoring/functions/internal/web"
)

func TestTemplateDeclaresExactlyTheRoutes(t *testing.T) {
	b, err := os.ReadFile("../../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties struct {
				CodeUri string
				Events  map[string]struct {
					Type       string
					Properties struct{ Method, Path string }
				}
			}
		}
	}
	// Through JSON, whose field matching ignores case, so the struct needs no tags.
	var doc any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(doc)
	if err := json.Unmarshal(j, &tpl); err != nil {
		t.Fatal(err)
	}
	var declared []web.Route
	for _, r := range tpl.Resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		for _, e := range r.Properties.Events {
			if e.Type == "HttpApi" {
				declared = append(declared, web.Route{Method: e.Properties.Method, Path: e.Properties.Path, Function: path.Base(r.Properties.CodeUri)})
			}
		}
	}
	key := func(r web.Route) string { return r.Method + " " + r.Path + " → " + r.Function }
	var got, want []string
	for _, r := range declared {
		got = append(got, key(r))
	}
	for _, r := range web.Routes {
		want = append(want, key(r))
		if _, err := os.Stat("../../../functions/" + r.Function + "/main.go"); err != nil {
			t.Errorf("route %s: no function folder: %v", key(r), err)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("template.yaml declares %q, web.Routes lists %q", got, want)
	}
}
