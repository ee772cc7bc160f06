package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// invokeHelper is the README's shell helper for staff, as written there, with a function name.
func invokeHelper(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```sh\ninvoke() {")
	if !ok {
		t.Fatal("README.md has no invoke() helper in a sh block")
	}
	body, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("the helper's block does not end")
	}
	// Staff put their function's name in place of the placeholder.
	return strings.ReplaceAll("invoke() {"+body, "<MatcherFunction>", "mentoring-MatcherFunction")
}

// fakeAWS is an aws command that answers lambda invoke as AWS CLI v2 does: the function's answer
// in the output file, and the invocation's metadata (here as asked by --query FunctionError
// --output text, "None" when the function did not fail) on standard output, exit status 0 both ways.
const fakeAWS = `#!/bin/sh
for last; do :; done
case "$*" in
*1999-00*) printf '%s' '{"errorMessage":"matcher: no cycle \"1999-00\" in the calendar","errorType":"wrapError"}' > "$last"; meta=Unhandled ;;
*) printf '%s' '{"mode":"review"}' > "$last"; meta=None ;;
esac
case "$*" in
*"--query FunctionError"*) echo "$meta" ;;
*) echo '{"StatusCode": 200, "FunctionError": "'$meta'", "ExecutedVersion": "$LATEST"}' ;;
esac
`

func TestReadmeInvokeHelperReportsFailures(t *testing.T) {
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "aws"), []byte(fakeAWS), 0o755); err != nil {
		t.Fatal(err)
	}
	helper := invokeHelper(t)
	invoke := func(event string) (stdout, stderr string, code int) {
		cmd := exec.Command("sh", "-c", helper+"\ninvoke \"$1\" \"$2\"", "sh", event, filepath.Join(t.TempDir(), "answer.json"))
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		return runCmd(t, cmd)
	}
	stdout, stderr, code := invoke(`{"cycle": "2026-27", "mode": "review"}`)
	if code != 0 || stdout != `{"mode":"review"}` {
		t.Fatalf("a good run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = invoke(`{"cycle": "1999-00", "mode": "review"}`)
	if code == 0 || !strings.Contains(stderr, "The matcher did not do this") || !strings.Contains(stderr, `no cycle "1999-00" in the calendar`) {
		t.Fatalf("a failed run: exit %d, stdout %q, stderr %q; want non-zero and the matcher's message in a sentence", code, stdout, stderr)
	}
}
