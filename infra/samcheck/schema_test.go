package samcheck_test

import (
	"github.com/ala-alsc/mentoring/infra/devenv"
	"strings"
	"sync"
	"testing"

	"github.com/ala-alsc/mentoring/infra/samcheck"
)

var (
	loadOnce sync.Once
	tpl      *samcheck.Template
	spec     *samcheck.Spec
	loadErr  error
)

// mustLoad reads template.yaml and the CloudFormation specification once for all tests.
func mustLoad(t *testing.T) (*samcheck.Template, *samcheck.Spec) {
	t.Helper()
	loadOnce.Do(func() {
		if tpl, loadErr = samcheck.Load(devenv.Root()); loadErr == nil {
			spec, loadErr = samcheck.LoadSpec(devenv.Root())
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return tpl, spec
}

// TestTemplateMatchesTheSchemas checks every resource type, property name and value type in
// template.yaml against the CloudFormation resource schemas (SAM's types against SAM's
// documented properties, passed-on ones against the schema of the resource SAM creates).
func TestTemplateMatchesTheSchemas(t *testing.T) {
	tpl, spec := mustLoad(t)
	faults, n := tpl.Check(spec)
	for _, f := range faults {
		t.Error(f)
	}
	if n.Resources != len(tpl.Resources) || n.Resources < 30 || n.Properties < 300 {
		t.Errorf("checked %d resources and %d properties: too few to be the whole template", n.Resources, n.Properties)
	}
	t.Logf("checked %d resources and %d properties", n.Resources, n.Properties)
}

// TestReferencesResolve checks that every Ref, Fn::GetAtt, Fn::Sub variable and condition in
// template.yaml names something it declares, and that nothing declared goes unused.
func TestReferencesResolve(t *testing.T) {
	tpl, spec := mustLoad(t)
	faults, n := tpl.References(spec)
	for _, f := range faults {
		t.Error(f)
	}
	if n < 50 {
		t.Errorf("only %d references checked", n)
	}
	t.Logf("checked %d references", n)
}

// TestTheChecksFindFaults feeds the checks a template with one fault of each kind.
func TestTheChecksFindFaults(t *testing.T) {
	_, spec := mustLoad(t)
	bad, err := samcheck.Parse([]byte(`
Parameters:
  Unused: {Type: String}
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Propertys: {}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: {Ref: Nowhere}
      VersioningConfiguration: {Status: Sometimes}
      ObjectLockEnabled: "maybe"
      Tags: [{Key: a}]
      Colour: blue
  Topic:
    Type: AWS::SNS::Tpoic
  Subscription:
    Type: AWS::SNS::Subscription
    Properties: {Endpoint: staff@example.org}
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      EvaluationPeriods: many
      AlarmActions: [{Fn::GetAtt: [Bucket, Colour]}, {Fn::Sub: "${Missing}"}]
  Fn:
    Type: AWS::Serverless::Function
    Metadata: {BuildMethod: python}
    Properties:
      Timeout: ten
      Handle: bootstrap
      Events:
        Cron: {Type: ScheduleV2, Properties: {ScheduleExpresion: "rate(1 day)"}}
      Policies:
        - NoSuchPolicy: {}
        - SQSSendMessagePolicy: {Queue: x}
`))
	if err != nil {
		t.Fatal(err)
	}
	faults, _ := bad.Check(spec)
	refs, _ := bad.References(spec)
	all := strings.Join(append(faults, refs...), "\n")
	for _, want := range []string{
		"Queue: Propertys is not a resource attribute",
		`Bucket.VersioningConfiguration.Status: "Sometimes" is not one of`,
		`Bucket.ObjectLockEnabled: "maybe" is not a boolean`,
		"Bucket.Tags[0]:",
		"Bucket: Bucket has no property Colour",
		"Topic: no resource type AWS::SNS::Tpoic",
		`Alarm.EvaluationPeriods: "many" is not an integer`,
		"Subscription: Subscription requires Protocol",
		"Fn: BuildMethod python",
		`Fn.Timeout: "ten" is not an integer`,
		"Fn: Handle is not a documented property",
		"Fn.Events.Cron: ScheduleExpresion is not a documented property",
		"NoSuchPolicy is not a policy template",
		"SQSSendMessagePolicy: Queue is not one of",
		"Ref Nowhere names nothing",
		"a AWS::S3::Bucket has no attribute Colour",
		"Ref Missing names nothing",
		"parameter Unused is never used",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no fault %q among:\n%s", want, all)
		}
	}
}
