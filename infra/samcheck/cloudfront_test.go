package samcheck_test

import (
	"encoding/json"
	"os/exec"
	"reflect"
	"testing"
)

// runViewerFunction runs a CloudFront Function's code from template.yaml with node, on a
// viewer-request event for request, and returns what the handler returned.
func runViewerFunction(t *testing.T, name string, request map[string]any) map[string]any {
	t.Helper()
	tpl, _ := mustLoad(t)
	res, ok := tpl.Resources[name]
	if !ok || res.Type != "AWS::CloudFront::Function" {
		t.Fatalf("no CloudFront function %s", name)
	}
	code, _ := res.Properties["FunctionCode"].(string)
	event, err := json.Marshal(map[string]any{"version": "1.0", "request": request})
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to run the CloudFront functions' code: ", err)
	}
	out, err := exec.Command(node, "-e", code+"\nprocess.stdout.write(JSON.stringify(handler(JSON.parse(process.argv[1]))));", string(event)).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s returned %s", name, out)
	}
	return got
}

func request(uri string, query map[string]any, headers map[string]any) map[string]any {
	return map[string]any{"method": "GET", "uri": uri, "querystring": query, "headers": headers, "cookies": map[string]any{}}
}

// TestCloudFrontFunctions runs the distribution's viewer-request functions as CloudFront would:
// folder paths get their index file, a personal link sent before the pair's page existed is sent
// on to it, and API requests learn the host the visitor used.
func TestCloudFrontFunctions(t *testing.T) {
	none := map[string]any{}
	for _, c := range []struct{ uri, want string }{
		{"/", "/index.html"}, {"/about/", "/about/index.html"}, {"/apply/mentee", "/apply/mentee/index.html"},
		{"/timeline/alsc-mentoring-program.ics", "/timeline/alsc-mentoring-program.ics"}, {"/participants/", "/participants/index.html"},
	} {
		if got := runViewerFunction(t, "SiteIndexFiles", request(c.uri, none, none)); got["uri"] != c.want {
			t.Errorf("%s: served %v, want %s", c.uri, got["uri"], c.want)
		}
	}
	got := runViewerFunction(t, "SiteIndexFiles", request("/participants/", map[string]any{"token": map[string]any{"value": "ab12&x=1"}}, none))
	want := map[string]any{"statusCode": float64(302), "statusDescription": "Found", "headers": map[string]any{
		"location":        map[string]any{"value": "/api/pair?token=ab12%26x%3D1"},
		"cache-control":   map[string]any{"value": "no-store"},
		"referrer-policy": map[string]any{"value": "no-referrer"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("an old personal link: %v, want %v", got, want)
	}
	got = runViewerFunction(t, "ForwardedHost", request("/api/pair", none, map[string]any{"host": map[string]any{"value": "mentoring.ala.org"}}))
	if h, _ := got["headers"].(map[string]any); !reflect.DeepEqual(h["x-forwarded-host"], map[string]any{"value": "mentoring.ala.org"}) {
		t.Errorf("the API request carries %v", got["headers"])
	}
}
