package samcheck

import (
	"fmt"
	"slices"
	"strings"
)

// The specification's own AWS::Serverless::* entries predate properties this template uses
// (LoggingConfig, ScheduleV2 events), so SAM's resource types are checked against the
// properties SAM's documentation lists. A property SAM hands unchanged to a resource it
// creates names that resource's type (and, after a slash, the property's path in it when the
// name differs): its value is checked against that schema. An empty string marks a property
// SAM interprets itself, checked below or accepted as documented.
var samProperties = map[string]map[string]string{
	"AWS::Serverless::Function": {
		"Architectures": lambda, "AssumeRolePolicyDocument": "", "AutoPublishAlias": "",
		"AutoPublishAliasAllProperties": "", "AutoPublishCodeSha256": "", "CapacityProviderConfig": lambda,
		"CodeSigningConfigArn": lambda, "CodeUri": "", "DeadLetterQueue": "", "DeploymentPreference": "",
		"Description": lambda, "DurableConfig": lambda, "Environment": lambda, "EphemeralStorage": lambda,
		"EventInvokeConfig": "", "Events": "", "FileSystemConfigs": lambda, "FunctionName": lambda,
		"FunctionScalingConfig": lambda, "FunctionUrlConfig": "", "Handler": lambda, "ImageConfig": lambda,
		"ImageUri": "", "InlineCode": "", "KmsKeyArn": lambda, "Layers": lambda, "LoggingConfig": lambda,
		"MemorySize": lambda, "PackageType": lambda, "PermissionsBoundary": "", "Policies": "",
		"PropagateTags": "", "ProvisionedConcurrencyConfig": "", "RecursiveLoop": lambda,
		"ReservedConcurrentExecutions": lambda, "Role": lambda, "RolePath": "", "Runtime": lambda,
		"RuntimeManagementConfig": lambda, "SnapStart": lambda, "SourceKMSKeyArn": "", "Tags": "",
		"Timeout": lambda, "Tracing": "", "VersionDescription": "", "VersionDeletionPolicy": "",
		"VpcConfig": lambda,
	},
	"AWS::Serverless::HttpApi": {
		"AccessLogSettings": stage, "Auth": "", "CorsConfiguration": "", "DefaultRouteSettings": stage,
		"DefinitionBody": "", "DefinitionUri": "", "Description": httpAPI, "DisableExecuteApiEndpoint": httpAPI,
		"Domain": "", "FailOnWarnings": httpAPI, "Name": httpAPI, "PropagateTags": "", "RouteSettings": stage,
		"StageName": stage, "StageVariables": stage, "Tags": "",
	},
}

const (
	lambda   = "AWS::Lambda::Function"
	stage    = "AWS::ApiGatewayV2::Stage"
	httpAPI  = "AWS::ApiGatewayV2::Api"
	schedule = "AWS::Scheduler::Schedule"
	mapping  = "AWS::Lambda::EventSourceMapping"
)

// samEvents are the event sources this template uses, with their documented properties.
var samEvents = map[string]map[string]string{
	"HttpApi": {
		"ApiId": "", "Auth": "", "Method": "", "Path": "", "PayloadFormatVersion": "",
		"RouteSettings": stage + "/RouteSettings.*", "TimeoutInMillis": "",
	},
	"DynamoDB": {
		"BatchSize": mapping, "BisectBatchOnFunctionError": mapping, "DestinationConfig": "", "Enabled": mapping,
		"FilterCriteria": mapping, "FunctionResponseTypes": mapping, "KmsKeyArn": mapping,
		"MaximumBatchingWindowInSeconds": mapping, "MaximumRecordAgeInSeconds": mapping, "MaximumRetryAttempts": mapping,
		"MetricsConfig": mapping, "ParallelizationFactor": mapping, "StartingPosition": mapping,
		"StartingPositionTimestamp": mapping, "Stream": mapping + "/EventSourceArn", "TumblingWindowInSeconds": mapping,
	},
	"SNS": {
		"FilterPolicy": "", "FilterPolicyScope": "", "RedrivePolicy": "", "Region": "", "SqsSubscription": "", "Topic": "",
	},
	"ScheduleV2": {
		"DeadLetterConfig": "", "Description": schedule, "EndDate": schedule, "FlexibleTimeWindow": schedule,
		"GroupName": schedule, "Input": schedule + "/Target.Input", "KmsKeyArn": schedule, "Name": schedule,
		"OmitName": "", "PermissionsBoundary": "", "RetryPolicy": schedule + "/Target.RetryPolicy",
		"RoleArn": schedule + "/Target.RoleArn", "ScheduleExpression": schedule,
		"ScheduleExpressionTimezone": schedule, "StartDate": schedule, "State": schedule,
	},
}

// PolicyTemplates are the SAM policy templates a function may use: their parameters and the
// actions they grant (from SAM's policy_templates.json).
var PolicyTemplates = map[string]struct{ Params, Actions []string }{
	"SQSSendMessagePolicy": {[]string{"QueueName"}, []string{"sqs:SendMessage*"}},
	"DynamoDBWritePolicy": {[]string{"TableName"},
		[]string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}},
	"DynamoDBReadPolicy": {[]string{"TableName"}, []string{"dynamodb:GetItem", "dynamodb:Scan",
		"dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"}},
}

// BuildMethods are the Metadata.BuildMethod values sam build accepts for a Go function.
var BuildMethods = []string{"go1.x", "makefile"}

// Check validates every resource of the template (and the function globals) against spec. It
// returns the faults and how many resources and properties it checked.
func (t *Template) Check(spec *Spec) ([]string, Count) {
	var n Count
	var out []string
	for _, name := range sortedKeys(t.Resources) {
		r := t.Resources[name]
		n.Resources++
		for k := range t.Raw[name] {
			if !slices.Contains(resourceKeys, k) {
				out = append(out, fmt.Sprintf("%s: %s is not a resource attribute", name, k))
			}
		}
		if _, ok := samProperties[r.Type]; ok {
			out = append(out, spec.checkSAM(name, r.Type, r.Properties, &n)...)
			if m, ok := r.Metadata["BuildMethod"]; ok && !slices.Contains(BuildMethods, fmt.Sprint(m)) {
				out = append(out, fmt.Sprintf("%s: BuildMethod %v is not one of %v", name, m, BuildMethods))
			}
			continue
		}
		shape, ok := spec.Resources[r.Type]
		if !ok {
			out = append(out, fmt.Sprintf("%s: no resource type %s", name, r.Type))
			continue
		}
		out = append(out, spec.CheckProperties(name, shape, r.Properties, &n)...)
	}
	for kind, props := range t.Globals {
		typ := "AWS::Serverless::" + kind
		if _, ok := samProperties[typ]; !ok {
			out = append(out, fmt.Sprintf("Globals: %s has no globals here", kind))
			continue
		}
		out = append(out, spec.checkSAM("Globals."+kind, typ, props, &n)...)
	}
	return out, n
}

// passThrough resolves a samProperties entry for property name to the schema's type.
func (s *Spec) passThrough(target, name string) (*ValueType, error) {
	typ, path, ok := strings.Cut(target, "/")
	if !ok {
		path = name
	}
	shape := s.Resources[typ]
	if shape == nil {
		return nil, fmt.Errorf("no resource type %s", typ)
	}
	var vt *ValueType
	for _, step := range strings.Split(path, ".") {
		if step == "*" && vt != nil && vt.Kind == "map" {
			vt = vt.Element
			continue
		}
		if vt != nil {
			if vt.Kind != "ref" || s.types[vt.Reference.ID] == nil {
				return nil, fmt.Errorf("%s: %s is not an object", target, step)
			}
			shape = s.types[vt.Reference.ID]
		}
		p, ok := shape.Properties[step]
		if !ok {
			return nil, fmt.Errorf("%s has no property %s", shape.Name, step)
		}
		vt = p.Type
	}
	return vt, nil
}

// checkProps checks properties against a table of documented names and their pass-through
// targets.
func (s *Spec) checkProps(at string, table map[string]string, props map[string]any, n *Count) []string {
	var out []string
	for _, name := range sortedKeys(props) {
		target, ok := table[name]
		if !ok {
			out = append(out, fmt.Sprintf("%s: %s is not a documented property", at, name))
			continue
		}
		n.Properties++
		if target == "" {
			continue
		}
		vt, err := s.passThrough(target, name)
		if err != nil {
			out = append(out, fmt.Sprintf("%s.%s: %v", at, name, err))
			continue
		}
		out = append(out, s.CheckValue(at+"."+name, vt, props[name], n)...)
	}
	return out
}

// checkSAM checks a SAM resource's properties, and those SAM interprets itself.
func (s *Spec) checkSAM(at, typ string, props map[string]any, n *Count) []string {
	out := s.checkProps(at, samProperties[typ], props, n)
	if v, ok := props["CodeUri"]; ok {
		if _, isString := v.(string); !isString {
			out = append(out, at+".CodeUri: want a folder")
		}
	}
	if ev, ok := props["Events"].(map[string]any); ok {
		for _, name := range sortedKeys(ev) {
			out = append(out, s.checkEvent(at+".Events."+name, ev[name], n)...)
		}
	}
	if v, ok := props["Policies"]; ok {
		out = append(out, checkPolicies(at+".Policies", v, n)...)
	}
	if v, ok := props["EventInvokeConfig"]; ok {
		out = append(out, s.checkEventInvokeConfig(at+".EventInvokeConfig", v, n)...)
	}
	return out
}

func (s *Spec) checkEvent(at string, v any, n *Count) []string {
	ev, _ := v.(map[string]any)
	typ, _ := ev["Type"].(string)
	table, ok := samEvents[typ]
	if !ok {
		return []string{fmt.Sprintf("%s: event type %q is not one this check knows", at, typ)}
	}
	props, _ := ev["Properties"].(map[string]any)
	out := s.checkProps(at, table, props, n)
	if dl, ok := props["DeadLetterConfig"]; ok {
		out = append(out, keysIn(at+".DeadLetterConfig", dl, "Arn", "QueueLogicalId", "Type")...)
	}
	for _, k := range sortedKeys(ev) {
		if k != "Type" && k != "Properties" {
			out = append(out, fmt.Sprintf("%s: %s is not part of an event", at, k))
		}
	}
	return out
}

func (s *Spec) checkEventInvokeConfig(at string, v any, n *Count) []string {
	out := keysIn(at, v, "DestinationConfig", "MaximumEventAgeInSeconds", "MaximumRetryAttempts")
	m, _ := v.(map[string]any)
	for _, k := range []string{"MaximumEventAgeInSeconds", "MaximumRetryAttempts"} {
		if x, ok := m[k]; ok {
			n.Properties++
			vt, err := s.passThrough("AWS::Lambda::EventInvokeConfig", k)
			if err != nil {
				return append(out, err.Error())
			}
			out = append(out, s.CheckValue(at+"."+k, vt, x, n)...)
		}
	}
	dc, _ := m["DestinationConfig"].(map[string]any)
	out = append(out, keysIn(at+".DestinationConfig", dc, "OnFailure", "OnSuccess")...)
	for _, k := range sortedKeys(dc) {
		d, _ := dc[k].(map[string]any)
		n.Properties++
		out = append(out, keysIn(at+".DestinationConfig."+k, d, "Destination", "Type")...)
		if !slices.Contains([]string{"SQS", "SNS", "Lambda", "EventBridge", "S3Bucket"}, fmt.Sprint(d["Type"])) {
			out = append(out, fmt.Sprintf("%s.DestinationConfig.%s: no destination type %v", at, k, d["Type"]))
		}
	}
	return out
}

// checkPolicies checks a function's Policies: managed policy names, inline policy documents
// and the policy templates this check knows.
func checkPolicies(at string, v any, n *Count) []string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var out []string
	for i, p := range list {
		at := fmt.Sprintf("%s[%d]", at, i)
		n.Properties++
		switch x := p.(type) {
		case string:
		case map[string]any:
			if st, ok := x["Statement"]; ok {
				out = append(out, keysIn(at, x, "Statement", "Version")...)
				sts, _ := st.([]any)
				for j, s := range sts {
					at := fmt.Sprintf("%s.Statement[%d]", at, j)
					out = append(out, keysIn(at, s, "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")...)
					if e := s.(map[string]any)["Effect"]; e != "Allow" && e != "Deny" {
						out = append(out, fmt.Sprintf("%s: Effect %v", at, e))
					}
				}
				continue
			}
			for _, name := range sortedKeys(x) {
				tpl, ok := PolicyTemplates[name]
				if !ok {
					out = append(out, fmt.Sprintf("%s: %s is not a policy template this check knows", at, name))
					continue
				}
				out = append(out, keysIn(at+"."+name, x[name], tpl.Params...)...)
			}
		default:
			out = append(out, at+": want a policy name, a policy document or a policy template")
		}
	}
	return out
}

// keysIn reports keys of v (a map) that are not among allowed.
func keysIn(at string, v any, allowed ...string) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return []string{at + ": want an object"}
	}
	var out []string
	for _, k := range sortedKeys(m) {
		if !slices.Contains(allowed, k) {
			out = append(out, fmt.Sprintf("%s: %s is not one of %v", at, k, allowed))
		}
	}
	return out
}
