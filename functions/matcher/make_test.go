package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// `make match > answer.json` must leave nothing but the answer in the file, and a refused run
// must exit non-zero with its message on standard error.
func TestMakeMatchWritesOnlyJSON(t *testing.T) {
	endpoint, table := dynalite.TestTable(t)
	if err := store.EnsureTable(context.Background(), store.Local(endpoint), table); err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(t.TempDir(), "local.env")
	settings := fmt.Sprintf("AWS_ENDPOINT_URL_DYNAMODB='%s'\nAWS_REGION='us-east-1'\nAWS_ACCESS_KEY_ID='local'\nAWS_SECRET_ACCESS_KEY='local'\n"+
		"TABLE_NAME='%s'\nOUTBOX_DIR='%s'\nCALENDAR_FILE=''\nSITE_URL='http://localhost:8080'\nEMAIL_FROM='mentoring@example.org'\n",
		endpoint, table, t.TempDir())
	if err := os.WriteFile(env, []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	makeMatch := func(event string) (stdout, stderr string, code int) {
		cmd := exec.Command("make", "match", "LOCAL_ENV="+env, "EVENT="+event)
		cmd.Dir = filepath.Join("..", "..")
		// As a person's shell runs it: not from within another make (as make test is), which
		// would add make's own "Entering directory" lines.
		for _, kv := range os.Environ() {
			if name, _, _ := strings.Cut(kv, "="); name != "MAKELEVEL" && name != "MAKEFLAGS" && name != "MFLAGS" {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		return runCmd(t, cmd)
	}

	stdout, stderr, code := makeMatch(`{"cycle": "2026-27", "mode": "review"}`)
	var answer map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &answer) != nil || answer["mode"] != "review" {
		t.Fatalf("make match: exit %d, stdout %q (want only JSON), stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = makeMatch(`{"cycle": "1999-00", "mode": "review"}`)
	if code == 0 || stdout != "" || !strings.Contains(stderr, "no cycle") {
		t.Fatalf("a refused run: exit %d, stdout %q, stderr %q; want non-zero, nothing on stdout, the reason on stderr", code, stdout, stderr)
	}
}
