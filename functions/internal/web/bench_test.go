package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ala-alsc/mentoring/functions/internal/forms/formstest"
	"github.com/ala-alsc/mentoring/functions/internal/program"
	"github.com/ala-alsc/mentoring/functions/internal/store"
	"github.com/ala-alsc/mentoring/functions/internal/web"
)

type discardStore struct{}

func (discardStore) AddApplication(_ context.Context, a *store.Application) (*store.Application, error) {
	return a, nil
}

func (discardStore) MarkExplained(context.Context, *store.Application, string, time.Time, store.Email) error {
	return nil
}

// BenchmarkApplyHandler measures the handler's own work per accepted application: decoding,
// validation, the owed receipt and the log line, without storage.
func BenchmarkApplyHandler(b *testing.B) {
	cal := program.DefaultCalendar()
	h := web.Apply(web.ApplyConfig{Calendar: cal, Store: discardStore{},
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Now: func() time.Time { return inWindow }})
	for i := 0; b.Loop(); i++ {
		body := formstest.JSON(formstest.With(Mentee(), "email", fmt.Sprintf("b%d@example.org", i)))
		r := httptest.NewRequest(http.MethodPost, "/api/applications", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusCreated {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
