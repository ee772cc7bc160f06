// Command restore rehearses the table's restore on the local stack (make restore TO=name): it
// dumps the table the running stack uses into var/backups (one item a line, in DynamoDB's JSON),
// loads the dump into a new table, checks that the functions' store reads the same applications
// from it, and says how to run the stack on it. Then it lists the steps of a restore in AWS that
// it cannot do here (docs/operations.md, "Backups and restore").
//
// It reads the running stack's settings from the environment (var/local.env: TABLE_NAME,
// AWS_ENDPOINT_URL_DYNAMODB, CALENDAR_FILE).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

func main() {
	to := flag.String("to", "", "the new table to restore into")
	dumps := flag.String("dump", "var/backups", "folder the dump is written to")
	flag.Parse()
	cfg := config{From: os.Getenv("TABLE_NAME"), To: *to, Dumps: *dumps, Endpoint: os.Getenv("AWS_ENDPOINT_URL_DYNAMODB")}
	if cfg.To == "" || cfg.From == "" || cfg.Endpoint == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: with the local stack running, make restore TO=<a new table's name>")
		os.Exit(2)
	}
	if path := os.Getenv("CALENDAR_FILE"); path != "" {
		var err error
		if cfg.Calendar, err = os.ReadFile(path); err != nil {
			fmt.Fprintln(os.Stderr, "restore:", err)
			os.Exit(1)
		}
	}
	if err := run(context.Background(), cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "restore:", err)
		os.Exit(1)
	}
}

// config is one rehearsal: from which table into which, on which server.
type config struct {
	From, To string
	Dumps    string // folder for the dump
	Endpoint string
	Calendar []byte // the calendar file whose cycles' applications are compared; nil: the built-in one
}

// ErrExists refuses a restore into a table that already exists, whose items would mix.
var ErrExists = errors.New("the table already exists: name a new one")

func run(ctx context.Context, cfg config, out io.Writer) error {
	db := dynalite.Client(cfg.Endpoint)
	if err := os.MkdirAll(cfg.Dumps, 0o755); err != nil {
		return err
	}
	path := filepath.Join(cfg.Dumps, cfg.From+"-"+time.Now().UTC().Format("20060102T150405Z")+".jsonl")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	n, err := Dump(ctx, db, cfg.From, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "1. Dumped %d items of the table %s into %s.\n", n, cfg.From, path)

	if err := createLike(ctx, db, cfg.From, cfg.To); err != nil {
		return err
	}
	if f, err = os.Open(path); err != nil {
		return err
	}
	defer f.Close()
	loaded, err := Load(ctx, db, cfg.To, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "2. Loaded them into the new table %s: %d items.\n", cfg.To, loaded)

	// The functions read the same applications from it, cycle by cycle.
	want, err := local.ApplicationCounts(ctx, cfg.Endpoint, cfg.From, cfg.Calendar)
	if err != nil {
		return err
	}
	got, err := local.ApplicationCounts(ctx, cfg.Endpoint, cfg.To, cfg.Calendar)
	if err != nil {
		return err
	}
	if !maps.Equal(got, want) {
		return fmt.Errorf("the functions read other applications from %s (%v) than from %s (%v)", cfg.To, got, cfg.From, want)
	}
	var counts []string
	for _, k := range slices.Sorted(maps.Keys(got)) {
		counts = append(counts, fmt.Sprintf("%s %d", k, got[k]))
	}
	fmt.Fprintf(out, "3. The functions read the same applications from %s as from %s: %s.\n", cfg.To, cfg.From, strings.Join(counts, ", "))
	fmt.Fprintf(out, "4. To run the stack on it: stop make run (Ctrl-C), then TABLE_NAME=%s make run.\n\n", cfg.To)
	fmt.Fprint(out, notHere)
	return nil
}

// createLike creates the table to with from's keys and indexes, refusing one that exists, and
// waits until it is active.
func createLike(ctx context.Context, db *dynamodb.Client, from, to string) error {
	src, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(from)})
	if err != nil {
		return err
	}
	in := &dynamodb.CreateTableInput{TableName: aws.String(to), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: src.Table.AttributeDefinitions, KeySchema: src.Table.KeySchema}
	for _, ix := range src.Table.GlobalSecondaryIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection})
	}
	_, err = db.CreateTable(ctx, in)
	var inUse *types.ResourceInUseException
	if errors.As(err, &inUse) {
		return fmt.Errorf("%s: %w", to, ErrExists)
	}
	if err != nil {
		return err
	}
	return dynamodb.NewTableExistsWaiter(db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 500*time.Millisecond
	}).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(to)}, 30*time.Second)
}

// notHere are the steps of a restore in AWS, which the local rehearsal cannot do.
const notHere = `Not done here (AWS only; docs/operations.md, "Backups and restore", gives each command):
- restoring in AWS: from point-in-time recovery (aws dynamodb restore-table-to-point-in-time)
  or from an AWS Backup recovery point, here or in the copy vault (aws backup start-restore-job);
- turning on the restored table's point-in-time recovery, time to live, deletion protection
  and stream (the sender reads it);
- pointing the stack at it: sam deploy with TableName=<the restored table> and
  TableStreamLabel=<its stream's label>.
`
