package dynalite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// Every test of a binary gets the same server and a table name of its own, valid whatever the
// test is called; the tables hold their own items.
func TestTablesOfTheirOwnOnOneServer(t *testing.T) {
	ctx := context.Background()
	endpoint, first := dynalite.TestTable(t)
	var subEndpoint, sub string
	t.Run("a subtest: with spaces, ünïcode & #", func(t *testing.T) {
		subEndpoint, sub = dynalite.TestTable(t)
	})
	againEndpoint, again := dynalite.TestTable(t)
	if subEndpoint != endpoint || againEndpoint != endpoint {
		t.Fatalf("endpoints %q, %q, %q: want one server", endpoint, subEndpoint, againEndpoint)
	}
	valid := regexp.MustCompile(`^TestTablesOfTheirOwnOnOneServer[A-Za-z0-9_.-]*-[0-9]+$`)
	for _, name := range []string{first, sub, again} {
		if !valid.MatchString(name) || len(name) > 255 {
			t.Errorf("table name %q is not the test's name and a number, or is not a valid table name", name)
		}
	}
	if first == again || first == sub || sub == again {
		t.Fatalf("names %q, %q, %q: want three different ones", first, sub, again)
	}
	db := dynalite.Client(endpoint)
	for _, name := range []string{first, sub, again} {
		createTable(t, db, name)
	}
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(sub),
		Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "only here"}}}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int32{first: 0, sub: 1, again: 0} {
		out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Count != want {
			t.Errorf("table %s holds %d items, want %d", name, out.Count, want)
		}
	}
}

// sharedChild, when set, makes TestSharedServerEndsWithTheBinary a binary that starts the shared
// server, prints its process id and then ends as the variable says: "pass", "panic", or "killed"
// (it waits to be killed).
const sharedChild = "DYNALITE_TEST_SHARED_CHILD"

// The shared server's process ends with the test binary, whether its tests pass, panic (as a
// test that runs out of time does) or the binary is killed: none is left running.
func TestSharedServerEndsWithTheBinary(t *testing.T) {
	if mode := os.Getenv(sharedChild); mode != "" {
		dynalite.TestTable(t)
		fmt.Printf("server pid %d\n", serverPid(t))
		switch mode {
		case "panic":
			panic("a test that panics")
		case "killed":
			time.Sleep(time.Minute)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mode string
		exit int
	}{{"pass", 0}, {"panic", 2}, {"killed", -1}} {
		t.Run(c.mode, func(t *testing.T) {
			cmd := exec.Command(self, "-test.run=^TestSharedServerEndsWithTheBinary$")
			cmd.Env = append(os.Environ(), sharedChild+"="+c.mode)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid, lines := 0, bufio.NewScanner(stdout)
			for pid == 0 && lines.Scan() {
				fmt.Sscanf(lines.Text(), "server pid %d", &pid)
			}
			if c.mode == "killed" {
				cmd.Process.Kill()
			}
			for lines.Scan() {
			}
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != c.exit || pid == 0 {
				t.Fatalf("the binary exited with %d, want %d; server pid %d", code, c.exit, pid)
			}
			deadline := time.Now().Add(5 * time.Second)
			for running(pid) {
				if time.Now().After(deadline) {
					t.Fatalf("dynalite (pid %d) still runs 5 s after its test binary ended", pid)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// serverPid is the process id of this binary's one dynalite process, read from /proc.
func serverPid(t *testing.T) int {
	t.Helper()
	lists, _ := filepath.Glob("/proc/self/task/*/children")
	var found []int
	for _, l := range lists {
		b, _ := os.ReadFile(l)
		for _, f := range strings.Fields(string(b)) {
			cmdline, _ := os.ReadFile("/proc/" + f + "/cmdline")
			if strings.Contains(string(cmdline), "dynalite") {
				pid, _ := strconv.Atoi(f)
				found = append(found, pid)
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d dynalite processes are children of this binary, want 1", len(found))
	}
	return found[0]
}

// running says whether process pid exists and is not a zombie (dead, waiting to be reaped).
func running(pid int) bool {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	defer f.Close()
	stat, _ := bufio.NewReader(f).ReadString('\n')
	i := strings.LastIndexByte(stat, ')')
	return i >= 0 && i+2 < len(stat) && stat[i+2] != 'Z'
}
