package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// DefaultDeadline is how long a request's storage and mail calls may take in all: shorter than
// the functions' Lambda timeout (template.yaml), so that a slow or frozen dependency ends in a
// 503 the person can act on, never in a request that hangs until Lambda kills it.
const DefaultDeadline = 6 * time.Second

// RetryAfter is the wait a 503 asks for: long enough for a restarted dependency to answer.
const RetryAfter = 10 * time.Second

// guard is what every route of every handler passes first: a post from another site is refused
// with 403 (and logged), and the request's context gets its deadline. The context is detached
// from the client's cancellation: a client that hangs up cannot stop a request half-way (stored
// but not confirmed, say), which runs to its end within the deadline. site is the site's own address (its
// origin is accepted beside the request's own host); deadline 0 means DefaultDeadline.
func guard(next http.Handler, site string, deadline time.Duration, log *slog.Logger) http.Handler {
	if deadline <= 0 {
		deadline = DefaultDeadline
	}
	var siteHost string
	if u, err := url.Parse(site); err == nil {
		siteHost = u.Host
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && crossSite(r, siteHost) {
			log.Warn("cross-site post refused", "route", r.Method+" "+r.URL.Path, "status", http.StatusForbidden,
				"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
			const message = "This form was sent from another website, so it was not accepted. " +
				"Open the form on the program's own site and send it from there."
			if wantsJSON(r) {
				writeJSON(w, http.StatusForbidden, map[string]string{"error": message})
			} else {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusForbidden)
				w.Write([]byte(message + "\n"))
			}
			return
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), deadline)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// crossSite reports whether the browser says the request comes from another site: by
// Sec-Fetch-Site, or else by an Origin that is neither the request's own host nor the site's.
// Requests from programs that send neither header (scripts, tests, curl) are not cross-site.
func crossSite(r *http.Request, siteHost string) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return true
	case "same-origin", "none":
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return true // "null" and other opaque origins
	}
	for _, host := range []string{r.Host, r.Header.Get("X-Forwarded-Host"), siteHost} {
		if host != "" && strings.EqualFold(u.Host, host) {
			return false
		}
	}
	return true
}

// unavailable reports whether err means a dependency was too slow or could not be reached:
// the request's deadline passed, or the database or mail service did not answer.
func unavailable(err error) bool {
	var send *smithyhttp.RequestSendError
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &send)
}

// setRetryAfter asks the client to wait d (whole seconds, rounded up) before it tries again.
func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
}

// clockAndLog are a handler's clock and log, time.Now and slog.Default when not given.
func clockAndLog(now func() time.Time, log *slog.Logger) (func() time.Time, *slog.Logger) {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return now, log
}
