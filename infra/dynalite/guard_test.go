package dynalite_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/infra/devenv"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// Clients that hang up mid-request — half a body sent, or the whole request sent and the answer
// never read, as a cancelled call or a killed process does — never reach dynalite half-read
// (on which it throws and exits): it keeps running, unrestarted, and keeps what it stores.
func TestClientsThatHangUpMidRequestLeaveDynaliteRunning(t *testing.T) {
	ctx := context.Background()
	sup, logs := dynalite.MustSupervise(t, dynalite.Options{}) // its own: the test counts its restarts
	db := dynalite.Client(sup.Endpoint)
	createTable(t, db, "kept")

	const clients = 200
	put := func(pk string) string {
		return fmt.Sprintf(`{"TableName":"kept","Item":{"pk":{"S":%q}}}`, pk)
	}
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", strings.TrimPrefix(sup.Endpoint, "http://"), 5*time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			body := put(fmt.Sprintf("hung-up-%d", i))
			sent := body
			if i%2 == 0 {
				sent = body[:len(body)/2] // half the body, then gone
			}
			fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: %s\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\n"+
				"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\n"+
				"Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n"+
				"Content-Length: %d\r\n\r\n%s", conn.RemoteAddr(), len(body), sent)
			time.Sleep(time.Duration(i%5) * time.Millisecond)
		}()
	}
	wg.Wait()
	time.Sleep(300 * time.Millisecond) // time for dynalite to throw, were it given half a request

	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("kept"),
		Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "after"}}}); err != nil {
		t.Fatalf("dynalite stopped answering after %d clients hung up: %v; logs: %s", clients, err, logs.String())
	}
	if n := sup.Restarts(); n != 0 {
		t.Fatalf("dynalite was restarted %d times; logs: %s", n, logs.String())
	}
	// Every client that sent its whole request was answered, read or not: its item is there, or
	// comes within seconds (on a busy machine the guard may still be passing the last ones on).
	var missing []int
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		missing = nil
		for i := 1; i < clients; i += 2 {
			got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("kept"),
				Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: fmt.Sprintf("hung-up-%d", i)}}})
			if err != nil {
				t.Fatal(err)
			}
			if got.Item == nil {
				missing = append(missing, i)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(missing) > 0 {
		t.Errorf("the whole requests of clients %v were not stored", missing)
	}
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("kept"), Select: types.SelectCount})
	if err != nil {
		t.Fatal(err)
	}
	if out.Count != clients/2+1 {
		t.Errorf("%d items stored, want %d: each whole request and the one after, no half one", out.Count, clients/2+1)
	}
}

// A process killed in the middle of its calls — a reminder run stopped with Ctrl-C or kill, say —
// leaves dynalite running, unrestarted.
func TestKilledClientProcessLeavesDynaliteRunning(t *testing.T) {
	ctx := context.Background()
	sup, logs := dynalite.MustSupervise(t, dynalite.Options{}) // its own: the test counts its restarts
	db := dynalite.Client(sup.Endpoint)
	createTable(t, db, "kept")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		cmd := exec.Command(self, "-test.run=^$")
		cmd.Env = append(os.Environ(), writerEndpoint+"="+sup.Endpoint)
		var out devenv.Logs // written by the command's copying goroutine while the test reads it
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Killed once it is writing, at a different moment each round.
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(out.String(), "writing") && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(20+round*15) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("kept"),
		Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "after"}}}); err != nil {
		t.Fatalf("dynalite stopped answering: %v; logs: %s", err, logs.String())
	}
	if n := sup.Restarts(); n != 0 {
		t.Fatalf("dynalite was restarted %d times; logs: %s", n, logs.String())
	}
}

// writerEndpoint, when set, makes the test binary a process that writes to that dynalite
// until it is killed (TestKilledClientProcessLeavesDynaliteRunning).
const writerEndpoint = "DYNALITE_TEST_WRITER"

func TestMain(m *testing.M) {
	if endpoint := os.Getenv(writerEndpoint); endpoint != "" {
		db := dynalite.Client(endpoint)
		fmt.Println("writing")
		// Large items (too large to store), so that a kill is likely to cut one off mid-send.
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("kept"),
						Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: fmt.Sprintf("w%d-%d", w, i)},
							"pad": &types.AttributeValueMemberS{Value: strings.Repeat("x", 1<<20)}}})
				}
			}()
		}
		wg.Wait()
	}
	os.Exit(m.Run())
}

// createTable creates a table keyed by pk and waits until it is active.
func createTable(t *testing.T, db *dynamodb.Client, name string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}}}); err != nil {
		t.Fatal(err)
	}
	if err := dynamodb.NewTableExistsWaiter(db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 10*time.Millisecond, 100*time.Millisecond
	}).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}
