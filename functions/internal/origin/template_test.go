package origin_test

import (
	"reflect"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/origin"
	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/samcheck"
)

// TestAPIAnswersOnlyThroughCloudFront checks that CloudFront sends package origin's header to
// the API with the value every HTTP function expects.
func TestAPIAnswersOnlyThroughCloudFront(t *testing.T) {
	tpl, err := samcheck.Load(devenv.Root())
	if err != nil {
		t.Fatal(err)
	}
	var sent any
	for _, o := range samcheck.Dig(tpl.Resources["Site"].Properties, "DistributionConfig", "Origins").([]any) {
		if samcheck.Dig(o, "Id") != "api" {
			continue
		}
		for _, h := range samcheck.Dig(o, "OriginCustomHeaders").([]any) {
			if samcheck.Dig(h, "HeaderName") == origin.Header {
				sent = samcheck.Dig(h, "HeaderValue")
			}
		}
		if !reflect.DeepEqual(samcheck.Dig(o, "CustomOriginConfig", "OriginSSLProtocols"), []any{"TLSv1.2"}) {
			t.Errorf("CloudFront may reach the API over TLS older than 1.2: %v", samcheck.Dig(o, "CustomOriginConfig"))
		}
	}
	if sent == nil {
		t.Fatalf("CloudFront does not send %s to the API", origin.Header)
	}
	for fn, r := range tpl.Resources {
		if r.Type != "AWS::Serverless::Function" {
			continue
		}
		http := false
		for _, e := range tpl.Resources[fn].Properties["Events"].(map[string]any) {
			http = http || samcheck.Dig(e, "Type") == "HttpApi"
		}
		if got := samcheck.Dig(tpl.Resources[fn].Properties, "Environment", "Variables", "ORIGIN_SECRET"); http && !reflect.DeepEqual(got, sent) {
			t.Errorf("%s expects ORIGIN_SECRET %v; CloudFront sends %v", fn, got, sent)
		}
	}
}
