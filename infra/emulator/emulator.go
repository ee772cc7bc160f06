// Package emulator runs a built Lambda bootstrap under the Lambda Runtime Interface Emulator.
//
// The emulator is the Go module pinned in go.mod as a tool; tests and benchmarks of the
// deployable artefacts use it.
package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// RIE is the emulator's main package.
const RIE = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"

// LambdaFlags are the go build flags of a deployable function, as make build passes them:
// stripped, without aws-lambda-go's RPC mode, and without validator/v10's validateFn check,
// whose run-time method lookup would keep the linker from dropping unused code.
var LambdaFlags = []string{"-trimpath", "-ldflags=-s -w", "-tags=lambda.norpc,validator_novalidatefn"}

// Build compiles a main package into dir/name for this machine, the way make build compiles
// functions for Lambda, and returns its path.
func Build(pkg, dir, name string) (string, error) {
	out := filepath.Join(dir, name)
	return out, BuildFor(pkg, out, runtime.GOOS, runtime.GOARCH)
}

// MustBuild builds the emulator and the function pkg into a test's temporary folder, as Build
// does, and returns their paths; it fails the test if either does not build.
func MustBuild(tb testing.TB, pkg string) (rie, bootstrap string) {
	tb.Helper()
	dir := tb.TempDir()
	rie, err := Build(RIE, dir, "aws-lambda-rie")
	if err != nil {
		tb.Fatal(err)
	}
	if bootstrap, err = Build(pkg, dir, "bootstrap"); err != nil {
		tb.Fatal(err)
	}
	return rie, bootstrap
}

// BuildFor compiles a main package into out for the given system, the way make build does.
func BuildFor(pkg, out, goos, goarch string) error {
	cmd := exec.Command("go", append(append([]string{"build"}, LambdaFlags...), "-o", out, pkg)...)
	cmd.Dir = devenv.Root()
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// Deps lists the import path of every package linked into the main package pkg when it is built
// for the given system the way make build builds it (same build tags, no cgo).
func Deps(pkg, goos, goarch string) ([]string, error) {
	args := []string{"list", "-deps"}
	for _, f := range LambdaFlags {
		if strings.HasPrefix(f, "-tags=") {
			args = append(args, f)
		}
	}
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Dir = devenv.Root()
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %v\n%s", pkg, err, stderr.Bytes())
	}
	return strings.Fields(string(out)), nil
}

// Emulator is a running emulator with one function.
type Emulator struct {
	URL string // the invoke endpoint

	cmd  *exec.Cmd
	done chan error
}

// Start runs bootstrap under the emulator binary rie with the extra environment env. The
// function itself starts on the first invocation, as in Lambda.
func Start(rie, bootstrap string, env []string) (*Emulator, error) {
	port, err := devenv.FreePort()
	if err != nil {
		return nil, err
	}
	api, err := devenv.FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(rie,
		"--runtime-interface-emulator-address", "127.0.0.1:"+strconv.Itoa(port),
		"--runtime-api-address", "127.0.0.1:"+strconv.Itoa(api),
		bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "LOG_LEVEL=error")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	e := &Emulator{URL: "http://127.0.0.1:" + strconv.Itoa(port) + "/2015-03-31/functions/function/invocations", cmd: cmd, done: make(chan error, 1)}
	go func() { e.done <- cmd.Wait() }()
	return e, nil
}

// Invoke sends event and returns the function's answer, retrying while the emulator is starting.
func (e *Emulator) Invoke(ctx context.Context, event []byte) ([]byte, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(event))
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK {
				return b, fmt.Errorf("emulator: %s: %s", res.Status, b)
			}
			return b, err
		}
		select {
		case err := <-e.done:
			return nil, fmt.Errorf("emulator exited: %v", err)
		case <-time.After(2 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return nil, errors.New("emulator did not answer within 20s")
		}
	}
}

// Stop ends the emulator and the function it runs.
func (e *Emulator) Stop() {
	syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
	<-e.done
}
