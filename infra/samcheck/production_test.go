package samcheck_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/samcheck"
)

// alarmsOn lists the alarms on metric of function fn, plain or inside a metric math alarm.
func alarmsOn(tpl *samcheck.Template, metric, fn string) []string {
	var out []string
	for _, name := range ofType(tpl, "AWS::CloudWatch::Alarm") {
		p := tpl.Resources[name].Properties
		stats := []any{map[string]any{"Metric": p}}
		if ms, ok := p["Metrics"].([]any); ok {
			stats = nil
			for _, m := range ms {
				stats = append(stats, samcheck.Dig(m, "MetricStat"))
			}
		}
		for _, s := range stats {
			m := samcheck.Dig(s, "Metric")
			if samcheck.Dig(m, "Namespace") == "AWS/Lambda" && samcheck.Dig(m, "MetricName") == metric &&
				samcheck.RefTo(samcheck.Dig(m, "Dimensions", 0, "Value")) == fn {
				out = append(out, name)
			}
		}
	}
	return out
}

// TestEverySchedulesRunIsMissedAloud checks that each schedule has an alarm that fires when its
// run did not happen: for a daily schedule, more than a day (and the hour the clocks go back)
// without a run, missing data counting as no run; for a one-time schedule, no run in the hours
// from its time, the window in the alarm's expression being the schedule's own time.
func TestEverySchedulesRunIsMissedAloud(t *testing.T) {
	tpl, _ := mustLoad(t)
	schedules := 0
	for _, fn := range ofType(tpl, "AWS::Serverless::Function") {
		for ev, e := range tpl.Resources[fn].Properties["Events"].(map[string]any) {
			if samcheck.Dig(e, "Type") != "ScheduleV2" {
				continue
			}
			schedules++
			expr := fmt.Sprint(samcheck.Dig(e, "Properties", "ScheduleExpression"))
			alarms := alarmsOn(tpl, "Invocations", fn)
			if len(alarms) != 1 {
				t.Errorf("%s.%s (%s): %d alarms on the function's runs, want 1", fn, ev, expr, len(alarms))
				continue
			}
			p := tpl.Resources[alarms[0]].Properties
			if p["TreatMissingData"] != "breaching" || p["ComparisonOperator"] != "LessThanThreshold" || p["Threshold"] != 1 ||
				p["DatapointsToAlarm"] != p["EvaluationPeriods"] {
				t.Errorf("%s: not \"fewer than one run in every period, no data counting as none\": %v", alarms[0], p)
			}
			switch {
			case strings.HasPrefix(expr, "cron(0 9 * * ? *)"):
				if hours := p["EvaluationPeriods"].(int) * p["Period"].(int) / 3600; hours < 25 || hours > 27 {
					t.Errorf("%s: a daily run is missed after %d hours, want 25 to 27 (a day, and the hour the clocks go back)", alarms[0], hours)
				}
			case strings.HasPrefix(expr, "at("):
				loc, err := time.LoadLocation(fmt.Sprint(samcheck.Dig(e, "Properties", "ScheduleExpressionTimezone")))
				if err != nil {
					t.Fatal(err)
				}
				at, err := time.ParseInLocation("2006-01-02T15:04:05", strings.TrimSuffix(strings.TrimPrefix(expr, "at("), ")"), loc)
				if err != nil {
					t.Fatal(err)
				}
				var math string
				for _, m := range p["Metrics"].([]any) {
					if s, ok := samcheck.Dig(m, "Expression").(string); ok && samcheck.Dig(m, "ReturnData") == true {
						math = s
					}
				}
				window := regexp.MustCompile(`^IF\(EPOCH\(TIME_SERIES\(0\)\) >= (\d+) AND EPOCH\(TIME_SERIES\(0\)\) < (\d+), FILL\(runs, 0\), 1\)$`).FindStringSubmatch(math)
				if window == nil {
					t.Fatalf("%s: expression %q is not the window of the schedule's hours", alarms[0], math)
				}
				from, _ := strconv.ParseInt(window[1], 10, 64)
				to, _ := strconv.ParseInt(window[2], 10, 64)
				hours := int(to-from) / 3600
				if from != at.Unix() || hours != p["EvaluationPeriods"].(int) || p["Period"] != nil && p["Period"] != 3600 {
					t.Errorf("%s: window %s to %s (%d hours in %v periods), want from the schedule's %v (%d)",
						alarms[0], time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC(), hours, p["EvaluationPeriods"], at.UTC(), at.Unix())
				}
				if p["OKActions"] != nil {
					t.Errorf("%s: an OK notice would follow once the window passed, run or not", alarms[0])
				}
			default:
				t.Errorf("%s.%s: no rule for a heartbeat of %s", fn, ev, expr)
			}
		}
	}
	if schedules < 2 {
		t.Errorf("%d schedules found, want the reminders' and the proposal's", schedules)
	}
}

// TestBudgetTellsTheStaffList checks the monthly cost budget: its limit is the MonthlyBudget
// parameter, and both the actual and the forecast cost passing it notify the alarm topic, which
// Budgets and CloudWatch may publish to.
func TestBudgetTellsTheStaffList(t *testing.T) {
	tpl, _ := mustLoad(t)
	staff := staffListTopics(t, tpl)
	budgets := ofType(tpl, "AWS::Budgets::Budget")
	if len(budgets) != 1 {
		t.Fatalf("%d budgets, want 1", len(budgets))
	}
	p := tpl.Resources[budgets[0]].Properties
	if samcheck.RefTo(samcheck.Dig(p, "Budget", "BudgetLimit", "Amount")) != "MonthlyBudget" || samcheck.Dig(p, "Budget", "TimeUnit") != "MONTHLY" {
		t.Errorf("the budget is not MonthlyBudget a month: %v", p["Budget"])
	}
	var kinds []string
	for _, n := range p["NotificationsWithSubscribers"].([]any) {
		topic := samcheck.RefTo(samcheck.Dig(n, "Subscribers", 0, "Address"))
		if samcheck.Dig(n, "Subscribers", 0, "SubscriptionType") != "SNS" || !staff[topic] {
			t.Errorf("a budget notice goes to %v, not the staff list's topic", samcheck.Dig(n, "Subscribers"))
		}
		kinds = append(kinds, fmt.Sprint(samcheck.Dig(n, "Notification", "NotificationType")))
		// The topic's own policy replaces the default one: it must name both publishers.
		var publishers []string
		for _, name := range ofType(tpl, "AWS::SNS::TopicPolicy") {
			tp := tpl.Resources[name].Properties
			if samcheck.RefTo(samcheck.Dig(tp, "Topics", 0)) != topic {
				continue
			}
			for _, st := range samcheck.Dig(tp, "PolicyDocument", "Statement").([]any) {
				if samcheck.Dig(st, "Action") == "sns:Publish" && samcheck.RefTo(samcheck.Dig(st, "Resource")) == topic {
					publishers = append(publishers, fmt.Sprint(samcheck.Dig(st, "Principal", "Service")))
				}
			}
		}
		if !slices.Contains(publishers, "budgets.amazonaws.com") || !slices.Contains(publishers, "cloudwatch.amazonaws.com") {
			t.Errorf("%s may be published to by %v, want Budgets and CloudWatch", topic, publishers)
		}
	}
	slices.Sort(kinds)
	if !slices.Equal(kinds, []string{"ACTUAL", "FORECASTED"}) {
		t.Errorf("budget notices %v, want one on the actual cost and one on the forecast", kinds)
	}
}

// tableInUse is how every part of the stack must name the table: the restored one when the
// TableName parameter names it, else the stack's own.
var tableInUse = []any{
	map[string]any{"Fn::If": []any{"RestoredTable", map[string]any{"Ref": "TableName"}, map[string]any{"Ref": "Table"}}},
	map[string]any{"Fn::If": []any{"RestoredTable",
		map[string]any{"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}"},
		map[string]any{"Fn::GetAtt": []any{"Table", "Arn"}}}},
}

// TestBackupsAndARestoredTable checks the table's recovery: point-in-time recovery, a backup
// plan keeping daily backups 35 days and monthly ones 400 days, each copied for as long to the
// BackupCopyVaultArn vault, and the table in use chosen by the TableName parameter everywhere the
// stack names it (the functions' TABLE_NAME, every policy, the backup selection, the output).
// The stack's own table is kept in the account when a restored one replaces it.
func TestBackupsAndARestoredTable(t *testing.T) {
	tpl, _ := mustLoad(t)
	table := tpl.Raw["Table"]
	if samcheck.Dig(tpl.Resources["Table"].Properties, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled") != true ||
		table["DeletionPolicy"] != "Retain" || tpl.Resources["Table"].Condition != "StackTable" {
		t.Errorf("the table: point-in-time recovery, kept when it leaves the stack, only without TableName: %v", table)
	}
	if !reflect.DeepEqual(tpl.Conditions["RestoredTable"], map[string]any{"Fn::Not": []any{map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "TableName"}, ""}}}}) ||
		!reflect.DeepEqual(tpl.Conditions["StackTable"], map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "TableName"}, ""}}) {
		t.Errorf("the conditions do not follow TableName: %v %v", tpl.Conditions["RestoredTable"], tpl.Conditions["StackTable"])
	}
	plans := ofType(tpl, "AWS::Backup::BackupPlan")
	if len(plans) != 1 {
		t.Fatalf("%d backup plans, want 1", len(plans))
	}
	kept := map[string]int{}
	for _, r := range samcheck.Dig(tpl.Resources[plans[0]].Properties, "BackupPlan", "BackupPlanRule").([]any) {
		days := samcheck.Dig(r, "Lifecycle", "DeleteAfterDays")
		kept[fmt.Sprint(samcheck.Dig(r, "RuleName"))] = days.(int)
		if samcheck.RefTo(samcheck.Dig(r, "CopyActions", 0, "DestinationBackupVaultArn")) != "BackupCopyVaultArn" ||
			samcheck.Dig(r, "CopyActions", 0, "Lifecycle", "DeleteAfterDays") != days {
			t.Errorf("rule %v is not copied, for as long, to BackupCopyVaultArn", samcheck.Dig(r, "RuleName"))
		}
	}
	if !reflect.DeepEqual(kept, map[string]int{"daily": 35, "monthly": 400}) {
		t.Errorf("backups kept %v days, want daily 35, monthly 400 (as docs/operations.md says)", kept)
	}
	uses := map[string]any{
		"the backup selection": samcheck.Dig(tpl.Resources["BackupSelection"].Properties, "BackupSelection", "Resources", 0),
		"TABLE_NAME":           samcheck.Dig(tpl.Globals["Function"], "Environment", "Variables", "TABLE_NAME"),
		"the TableName output": tpl.Outputs["TableName"]["Value"],
	}
	for _, fn := range ofType(tpl, "AWS::Serverless::Function") {
		for i, p := range tpl.Resources[fn].Properties["Policies"].([]any) {
			sts, _ := samcheck.Dig(p, "Statement").([]any)
			for j, st := range sts {
				if a := fmt.Sprint(samcheck.Dig(st, "Action")); strings.Contains(a, "dynamodb:") {
					uses[fmt.Sprintf("%s's policy %d.%d", fn, i, j)] = samcheck.Dig(st, "Resource")
				}
			}
		}
	}
	if len(uses) < 3+5 {
		t.Errorf("%d uses of the table found, want at least the three and every function's policy", len(uses))
	}
	// An index of the table in use, chosen the same way.
	indexInUse := func(v any) bool {
		alt, _ := samcheck.Dig(v, "Fn::If").([]any)
		restored, _ := samcheck.Dig(alt, 1, "Fn::Sub").(string)
		own, _ := samcheck.Dig(alt, 2, "Fn::Sub").(string)
		name, ok := strings.CutPrefix(own, "${Table.Arn}/index/")
		return len(alt) == 3 && alt[0] == "RestoredTable" && ok && regexp.MustCompile(`^[a-z]+$`).MatchString(name) &&
			restored == "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/"+name
	}
	for what, v := range uses {
		list, isList := v.([]any)
		if isList && len(list) > 1 && !slices.ContainsFunc(list[1:], func(x any) bool { return !indexInUse(x) }) {
			v = list[0]
		}
		if !slices.ContainsFunc(tableInUse, func(w any) bool { return reflect.DeepEqual(v, w) }) {
			t.Errorf("%s names %v, not the table in use (or its indexes)", what, v)
		}
	}
	// Nothing else names the stack's own table directly.
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "Ref: Table]") + strings.Count(string(b), "[Table, Arn]"); n != len(uses) {
		t.Errorf("template.yaml names the stack's table %d times, and %d of them choose the table in use", n, len(uses))
	}
}

// TestLiaisonPolicyIsWhatTheStaffCommandNeeds checks LiaisonPolicy against staff/matcher: each
// AWS CLI call the command makes is allowed, on the resource it reaches, and nothing else is but
// what the emailed console links and CloudShell need; every right needs MFA; an output names it.
func TestLiaisonPolicyIsWhatTheStaffCommandNeeds(t *testing.T) {
	tpl, _ := mustLoad(t)
	script, err := os.ReadFile(filepath.Join(devenv.Root(), "staff", "matcher"))
	if err != nil {
		t.Fatal(err)
	}
	objects := `{"Fn::Sub":"${StaffBucket.Arn}/*"}`
	bucket := `{"Fn::GetAtt":["StaffBucket","Arn"]}`
	want := map[string]string{} // action → the resource it must be allowed on
	calls := regexp.MustCompile(`\baws ([a-z0-9]+) ([a-z-]+)([^\n]*)`).FindAllStringSubmatch(string(script), -1)
	for _, c := range calls {
		switch cmd := c[1] + " " + c[2]; {
		case cmd == "cloudformation describe-stacks":
			want["cloudformation:DescribeStacks"] = `{"Ref":"AWS::StackId"}`
		case cmd == "lambda invoke":
			want["lambda:InvokeFunction"] = `{"Fn::GetAtt":["MatcherFunction","Arn"]}`
		case cmd == "s3 cp" && strings.Contains(c[3], "--recursive"):
			want["s3:ListBucket"], want["s3:GetObject"] = bucket, objects
		case cmd == "s3 cp":
			want["s3:PutObject"] = objects
		default:
			t.Errorf("staff/matcher calls aws %s, which this test does not know: add it here and to LiaisonPolicy", cmd)
		}
	}
	if len(calls) < 4 {
		t.Fatalf("%d AWS CLI calls found in staff/matcher, want its four", len(calls))
	}
	// The console's page for a file (the emailed links) reads the object and the bucket's region.
	want["s3:GetObject"], want["s3:GetBucketLocation"] = objects, bucket
	for _, a := range []string{"CreateEnvironment", "CreateSession", "DescribeEnvironments", "GetEnvironmentStatus",
		"StartEnvironment", "StopEnvironment", "PutCredentials", "GetFileUploadUrls", "GetFileDownloadUrls"} {
		want["cloudshell:"+a] = `"*"` // CloudShell's environments are the person's own, named by no template
	}

	p := tpl.Resources["LiaisonPolicy"]
	if p == nil || p.Type != "AWS::IAM::ManagedPolicy" {
		t.Fatal("no managed policy LiaisonPolicy")
	}
	got := map[string]string{}
	for _, st := range samcheck.Dig(p.Properties, "PolicyDocument", "Statement").([]any) {
		if samcheck.Dig(st, "Effect") != "Allow" || samcheck.Dig(st, "Condition", "Bool", "aws:MultiFactorAuthPresent") != "true" {
			t.Errorf("statement %v: not an Allow that needs MFA", samcheck.Dig(st, "Sid"))
		}
		actions := samcheck.Dig(st, "Action")
		list, ok := actions.([]any)
		if !ok {
			list = []any{actions}
		}
		for _, a := range list {
			got[fmt.Sprint(a)] = jsonOf(samcheck.Dig(st, "Resource"))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LiaisonPolicy allows\n%v\nwant\n%v", got, want)
	}
	if samcheck.RefTo(tpl.Outputs["LiaisonPolicy"]["Value"]) != "LiaisonPolicy" {
		t.Error("no output names LiaisonPolicy")
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestOperationsGuideKeepsUp checks docs/operations.md against template.yaml: its table of
// parameters names every parameter, and it counts the alarms and their metrics as they are.
func TestOperationsGuideKeepsUp(t *testing.T) {
	tpl, _ := mustLoad(t)
	b, err := os.ReadFile(filepath.Join(devenv.Root(), "docs", "operations.md"))
	if err != nil {
		t.Fatal(err)
	}
	guide := string(b)
	for name := range tpl.Parameters {
		if !regexp.MustCompile("(?m)^\\| (`[A-Za-z]+`, )?`" + name + "`").MatchString(guide) {
			t.Errorf("docs/operations.md's table of parameters does not name %s", name)
		}
	}
	alarms, metrics := 0, 0
	for _, name := range ofType(tpl, "AWS::CloudWatch::Alarm") {
		alarms++
		ms, ok := tpl.Resources[name].Properties["Metrics"].([]any)
		if !ok {
			metrics++
		}
		for _, m := range ms {
			if samcheck.Dig(m, "MetricStat") != nil {
				metrics++
			}
		}
	}
	for _, want := range []string{fmt.Sprintf("%d alarms watch %d metrics", alarms, metrics),
		fmt.Sprintf("%d alarm metrics (%d alarms)", metrics, alarms)} {
		if !strings.Contains(guide, want) {
			t.Errorf("docs/operations.md does not say %q", want)
		}
	}
}
