package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestStaffBucketIsPrivateEncryptedAndShortLived checks template.yaml's staff bucket and the
// matcher's access to it: every public access blocked, objects owned by the bucket's account
// (no ACLs), TLS only for the bucket and its objects, encrypted at rest, files expiring within a
// fortnight (overwritten versions after a day, unfinished uploads after a day), the emails'
// word for how long the files are kept equal to the rule's, and the matcher allowed to put, get
// and delete its objects and to list the bucket (to find the files naming a person staff
// forget) — nothing else on the bucket itself, no other bucket.
func TestStaffBucketIsPrivateEncryptedAndShortLived(t *testing.T) {
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	samtemplate.Load(t, &tpl)
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
				Status                         string
				ExpirationInDays               int
				NoncurrentVersionExpiration    struct{ NoncurrentDays int }
				AbortIncompleteMultipartUpload struct{ DaysAfterInitiation int }
			}
		}
	}
	if err := json.Unmarshal([]byte(props), &life); err != nil || len(life.LifecycleConfiguration.Rules) == 0 {
		t.Fatalf("no lifecycle rule (%v)", err)
	}
	r := life.LifecycleConfiguration.Rules[0]
	if len(life.LifecycleConfiguration.Rules) != 1 || r.Status != "Enabled" || r.ExpirationInDays < 1 || r.ExpirationInDays > 14 ||
		r.NoncurrentVersionExpiration.NoncurrentDays != 1 || r.AbortIncompleteMultipartUpload.DaysAfterInitiation != 1 {
		t.Errorf("lifecycle %+v: want one enabled rule expiring files within a fortnight, old versions and unfinished uploads after a day", life.LifecycleConfiguration.Rules)
	}
	if !strings.Contains(props, `"VersioningConfiguration":{"Status":"Enabled"}`) {
		t.Error("the staff bucket is not versioned (an overwritten report could not be recovered)")
	}
	const tlsOnly = `{"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":"*",` +
		`"Resource":[{"Fn::GetAtt":["StaffBucket","Arn"]},{"Fn::Sub":"${StaffBucket.Arn}/*"}],"Sid":"TLSOnly"}`
	if pol := jsonOf(tpl.Resources["StaffBucketPolicy"].Properties); pol != `{"Bucket":{"Ref":"StaffBucket"},"PolicyDocument":{"Statement":[`+tlsOnly+`]}}` {
		t.Errorf("the staff bucket's policy is not exactly the refusal of plain HTTP for the bucket and its objects: %s", pol)
	}

	fn := tpl.Resources["MatcherFunction"].Properties
	env := jsonOf(fn["Environment"])
	days := fmt.Sprintf(`"STAFF_FILE_DAYS":"%d"`, r.ExpirationInDays)
	for _, want := range []string{`"REPORTS_BUCKET":{"Ref":"StaffBucket"}`, `"STAFF_EMAILS"`, days} {
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

// The staff emails say how the links work and exactly how long: as long as the bucket keeps the
// file, and how to copy the files in CloudShell.
func TestLinkNoteSaysHowLongTheFilesAreKept(t *testing.T) {
	const want = "Each link opens the file in the AWS console once you are signed in (choose Open or Download). " +
		"It works for 14 days from today; then the file is deleted, so run the step again for a new copy. " +
		"In CloudShell, ./matcher download followed by the cycle copies all the cycle's files there."
	if got := linkNote(14); got != want {
		t.Errorf("linkNote(14) = %q, want %q", got, want)
	}
}
