package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestTemplateFeedsTheSenderFromTheStream checks template.yaml's sender: the table's stream
// shows whole new items (what the sender reads); the function reads that stream (or, after a
// restore, the restored table's) from its start, in small batches, only records of items that
// owe an email (the index's sort key present), retrying a failed record alone, bisected from
// the rest, a bounded number of times, and then sending it to a queue of its own that has an
// alarm; and it may send email only from EmailFrom.
func TestTemplateFeedsTheSenderFromTheStream(t *testing.T) {
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	samtemplate.Load(t, &tpl)
	table := tpl.Resources["Table"].Properties
	if got := dig(table, "StreamSpecification", "StreamViewType"); got != string(store.Definition.Stream) {
		t.Errorf("the table's stream shows %v, want %s", got, store.Definition.Stream)
	}
	fn := tpl.Resources["SenderFunction"]
	if fn.Type != "AWS::Serverless::Function" || fn.Properties["CodeUri"] != "functions/sender" {
		t.Fatalf("no SenderFunction built from functions/sender: %+v", fn)
	}
	ev, _ := dig(fn.Properties, "Events", "Stream").(map[string]any)
	if ev["Type"] != "DynamoDB" {
		t.Fatalf("the sender's event is %v, want the table's stream", ev)
	}
	want := map[string]any{"Type": "DynamoDB", "Properties": map[string]any{
		"Stream": map[string]any{"Fn::If": []any{"RestoredTable",
			map[string]any{"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/stream/${TableStreamLabel}"},
			map[string]any{"Fn::GetAtt": []any{"Table", "StreamArn"}}}},
		"StartingPosition": "TRIM_HORIZON", "BatchSize": 10.0, "MaximumBatchingWindowInSeconds": 0.0,
		"BisectBatchOnFunctionError": true, "MaximumRetryAttempts": 8.0, "MaximumRecordAgeInSeconds": 21600.0,
		"FunctionResponseTypes": []any{"ReportBatchItemFailures"},
		"FilterCriteria": map[string]any{"Filters": []any{map[string]any{
			"Pattern": `{"dynamodb": {"NewImage": {"` + store.Definition.Indexes[0].SortKey + `": {"S": [{"exists": true}]}}}}`}}},
		"DestinationConfig": map[string]any{"OnFailure": map[string]any{"Type": "SQS",
			"Destination": map[string]any{"Fn::GetAtt": []any{"SenderFailures", "Arn"}}}},
	}}
	if !reflect.DeepEqual(normal(ev), want) {
		t.Errorf("the sender's stream mapping is\n%s\nwant\n%s", jsonOf(ev), jsonOf(want))
	}
	if q := tpl.Resources["SenderFailures"]; q.Type != "AWS::SQS::Queue" || q.Properties["SqsManagedSseEnabled"] != true {
		t.Errorf("SenderFailures: %+v", q)
	}
	alarmed := false
	for _, r := range tpl.Resources {
		if r.Type == "AWS::CloudWatch::Alarm" && r.Properties["Namespace"] == "AWS/SQS" &&
			strings.Contains(jsonOf(r.Properties["Dimensions"]), `"SenderFailures"`) {
			alarmed = true
		}
	}
	if !alarmed {
		t.Error("no alarm on SenderFailures")
	}
	if !strings.Contains(jsonOf(fn.Properties["Policies"]), `"ses:FromAddress":{"Ref":"EmailFrom"}`) {
		t.Errorf("the sender may send from any address: %s", jsonOf(fn.Properties["Policies"]))
	}
}

// normal is v through JSON, so that numbers compare as numbers.
func normal(v any) any {
	var out any
	json.Unmarshal([]byte(jsonOf(v)), &out)
	return out
}

func dig(v any, path ...string) any {
	for _, k := range path {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
