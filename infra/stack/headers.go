package stack

import (
	"net/http"
	"slices"
)

// Header is one response header.
type Header struct{ Name, Value string }

// ContentSecurityPolicy allows the site's own scripts, stylesheets, images and requests only:
// no inline script or style, no framing, forms posted to the site itself.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// SecurityHeaders are the headers every response carries, pages and API alike. In AWS the
// distribution's response headers policy (template.yaml) adds the same; a test keeps the two
// equal.
var SecurityHeaders = []Header{
	{"Strict-Transport-Security", "max-age=63072000; includeSubDomains"},
	{"Content-Security-Policy", ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	// Personal links carry a token in their address: no page ever sends its address on.
	{"Referrer-Policy", "no-referrer"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"},
}

// Secure adds SecurityHeaders to every response of next, replacing any of the same name, as
// CloudFront does.
func Secure(next http.Handler) http.Handler { return secureWith(next) }

// secureWith is Secure with some of SecurityHeaders replaced by others of the same name.
func secureWith(next http.Handler, instead ...Header) http.Handler {
	headers := slices.Clone(SecurityHeaders)
	for _, h := range instead {
		for i := range headers {
			if headers[i].Name == h.Name {
				headers[i] = h
			}
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&secured{ResponseWriter: w, headers: headers}, r)
	})
}

// secured sets the headers just before the handler's status line, so that they win over the
// handler's own, and before the first write of a handler that never calls WriteHeader.
type secured struct {
	http.ResponseWriter
	headers []Header
	done    bool
}

func (s *secured) WriteHeader(code int) {
	if !s.done {
		s.done = true
		for _, h := range s.headers {
			s.Header().Set(h.Name, h.Value)
		}
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *secured) Write(b []byte) (int, error) {
	if !s.done {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *secured) Unwrap() http.ResponseWriter { return s.ResponseWriter }
