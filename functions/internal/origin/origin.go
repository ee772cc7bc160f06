// Package origin keeps a function's API reachable only through the site's CloudFront
// distribution: CloudFront adds a secret header to every request it forwards (template.yaml),
// and Guard refuses requests without it, such as those sent to the API's own execute-api address.
package origin

import (
	"crypto/subtle"
	"net/http"
)

// Header is the request header CloudFront adds with the secret.
const Header = "X-Origin-Verify"

// Guard answers 403 to requests whose Header is not secret and passes the others to next,
// without the header, so that no handler or log sees it. An empty secret (outside AWS: the
// local stack, the emulator tests) lets every request through.
func Guard(secret string, next http.Handler) http.Handler {
	if secret == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(Header)), []byte(secret)) != 1 {
			http.Error(w, "Forbidden: use the program site's address.", http.StatusForbidden)
			return
		}
		r.Header.Del(Header)
		next.ServeHTTP(w, r)
	})
}
