package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
	"github.com/ala-alsc/mentoring/infra/dynalite"
)

// logs holds every log line the package's tests produce.
var logs devenv.Logs

// endpoint is the dynalite server the tests share; each test makes its own table.
var endpoint string

func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))
	srv, err := dynalite.Start(context.Background(), dynalite.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	endpoint = srv.Endpoint
	code := m.Run()
	srv.Stop()
	if code == 0 {
		code = checkLogs()
	}
	os.Exit(code)
}

// checkLogs fails the run if any test applicant's name, email or confidential answer, or the
// name of a confidential field, appears in the log output of the whole suite.
func checkLogs() int {
	out := logs.String()
	if !strings.Contains(out, `"request_id"`) || !strings.Contains(out, `"outcome":"stored"`) {
		fmt.Fprintln(os.Stderr, "log check: the suite logged no stored applications; nothing was checked")
		return 1
	}
	var secrets []string
	for _, a := range []map[string]any{Mentee(), Mentor()} {
		for _, k := range []string{"name", "email", "gender_self", "race_ethnicity_self", "city", "hopes", "connection"} {
			if v, ok := a[k].(string); ok && v != "" {
				secrets = append(secrets, v, strings.ToLower(v))
			}
		}
	}
	for _, role := range forms.Roles {
		for _, f := range forms.ConfidentialFields(role) {
			secrets = append(secrets, `"`+f+`"`)
		}
	}
	secrets = append(secrets, extraSecrets...)
	tokens := tokenSecrets()
	if len(tokens) == 0 || !strings.Contains(out, `"msg":"participant"`) {
		fmt.Fprintln(os.Stderr, "log check: the suite issued no personal links or logged no participant requests; nothing was checked")
		return 1
	}
	secrets = append(secrets, tokens...)
	failed := 0
	for _, s := range secrets {
		if strings.Contains(out, s) {
			fmt.Fprintf(os.Stderr, "log check: the logs contain %q\n", s)
			failed = 1
		}
	}
	return failed
}
