// Package stack assembles the local stack: the built site and every function's handler behind
// one HTTP server, as `make run` and the end-to-end tests use it.
package stack

import (
	"errors"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Config says where the stack finds what it serves.
type Config struct {
	SiteDir string // the built site (hugo's destination), served at /
}

// Stack is the assembled local system.
type Stack struct {
	cfg Config
	mux *http.ServeMux
}

// New assembles a stack from cfg.
func New(cfg Config) (*Stack, error) {
	if fi, err := os.Stat(filepath.Join(cfg.SiteDir, "index.html")); err != nil || fi.IsDir() {
		return nil, errors.New("stack: no built site in " + cfg.SiteDir + " (run make site)")
	}
	s := &Stack{cfg: cfg, mux: http.NewServeMux()}
	s.mux.Handle("GET /", Site(cfg.SiteDir))
	return s, nil
}

// Handler is the stack's single HTTP handler.
func (s *Stack) Handler() http.Handler { return s.mux }

func init() {
	// Not every system's MIME table knows iCalendar; the timeline's download must say what it is.
	mime.AddExtensionType(".ics", "text/calendar; charset=utf-8")
}

// Site serves the built site from dir, answering unknown paths with the site's 404 page.
func Site(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		name := filepath.Join(dir, filepath.FromSlash(p))
		if fi, err := os.Stat(name); err == nil && fi.IsDir() {
			name = filepath.Join(name, "index.html")
		}
		if _, err := os.Stat(name); err != nil || strings.Contains(p, "/.") {
			notFound(w, dir)
			return
		}
		files.ServeHTTP(w, r)
	})
}

func notFound(w http.ResponseWriter, dir string) {
	page, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(page)
}
