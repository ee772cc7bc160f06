package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
	"github.com/ala-alsc/mentoring/functions/internal/outbox"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/emulator"
)

// A batch of the table's stream as Lambda delivers it: two applications owing their receipts
// (the second also an email whose text does not exist), a marker that owes nothing, and a
// removed item.
//
//go:embed testdata/stream-batch.json
var streamBatch []byte

// TestBuiltFunctionUnderTheEmulator builds this function as make build does, runs it under the
// AWS Lambda Runtime Interface Emulator against dynalite holding the batch's items, and sends it
// the stream batch twice, as a retry would: both receipts go once, the record holding the
// unknown text alone is reported, and its item owes that email alone.
func TestBuiltFunctionUnderTheEmulator(t *testing.T) {
	ctx := context.Background()
	rie, bootstrap := emulator.MustBuild(t, "./functions/sender")
	endpoint, table := dynalite.TestTable(t)
	client := store.Local(endpoint)
	if err := store.EnsureTable(ctx, client, table); err != nil {
		t.Fatal(err)
	}
	var ev events.DynamoDBEvent
	if err := json.Unmarshal(streamBatch, &ev); err != nil {
		t.Fatal(err)
	}
	for _, r := range ev.Records {
		if r.EventName != "INSERT" {
			continue
		}
		item, err := outbox.Item(r.Change.NewImage)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "outbox")
	emu, err := emulator.Start(rie, bootstrap, []string{
		"TABLE_NAME=" + table, "AWS_ENDPOINT_URL_DYNAMODB=" + endpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "EMAIL_FROM=mentoring@example.org",
		"OUTBOX_DIR=" + dir, "SITE_URL=https://mentoring.example.org",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	for try := range 2 {
		out, err := emu.Invoke(ctx, streamBatch)
		if err != nil {
			t.Fatal(err)
		}
		var res events.DynamoDBEventResponse
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("try %d: not a batch response: %s", try+1, out)
		}
		if want := []events.DynamoDBBatchItemFailure{{ItemIdentifier: ev.Records[2].Change.SequenceNumber}}; !slices.Equal(res.BatchItemFailures, want) {
			t.Errorf("try %d: failures %+v, want the unknown text's record alone %+v", try+1, res.BatchItemFailures, want)
		}
	}
	mails, err := notify.ReadOutbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, m := range mails {
		to = append(to, m.To+" "+m.Subject)
	}
	slices.Sort(to)
	if want := []string{"stream1@example.org We received your mentee application", "stream2@example.org We received your mentee application"}; !slices.Equal(to, want) {
		t.Errorf("sent %q, want %q", to, want)
	}
	st := store.New(client, table)
	for i, owes := range map[int][]string{0: nil, 2: {"poison"}} {
		k := ev.Records[i].Change.Keys
		o, err := st.Owing(ctx, k["pk"].String(), k["sk"].String())
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		if o != nil {
			for _, e := range o.Emails {
				ids = append(ids, e.ID)
			}
		}
		if !slices.Equal(ids, owes) {
			t.Errorf("record %d's item owes %v, want %v", i+1, ids, owes)
		}
	}
}
