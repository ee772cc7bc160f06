// Package dynalite starts the local DynamoDB-compatible server (dynalite, from infra/node_modules)
// for tests, benchmarks and the local stack.
package dynalite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// Server is a running dynalite process behind its guard (see guard), which answers at Endpoint;
// the process itself listens on another loopback port.
type Server struct {
	// Endpoint is the server's base URL, for AWS_ENDPOINT_URL_DYNAMODB or the SDK's BaseEndpoint.
	Endpoint string

	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited; then exitErr says how
	exitErr error
}

// Options say how to start the server.
type Options struct {
	Port int    // 0 picks a free port
	Path string // a folder to persist data in; empty keeps everything in memory
}

// Start runs dynalite and waits until it answers.
func Start(ctx context.Context, opt Options) (*Server, error) {
	cli := filepath.Join(devenv.Root(), "infra", "node_modules", "dynalite", "cli.js")
	if _, err := os.Stat(cli); err != nil {
		return nil, fmt.Errorf("dynalite: %s missing (run make deps): %w", cli, err)
	}
	port := opt.Port
	if port == 0 {
		var err error
		if port, err = devenv.FreePort(); err != nil {
			return nil, err
		}
	}
	inner, err := devenv.FreePort()
	if err != nil {
		return nil, err
	}
	g, err := startGuard("127.0.0.1:"+strconv.Itoa(port), "http://127.0.0.1:"+strconv.Itoa(inner))
	if err != nil {
		return nil, fmt.Errorf("dynalite: %w", err)
	}
	args := []string{cli, "--host", "127.0.0.1", "--port", strconv.Itoa(inner),
		"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"}
	if opt.Path != "" {
		if err := os.MkdirAll(opt.Path, 0o755); err != nil {
			g.close()
			return nil, err
		}
		args = append(args, "--path", opt.Path)
	}
	cmd := exec.Command("node", args...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		g.close()
		return nil, fmt.Errorf("dynalite: %w", err)
	}
	s := &Server{Endpoint: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, exited: make(chan struct{})}
	go func() {
		s.exitErr = cmd.Wait()
		g.close() // its port is free again once exited is closed: a restart may take it
		close(s.exited)
	}()

	deadline := time.Now().Add(15 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.Endpoint+"/", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			return s, nil
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("dynalite exited before answering: %v", s.exitErr)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, errors.New("dynalite did not answer within 15s")
		}
	}
}

// Stop ends the server and waits for it to exit.
func (s *Server) Stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(3 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// TestTable is the endpoint of the test binary's server and a table name of tb's own.
// The server, in memory, starts on first use, is shared by every test of the binary and ends
// with it. The table is not created (store.EnsureTable creates the store's). A test that stops,
// kills or restarts its server starts one of its own (Start, MustSupervise).
func TestTable(tb testing.TB) (endpoint, table string) {
	tb.Helper()
	shared.once.Do(startShared)
	if shared.err != nil {
		tb.Fatal(shared.err)
	}
	return shared.endpoint, tableName(tb.Name(), tables.Add(1))
}

// shared is the test binary's server (TestTable).
var shared struct {
	once     sync.Once
	endpoint string
	err      error
}

// tables numbers the names TestTable gives, so that no two are alike.
var tables atomic.Int64

// startShared starts the shared server from a goroutine that keeps its thread to itself until
// the binary ends. The process gets SIGKILL when the thread that started it ends (Pdeathsig),
// so it ends with the binary however the binary ends: its tests passed, failed, panicked or
// timed out, or it was killed.
func startShared() {
	started := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		s, err := Start(context.Background(), Options{})
		if err == nil {
			shared.endpoint = s.Endpoint
		}
		shared.err = err
		close(started)
		if err == nil {
			select {}
		}
	}()
	<-started
}

// unsafeInTable matches what a DynamoDB table name cannot hold.
var unsafeInTable = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// tableName is a valid DynamoDB table name made of a test's name and n.
func tableName(test string, n int64) string {
	return fmt.Sprintf("%.200s-%d", unsafeInTable.ReplaceAllString(test, "_"), n)
}

// Client is a DynamoDB client for the local server at endpoint.
func Client(endpoint string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
}
