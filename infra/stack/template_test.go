package stack_test

import (
	"slices"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestTemplateServesSiteAndAPITogether checks that in AWS, as in the local stack, the site and
// the API share one origin: CloudFront sends /api/* to the HTTP API uncached, with POST allowed,
// and everything else to the private site bucket.
func TestTemplateServesSiteAndAPITogether(t *testing.T) {
	type behavior struct {
		PathPattern    string
		TargetOriginID string
		AllowedMethods []string
		CachePolicyID  string
	}
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties struct {
				PublicAccessBlockConfiguration map[string]bool
				DistributionConfig             struct {
					Origins []struct {
						ID                 string
						DomainName         map[string]any
						CustomOriginConfig map[string]any
					}
					DefaultCacheBehavior behavior
					CacheBehaviors       []behavior
				}
			}
		}
	}
	samtemplate.Load(t, &tpl)
	site := tpl.Resources["Site"]
	if site.Type != "AWS::CloudFront::Distribution" {
		t.Fatalf("no CloudFront distribution named Site")
	}
	d := site.Properties.DistributionConfig
	origins := map[string]any{}
	for _, o := range d.Origins {
		origins[o.ID] = o.DomainName
	}
	if sub, _ := origins["api"].(map[string]any)["Fn::Sub"].(string); sub != "${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}" {
		t.Errorf("the api origin is %v, want the HTTP API", origins["api"])
	}
	if d.DefaultCacheBehavior.TargetOriginID != "site" {
		t.Errorf("pages come from %q, want the site bucket", d.DefaultCacheBehavior.TargetOriginID)
	}
	i := slices.IndexFunc(d.CacheBehaviors, func(b behavior) bool { return b.PathPattern == "/api/*" })
	if i < 0 {
		t.Fatal("no cache behavior for /api/*")
	}
	api := d.CacheBehaviors[i]
	const cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	if api.TargetOriginID != "api" || !slices.Contains(api.AllowedMethods, "POST") || api.CachePolicyID != cachingDisabled {
		t.Errorf("/api/* behavior %+v: want the api origin, POST allowed, caching disabled", api)
	}
	block := tpl.Resources["SiteBucket"].Properties.PublicAccessBlockConfiguration
	for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
		if !block[k] {
			t.Errorf("site bucket: %s is not set", k)
		}
	}
}
