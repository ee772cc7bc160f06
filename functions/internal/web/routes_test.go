package web_test

import (
	"os"
	"path"
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/web"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

func TestTemplateDeclaresExactlyTheRoutes(t *testing.T) {
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
	samtemplate.Load(t, &tpl)
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
