package dynalite_test

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// A killed server is noticed, logged and started again on the same endpoint, with its data.
func TestKilledServerIsLoggedAndRestarted(t *testing.T) {
	ctx := context.Background()
	sup, logs := dynalite.MustSupervise(t, dynalite.Options{Path: t.TempDir()}) // its own: the test kills it
	db := dynalite.Client(sup.Endpoint)
	createTable(t, db, "kept")
	if err := syscall.Kill(sup.Pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for sup.Restarts() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("not restarted within 20 s; logs: %s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "dynalite exited") || !strings.Contains(logs.String(), "signal: killed") {
		t.Errorf("the exit is not logged with its cause: %s", logs.String())
	}
	out, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatalf("the restarted server does not answer on the same endpoint: %v", err)
	}
	if len(out.TableNames) != 1 || out.TableNames[0] != "kept" {
		t.Errorf("tables after the restart: %v, want [kept]", out.TableNames)
	}
	select {
	case err := <-sup.Failed():
		t.Errorf("supervision gave up: %v", err)
	default:
	}
}
