package samcheck_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/samcheck"
)

// ofType lists the names of the template's resources of type typ.
func ofType(tpl *samcheck.Template, typ string) []string {
	var out []string
	for _, name := range sortedNames(tpl) {
		if tpl.Resources[name].Type == typ {
			out = append(out, name)
		}
	}
	return out
}

// TestFunctionsBuildWithSAM checks that sam build compiles every function from its own
// folder with the Go builder, rather than looking for a Makefile there.
func TestFunctionsBuildWithSAM(t *testing.T) {
	tpl, _ := mustLoad(t)
	for _, name := range ofType(tpl, "AWS::Serverless::Function") {
		r := tpl.Resources[name]
		if r.Metadata["BuildMethod"] != "go1.x" {
			t.Errorf("%s: Metadata.BuildMethod %v, want go1.x", name, r.Metadata["BuildMethod"])
		}
		dir, _ := r.Properties["CodeUri"].(string)
		if _, err := os.Stat(filepath.Join(devenv.Root(), dir, "main.go")); err != nil {
			t.Errorf("%s: CodeUri %q is not a function's folder: %v", name, dir, err)
		}
		if _, ok := r.Properties["ReservedConcurrentExecutions"]; ok {
			t.Errorf("%s reserves concurrency, which new accounts (a quota of 10) cannot deploy", name)
		}
	}
}

// TestEveryFunctionIsWatched checks that each function logs to a log group the template
// keeps for a limited time, and that alarms on its errors, throttles and duration (before the
// timeout) email every StaffEmails address.
func TestEveryFunctionIsWatched(t *testing.T) {
	tpl, _ := mustLoad(t)
	staff := staffListTopics(t, tpl)
	watched := map[string][]string{} // function → metrics with an alarm
	for _, name := range ofType(tpl, "AWS::CloudWatch::Alarm") {
		p := tpl.Resources[name].Properties
		if len(p["AlarmActions"].([]any)) == 0 {
			t.Errorf("%s: no alarm action", name)
		}
		for _, a := range p["AlarmActions"].([]any) {
			if !staff[samcheck.RefTo(a)] {
				t.Errorf("%s: the alarm action %v is not a topic every StaffEmails address receives", name, a)
			}
		}
		if p["Namespace"] == "AWS/Lambda" {
			fn := samcheck.RefTo(samcheck.Dig(p, "Dimensions", 0, "Value"))
			watched[fn] = append(watched[fn], p["MetricName"].(string))
			if p["MetricName"] == "Duration" {
				timeout := functionProperty(tpl, fn, "Timeout").(int) * 1000
				if th := int(p["Threshold"].(int)); th >= timeout || th < timeout/2 {
					t.Errorf("%s: duration alarm at %d ms for a %d ms timeout", name, th, timeout)
				}
			}
		}
	}
	for _, fn := range ofType(tpl, "AWS::Serverless::Function") {
		for _, metric := range []string{"Errors", "Throttles", "Duration"} {
			if !slices.Contains(watched[fn], metric) {
				t.Errorf("%s: no alarm on %s", fn, metric)
			}
		}
		group := samcheck.RefTo(samcheck.Dig(tpl.Resources[fn].Properties, "LoggingConfig", "LogGroup"))
		if g, ok := tpl.Resources[group]; !ok || g.Type != "AWS::Logs::LogGroup" || g.Properties["RetentionInDays"] == nil {
			t.Errorf("%s logs to %q, not a log group of the template with a retention period", fn, group)
		}
	}
	if g := samcheck.RefTo(samcheck.Dig(tpl.Resources["Api"].Properties, "AccessLogSettings", "DestinationArn")); tpl.Resources[g] == nil {
		t.Error("the HTTP API has no access log group")
	}
}

// staffListTopics lists the SNS topics that email every address of the StaffEmails parameter:
// one subscription per address its pattern allows (eight), each but the first on the condition
// that the list has that address.
func staffListTopics(t *testing.T, tpl *samcheck.Template) map[string]bool {
	t.Helper()
	if p := tpl.Parameters["StaffEmails"]["AllowedPattern"]; !strings.HasSuffix(fmt.Sprint(p), "){0,7}$") {
		t.Fatalf("StaffEmails's pattern %v does not allow at most eight addresses", p)
	}
	addresses := map[string]map[int]bool{} // topic → positions in StaffEmails it emails
	for _, name := range ofType(tpl, "AWS::SNS::Subscription") {
		r := tpl.Resources[name]
		sel, _ := samcheck.Dig(r.Properties, "Endpoint", "Fn::Select").([]any)
		if len(sel) != 2 || r.Properties["Protocol"] != "email" ||
			!reflect.DeepEqual(sel[1], map[string]any{"Fn::Split": []any{",", map[string]any{"Ref": "StaffEmails"}}}) {
			continue
		}
		i, _ := sel[0].(int)
		if want := fmt.Sprintf("StaffEmail%d", i+1); i > 0 && r.Condition != want {
			t.Errorf("%s emails address %d of StaffEmails on condition %q, want %s", name, i+1, r.Condition, want)
		}
		if i > 0 {
			cond := samcheck.Dig(tpl.Conditions, r.Condition, "Fn::Not", 0, "Fn::Equals", 1, "Fn::Select", 0)
			if cond != i {
				t.Errorf("condition %s does not test address %d of StaffEmails: %v", r.Condition, i+1, tpl.Conditions[r.Condition])
			}
		}
		topic := samcheck.RefTo(r.Properties["TopicArn"])
		if addresses[topic] == nil {
			addresses[topic] = map[int]bool{}
		}
		addresses[topic][i] = true
	}
	out := map[string]bool{}
	for topic, at := range addresses {
		out[topic] = len(at) == 8
	}
	if !slices.Contains(slices.Collect(maps.Values(out)), true) {
		t.Fatalf("no topic emails every StaffEmails address: %v", addresses)
	}
	return out
}

// liaisonTopics lists the SNS topics that email the AlarmEmail parameter's address.
func liaisonTopics(t *testing.T, tpl *samcheck.Template) map[string]bool {
	out := map[string]bool{}
	for _, name := range ofType(tpl, "AWS::SNS::Topic") {
		subs, _ := tpl.Resources[name].Properties["Subscription"].([]any)
		for _, s := range subs {
			if samcheck.Dig(s, "Protocol") == "email" && samcheck.RefTo(samcheck.Dig(s, "Endpoint")) == "AlarmEmail" {
				out[name] = true
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no topic emails the staff liaison (AlarmEmail)")
	}
	return out
}

// functionProperty is a function's property, or the globals' when it sets none.
func functionProperty(tpl *samcheck.Template, fn, name string) any {
	if v, ok := tpl.Resources[fn].Properties[name]; ok {
		return v
	}
	return tpl.Globals["Function"][name]
}

// TestFailuresAreKept checks that a failed asynchronous matcher run is sent to a queue (not
// dropped after Lambda's retries), and that every queue has an alarm.
func TestFailuresAreKept(t *testing.T) {
	tpl, _ := mustLoad(t)
	for _, fn := range ofType(tpl, "AWS::Serverless::Function") {
		for ev, e := range tpl.Resources[fn].Properties["Events"].(map[string]any) {
			if samcheck.Dig(e, "Type") != "ScheduleV2" {
				continue
			}
			dest := samcheck.RefTo(samcheck.Dig(tpl.Resources[fn].Properties, "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination"))
			if tpl.Resources[dest] == nil {
				t.Errorf("%s runs on a schedule (%s) without a failure destination", fn, ev)
			}
			name := samcheck.Dig(e, "Properties", "Name")
			if sub, _ := samcheck.Dig(name, "Fn::Sub").(string); !strings.Contains(sub, "${AWS::StackName}") {
				t.Errorf("%s.%s: the schedule's name %v does not include the stack's, so two stacks collide", fn, ev, name)
			}
		}
	}
	alarmed := map[string]bool{}
	for _, name := range ofType(tpl, "AWS::CloudWatch::Alarm") {
		if p := tpl.Resources[name].Properties; p["Namespace"] == "AWS/SQS" {
			alarmed[samcheck.RefTo(samcheck.Dig(p, "Dimensions", 0, "Value"))] = true
		}
	}
	for _, q := range ofType(tpl, "AWS::SQS::Queue") {
		if !alarmed[q] {
			t.Errorf("queue %s has no alarm", q)
		}
	}
}

// TestEmailIsAccountedFor checks that every function sends through the SES configuration set
// whose bounces and complaints reach staff, and may send only from the EmailFrom address.
func TestEmailIsAccountedFor(t *testing.T) {
	tpl, _ := mustLoad(t)
	set := samcheck.RefTo(samcheck.Dig(tpl.Globals["Function"], "Environment", "Variables", "SES_CONFIGURATION_SET"))
	if tpl.Resources[set] == nil || tpl.Resources[set].Type != "AWS::SES::ConfigurationSet" {
		t.Fatalf("the functions' SES_CONFIGURATION_SET is %q, not a configuration set of the template", set)
	}
	staff := liaisonTopics(t, tpl)
	reported := false
	for _, name := range ofType(tpl, "AWS::SES::ConfigurationSetEventDestination") {
		p := tpl.Resources[name].Properties
		types, _ := samcheck.Dig(p, "EventDestination", "MatchingEventTypes").([]any)
		if samcheck.RefTo(p["ConfigurationSetName"]) == set && slices.Contains(types, any("bounce")) &&
			slices.Contains(types, any("complaint")) && staff[samcheck.RefTo(samcheck.Dig(p, "EventDestination", "SnsDestination", "TopicARN"))] {
			reported = true
		}
	}
	if !reported {
		t.Error("no event destination sends the configuration set's bounces and complaints to staff")
	}
	for _, fn := range ofType(tpl, "AWS::Serverless::Function") {
		for _, p := range tpl.Resources[fn].Properties["Policies"].([]any) {
			sts, _ := samcheck.Dig(p, "Statement").([]any)
			for _, st := range sts {
				if !slices.Contains(samcheck.Dig(st, "Action").([]any), any("ses:SendEmail")) {
					continue
				}
				if samcheck.RefTo(samcheck.Dig(st, "Condition", "StringEquals", "ses:FromAddress")) != "EmailFrom" {
					t.Errorf("%s may send email from any address: no ses:FromAddress condition", fn)
				}
			}
		}
	}
}

// TestSiteIsHardened checks the items of the review: a versioned bucket refusing plain HTTP,
// a table that cannot be deleted by accident, a per-client rate limit on the API in front of
// the distribution, TLS 1.2 at least on an own domain, and the security headers on every path.
func TestSiteIsHardened(t *testing.T) {
	tpl, _ := mustLoad(t)
	bucket := tpl.Resources["SiteBucket"].Properties
	if samcheck.Dig(bucket, "VersioningConfiguration", "Status") != "Enabled" {
		t.Error("the site bucket is not versioned")
	}
	denyPlain := false
	for _, st := range samcheck.Dig(tpl.Resources["SiteBucketPolicy"].Properties, "PolicyDocument", "Statement").([]any) {
		denyPlain = denyPlain || (samcheck.Dig(st, "Effect") == "Deny" && samcheck.Dig(st, "Condition", "Bool", "aws:SecureTransport") == false)
	}
	if !denyPlain {
		t.Error("the site bucket's policy does not refuse requests without TLS")
	}
	if tpl.Resources["Table"].Properties["DeletionProtectionEnabled"] != true {
		t.Error("the table has no deletion protection")
	}
	d := tpl.Resources["Site"].Properties["DistributionConfig"]
	acl := samcheck.Dig(d, "WebACLId")
	if samcheck.RefTo(acl) == "" || tpl.Resources[samcheck.RefTo(acl)].Type != "AWS::WAFv2::WebACL" {
		t.Fatalf("the distribution has no web ACL: %v", samcheck.Dig(d, "WebACLId"))
	}
	rate := samcheck.Dig(tpl.Resources[samcheck.RefTo(acl)].Properties, "Rules", 0, "Statement", "RateBasedStatement")
	if samcheck.Dig(rate, "AggregateKeyType") != "IP" || samcheck.Dig(rate, "ScopeDownStatement", "ByteMatchStatement", "SearchString") != "/api/" {
		t.Errorf("the first rule is not a per-client rate limit on /api/: %v", rate)
	}
	if v := samcheck.Dig(d, "ViewerCertificate", "Fn::If", 1, "MinimumProtocolVersion"); v != "TLSv1.2_2021" {
		t.Errorf("with an own domain, the minimum TLS version is %v", v)
	}
	policy := samcheck.Dig(d, "DefaultCacheBehavior", "ResponseHeadersPolicyId")
	if tpl.Resources[samcheck.RefTo(policy)] == nil {
		t.Fatal("pages carry no response headers policy")
	}
	for _, b := range samcheck.Dig(d, "CacheBehaviors").([]any) {
		if !reflect.DeepEqual(samcheck.Dig(b, "ResponseHeadersPolicyId"), policy) {
			t.Errorf("%v answers without the security headers", samcheck.Dig(b, "PathPattern"))
		}
	}
}
