package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestStaffBucketIsPrivateEncryptedAndShortLived checks template.yaml's staff bucket and the
// matcher's access to it: every public access blocked, TLS only, encrypted at rest, files
// expiring within a fortnight, and the matcher allowed to put, get and delete its objects and to
// list the bucket (to find the files naming a person staff forget) — nothing else on the
// bucket itself, no other bucket.
func TestStaffBucketIsPrivateEncryptedAndShortLived(t *testing.T) {
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	samtemplate.Must(t, &tpl)
	b, ok := tpl.Resources["StaffBucket"]
	if !ok || b.Type != "AWS::S3::Bucket" {
		t.Fatal("no StaffBucket")
	}
	props := jsonOf(b.Properties)
	for _, want := range []string{`"BlockPublicAcls":true`, `"BlockPublicPolicy":true`, `"IgnorePublicAcls":true`,
		`"RestrictPublicBuckets":true`, `"SSEAlgorithm":"AES256"`, `"BucketOwnerEnforced"`} {
		if !strings.Contains(props, want) {
			t.Errorf("StaffBucket lacks %s", want)
		}
	}
	var life struct {
		LifecycleConfiguration struct {
			Rules []struct {
				Status           string
				ExpirationInDays int
			}
		}
	}
	if err := json.Unmarshal([]byte(props), &life); err != nil || len(life.LifecycleConfiguration.Rules) == 0 {
		t.Fatalf("no lifecycle rule (%v)", err)
	}
	if r := life.LifecycleConfiguration.Rules[0]; r.Status != "Enabled" || r.ExpirationInDays < 7 || r.ExpirationInDays > 14 {
		t.Errorf("files expire after %d days (%s): want between the links' 7 days and a fortnight", r.ExpirationInDays, r.Status)
	}
	pol := jsonOf(tpl.Resources["StaffBucketPolicy"].Properties)
	if !strings.Contains(pol, `"aws:SecureTransport":"false"`) || !strings.Contains(pol, `"Effect":"Deny"`) {
		t.Errorf("the staff bucket does not refuse plain HTTP: %s", pol)
	}

	fn := tpl.Resources["MatcherFunction"].Properties
	env := jsonOf(fn["Environment"])
	for _, want := range []string{`"REPORTS_BUCKET":{"Ref":"StaffBucket"}`, `"STAFF_EMAILS"`, `"REPORT_LINK_DAYS":"7"`} {
		if !strings.Contains(env, want) {
			t.Errorf("the matcher's environment lacks %s: %s", want, env)
		}
	}
	var s3 []string
	for _, p := range fn["Policies"].([]any) {
		m, _ := p.(map[string]any)
		sts, _ := m["Statement"].([]any)
		for _, st := range sts {
			st := st.(map[string]any)
			for _, a := range st["Action"].([]any) {
				if a := a.(string); strings.HasPrefix(a, "s3:") {
					s3 = append(s3, a)
					want := `{"Fn::Sub":"${StaffBucket.Arn}/*"}`
					if a == "s3:ListBucket" {
						want = `{"Fn::GetAtt":["StaffBucket","Arn"]}`
					}
					if res := jsonOf(st["Resource"]); res != want {
						t.Errorf("the matcher's %s reaches %s, want %s alone", a, res, want)
					}
				}
			}
		}
	}
	slices.Sort(s3)
	if want := []string{"s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"}; !slices.Equal(s3, want) {
		t.Errorf("the matcher's S3 rights: %v, want %v", s3, want)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
