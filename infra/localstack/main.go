// Command localstack runs the whole ALSC Mentoring system on one machine: the built site and
// every function behind one server at http://localhost:8080 (PORT overrides).
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ala-alsc/mentoring/infra/stack"
)

func main() {
	site := flag.String("site", "site/public", "the built site to serve")
	flag.Parse()
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	st, err := stack.New(stack.Config{SiteDir: *site})
	if err != nil {
		log.Error("cannot start", "err", err)
		os.Exit(1)
	}
	srv := &http.Server{Addr: "localhost:" + port, Handler: st.Handler(), ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	log.Info("ALSC Mentoring Program running", "url", "http://localhost:"+port)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("server stopped", "err", err)
		os.Exit(1)
	}
}
