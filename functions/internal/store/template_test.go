package store_test

import (
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/samtemplate"
)

// TestTemplateDeclaresTheTable proves template.yaml's table is the one store.Definition
// describes (and so the one the local stack creates), and that AWS protects and expires it.
func TestTemplateDeclaresTheTable(t *testing.T) {
	type attr struct{ AttributeName, AttributeType, KeyType string }
	var tpl struct {
		Resources map[string]struct {
			Type       string
			Properties struct {
				BillingMode            string
				AttributeDefinitions   []attr
				KeySchema              []attr
				GlobalSecondaryIndexes []struct {
					IndexName  string
					KeySchema  []attr
					Projection struct{ ProjectionType string }
				}
				StreamSpecification              struct{ StreamViewType string }
				PointInTimeRecoverySpecification struct{ PointInTimeRecoveryEnabled bool }
				SSESpecification                 struct{ SSEEnabled bool }
				TimeToLiveSpecification          struct {
					AttributeName string
					Enabled       bool
				}
			}
		}
	}
	samtemplate.Load(t, &tpl)
	var tables []string
	for name, r := range tpl.Resources {
		if r.Type == "AWS::DynamoDB::Table" {
			tables = append(tables, name)
		}
	}
	if len(tables) != 1 {
		t.Fatalf("template.yaml declares tables %v, want one", tables)
	}
	p := tpl.Resources[tables[0]].Properties
	want := store.Definition.CreateTableInput("x")
	checks := []struct {
		name      string
		got, want any
	}{
		{"billing", p.BillingMode, string(want.BillingMode)},
		{"attribute count", len(p.AttributeDefinitions), len(want.AttributeDefinitions)},
		{"key count", len(p.KeySchema), len(want.KeySchema)},
		{"index count", len(p.GlobalSecondaryIndexes), len(store.Definition.Indexes)},
		{"ttl attribute", p.TimeToLiveSpecification.AttributeName, store.Definition.TTLAttribute},
		{"stream", p.StreamSpecification.StreamViewType, string(store.Definition.Stream)},
		{"ttl enabled", p.TimeToLiveSpecification.Enabled, true},
		{"point-in-time recovery", p.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled, true},
		{"encryption", p.SSESpecification.SSEEnabled, true},
	}
	for i, a := range want.AttributeDefinitions {
		if i < len(p.AttributeDefinitions) {
			checks = append(checks, struct {
				name      string
				got, want any
			}{"attribute " + *a.AttributeName, p.AttributeDefinitions[i].AttributeName + ":" + p.AttributeDefinitions[i].AttributeType, *a.AttributeName + ":" + string(a.AttributeType)})
		}
	}
	for i, k := range want.KeySchema {
		if i < len(p.KeySchema) {
			checks = append(checks, struct {
				name      string
				got, want any
			}{"key " + *k.AttributeName, p.KeySchema[i].AttributeName + ":" + p.KeySchema[i].KeyType, *k.AttributeName + ":" + string(k.KeyType)})
		}
	}
	for i, ix := range want.GlobalSecondaryIndexes {
		if i >= len(p.GlobalSecondaryIndexes) {
			break
		}
		got := p.GlobalSecondaryIndexes[i]
		keys := func(ks []attr) string {
			var out []string
			for _, k := range ks {
				out = append(out, k.AttributeName+":"+k.KeyType)
			}
			return strings.Join(out, " ")
		}
		var wantKeys []attr
		for _, k := range ix.KeySchema {
			wantKeys = append(wantKeys, attr{AttributeName: *k.AttributeName, KeyType: string(k.KeyType)})
		}
		checks = append(checks, struct {
			name      string
			got, want any
		}{"index " + *ix.IndexName, got.IndexName + " " + keys(got.KeySchema) + " " + got.Projection.ProjectionType,
			*ix.IndexName + " " + keys(wantKeys) + " " + string(ix.Projection.ProjectionType)})
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: template.yaml has %v, the code %v", c.name, c.got, c.want)
		}
	}
}
