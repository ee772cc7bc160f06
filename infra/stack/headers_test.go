package stack_test

import (
	"fmt"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samcheck"
	"github.com/ala-alsc/mentoring/infra/stack"
)

// TestTemplateSendsTheSameHeaders reads the response headers policy in template.yaml as the
// headers CloudFront adds and compares them with SecurityHeaders, which the local stack sends.
func TestTemplateSendsTheSameHeaders(t *testing.T) {
	tpl, err := samcheck.Load(devenv.Root())
	if err != nil {
		t.Fatal(err)
	}
	var policies []string
	for name, r := range tpl.Resources {
		if r.Type == "AWS::CloudFront::ResponseHeadersPolicy" {
			policies = append(policies, name)
		}
	}
	if len(policies) != 1 {
		t.Fatalf("response headers policies %v, want one", policies)
	}
	cfg := samcheck.Dig(tpl.Resources[policies[0]].Properties, "ResponseHeadersPolicyConfig")
	sec := samcheck.Dig(cfg, "SecurityHeadersConfig")
	hsts := samcheck.Dig(sec, "StrictTransportSecurity")
	hstsValue := fmt.Sprintf("max-age=%v", samcheck.Dig(hsts, "AccessControlMaxAgeSec"))
	if samcheck.Dig(hsts, "IncludeSubdomains") == true {
		hstsValue += "; includeSubDomains"
	}
	if samcheck.Dig(hsts, "Preload") == true {
		hstsValue += "; preload"
	}
	got := []stack.Header{
		{"Strict-Transport-Security", hstsValue},
		{"Content-Security-Policy", fmt.Sprint(samcheck.Dig(sec, "ContentSecurityPolicy", "ContentSecurityPolicy"))},
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", fmt.Sprint(samcheck.Dig(sec, "FrameOptions", "FrameOption"))},
		{"Referrer-Policy", fmt.Sprint(samcheck.Dig(sec, "ReferrerPolicy", "ReferrerPolicy"))},
	}
	for kind, c := range sec.(map[string]any) {
		if samcheck.Dig(c, "Override") != true {
			t.Errorf("%s does not override the origin's header", kind)
		}
	}
	if len(sec.(map[string]any)) != 5 {
		t.Errorf("the policy sets %d security headers, want the 5 read here", len(sec.(map[string]any)))
	}
	for _, h := range samcheck.Dig(cfg, "CustomHeadersConfig", "Items").([]any) {
		got = append(got, stack.Header{Name: fmt.Sprint(samcheck.Dig(h, "Header")), Value: fmt.Sprint(samcheck.Dig(h, "Value"))})
		if samcheck.Dig(h, "Override") != true {
			t.Errorf("%v does not override the origin's header", samcheck.Dig(h, "Header"))
		}
	}
	if !slices.Equal(got, stack.SecurityHeaders) {
		t.Errorf("template.yaml sends\n%q\nthe local stack\n%q", got, stack.SecurityHeaders)
	}
}

// TestEveryResponseIsSecured checks the headers on pages, the 404 page and a handler that
// sets one of them itself.
func TestEveryResponseIsSecured(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<p>home</p>", "404.html": "<p>missing</p>"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /", stack.Site(dir))
	mux.Handle("POST /api/x", stack.Secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Referrer-Policy", "unsafe-url")
		w.WriteHeader(http.StatusCreated)
	})))
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/", http.StatusOK},
		{"GET", "/no/such/page/", http.StatusNotFound},
		{"POST", "/api/x", http.StatusCreated},
	} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(c.method, c.path, nil))
		if w.Code != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, w.Code, c.status)
		}
		for _, h := range stack.SecurityHeaders {
			if got := w.Header().Values(h.Name); len(got) != 1 || got[0] != h.Value {
				t.Errorf("%s %s: %s is %q, want %q", c.method, c.path, h.Name, got, h.Value)
			}
		}
	}
}
