// Package notifytest reads the emails an outbox folder holds, for tests.
package notifytest

import (
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// Outbox reads every message in the outbox dir, oldest first, failing the test on any error.
func Outbox(tb testing.TB, dir string) []notify.Message {
	tb.Helper()
	m, err := notify.ReadOutbox(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
