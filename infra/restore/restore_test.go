package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/functions/local"
	"github.com/ala-alsc/mentoring/infra/dynalite"
	"github.com/ala-alsc/mentoring/infra/stack"
)

const application = `{"role":"mentee","name":"Tomasz Wójcik","email":"tomasz@example.org","organisation":"Library",
"position":"Assistant","city":"Milwaukee","country":"USA","time_zone":"America/Chicago","connection":"Story time.",
"situation":"student","hopes":"Learn.","interests":["programming"],"communication":["email"],"in_person":"no",
"geo_preference":"none","gender_preference":"none","race_preference":"none","consent":true}`

// startStack serves the local stack on table; each answer waits for the sender to send what the
// request owes, so that the table is still when the test reads it.
func startStack(t *testing.T, endpoint, table string, cal []byte) *httptest.Server {
	t.Helper()
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html><title>home</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := stack.New(context.Background(), stack.Config{SiteDir: site, DynamoDB: endpoint, Table: table,
		Outbox: t.TempDir(), Calendar: cal, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st.Handler().ServeHTTP(w, r)
		if _, err := st.SendOwed(r.Context()); err != nil {
			t.Error(err)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func apply(t *testing.T, srv *httptest.Server, body string) (int, string) {
	t.Helper()
	res, err := http.Post(srv.URL+"/api/applications", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v struct{ ID string }
	json.NewDecoder(res.Body).Decode(&v)
	return res.StatusCode, v.ID
}

func scan(t *testing.T, db *dynamodb.Client, table string) []map[string]types.AttributeValue {
	t.Helper()
	out, err := db.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	key := func(it map[string]types.AttributeValue) string {
		return it["pk"].(*types.AttributeValueMemberS).Value + "\x00" + it["sk"].(*types.AttributeValueMemberS).Value
	}
	sort.Slice(out.Items, func(i, j int) bool { return key(out.Items[i]) < key(out.Items[j]) })
	return out.Items
}

// The rehearsal on the local stack: a table with the demo cohort and one application is dumped,
// loaded into a new table item for item, the functions read the same applications from it, and a
// stack on the restored table knows the application (sent again it is a replay, with other
// answers a duplicate). Restoring into a table that exists is refused and changes nothing.
func TestRestoreRehearsal(t *testing.T) {
	ctx := context.Background()
	endpoint, from := dynalite.TestTable(t)
	to := from + "-restored"
	cal := local.DemoCalendar(time.Now())
	code, id := apply(t, startStack(t, endpoint, from, cal), application)
	if code != http.StatusCreated {
		t.Fatalf("applying: %d", code)
	}
	dumps := t.TempDir()
	cfg := config{From: from, To: to, Dumps: dumps, Endpoint: endpoint, Calendar: cal}
	var out bytes.Buffer
	if err := run(ctx, cfg, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}

	client := dynalite.Client(endpoint)
	before, after := scan(t, client, from), scan(t, client, to)
	if len(before) < 10 || !reflect.DeepEqual(before, after) {
		t.Fatalf("%d items restored as %d, or not equal", len(before), len(after))
	}
	files, _ := filepath.Glob(filepath.Join(dumps, from+"-*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("dumps %v, want one", files)
	}
	b, _ := os.ReadFile(files[0])
	if lines := strings.Count(string(b), "\n"); lines != len(before) {
		t.Errorf("the dump has %d lines for %d items", lines, len(before))
	}
	n := regexp.MustCompile(`(?m)^1\. Dumped (\d+) items of the table ` + regexp.QuoteMeta(from) + ` into .+\.\n2\. Loaded them into the new table ` +
		regexp.QuoteMeta(to) + `: (\d+) items\.$`).FindStringSubmatch(out.String())
	if n == nil || n[1] != n[2] {
		t.Errorf("the command said:\n%s", out.String())
	}
	for _, want := range []string{"3. The functions read the same applications from " + to + " as from " + from + ": demo mentee 12, ", "TABLE_NAME=" + to + " make run", "Not done here",
		"restore-table-to-point-in-time", "start-restore-job", "TableName=<the restored table>"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the command did not say %q:\n%s", want, out.String())
		}
	}

	restored := startStack(t, endpoint, to, cal)
	if code, again := apply(t, restored, application); code != http.StatusOK || again != id {
		t.Errorf("on the restored table the same application got %d %q, want 200 %q (a replay)", code, again, id)
	}
	// Another application from the same person is answered as a first one is (so that the answer
	// tells nobody who applied) and stores nothing: the restored table knows the person.
	holding := scan(t, client, to)
	if code, other := apply(t, restored, strings.Replace(application, "Learn.", "Learn more.", 1)); code != http.StatusCreated || other == id {
		t.Errorf("on the restored table another application from the same person got %d %q, want 201 with another id", code, other)
	}
	changed := scan(t, client, to)
	answers := func(items []map[string]types.AttributeValue) []types.AttributeValue {
		var out []types.AttributeValue
		for _, it := range items {
			if sk, _ := it["sk"].(*types.AttributeValueMemberS); sk != nil && strings.HasPrefix(sk.Value, "SENT#") {
				continue // the explanation's marker, the sender's record that it went
			}
			out = append(out, it["pk"], it["sk"], it["answers"], it["hash"], it["status"])
		}
		return out
	}
	if !reflect.DeepEqual(answers(changed), answers(holding)) {
		t.Error("on the restored table another application from the same person stored an item or changed an answer")
	}
	if err := run(ctx, cfg, &out); !errors.Is(err, ErrExists) {
		t.Errorf("restoring into an existing table: %v, want %v", err, ErrExists)
	}
	if !reflect.DeepEqual(scan(t, client, to), changed) {
		t.Error("a refused restore changed the table")
	}
}
