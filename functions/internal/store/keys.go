package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

// The key layout of every item kind (see the package documentation).
const (
	cyclePrefix    = "CYCLE#"
	appPrefix      = "APP#"
	proposalPrefix = "PROPOSAL#"
	matchPrefix    = "MATCH#"
	rematchPrefix  = "REMATCH#"
	tokenPrefix    = "TOKEN#"
	tokenSort      = "TOKEN"
	lockPrefix     = "LOCK#"
	lockSort       = "LOCK"
	sep            = "#"
)

// EmailKey is the key part that stands for an email address.
func EmailKey(email string) string {
	h := sha256.Sum256([]byte(forms.NormalEmail(email)))
	return hex.EncodeToString(h[:])
}

func cycleKey(cycle string) string { return cyclePrefix + cycle }

// appsKey is the beginning of the sort keys of a cycle's applications for role.
func appsKey(role forms.Role) string { return appPrefix + string(role) + sep }

func appKey(role forms.Role, email string) string { return appsKey(role) + EmailKey(email) }

func proposalKey(id string) string { return proposalPrefix + id }

// proposalID is the id a proposal's sort key holds.
func proposalID(sk string) (string, error) {
	id, ok := strings.CutPrefix(sk, proposalPrefix)
	if !ok || id == "" {
		return "", fmt.Errorf("store: %q is not a proposal key", sk)
	}
	return id, nil
}

// MatchKey is the key of the match of mentee with mentor (application ids): its sort key, by
// which proposals and rematch requests name it.
func MatchKey(mentee, mentor string) string { return matchPrefix + mentee + sep + mentor }

// ParseMatchKey returns the mentee and mentor application ids of a match key.
func ParseMatchKey(k string) (mentee, mentor string, err error) {
	ids, ok := strings.CutPrefix(k, matchPrefix)
	mentee, mentor, two := strings.Cut(ids, sep)
	if !ok || !two || mentee == "" || mentor == "" || strings.Contains(mentor, sep) {
		return "", "", fmt.Errorf("store: %q is not a match key", k)
	}
	return mentee, mentor, nil
}

func rematchKey(match string, role forms.Role) string {
	return rematchPrefix + match + sep + string(role)
}

func tokenKey(hash string) string { return tokenPrefix + hash }

func lockKey(name string) string { return lockPrefix + name }
