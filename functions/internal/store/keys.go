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
	cyclePrefix       = "CYCLE#"
	appPrefix         = "APP#"
	proposalPrefix    = "PROPOSAL#"
	matchPrefix       = "MATCH#"
	rematchPrefix     = "REMATCH#"
	pairPrefix        = "PAIR#"
	mailProblemPrefix = "MAILPROBLEM#"
	sentPrefix        = "SENT#"
	tokenPrefix       = "TOKEN#"
	tokenSort         = "TOKEN"
	sessionPrefix     = "SESSION#"
	sessionSort       = "SESSION"
	linkAskPrefix     = "LINKASK#"
	lockPrefix        = "LOCK#"
	lockSort          = "LOCK"
	sep               = "#"
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

// pairKey is the beginning of the sort keys of everything the pair of the match key sends during
// the year: PAIR#<mentee id>#<mentor id>#.
func pairKey(match string) string { return pairPrefix + strings.TrimPrefix(match, matchPrefix) + sep }

// entryKey is the sort key of a participant entry: the pair's key, the kind and, for kinds kept
// per person or per version, which one.
func entryKey(match string, kind Kind, which string) string {
	k := pairKey(match) + string(kind)
	if which != "" {
		k += sep + which
	}
	return k
}

func tokenKey(hash string) string { return tokenPrefix + hash }

func sessionKey(hash string) string { return sessionPrefix + hash }

// linkAskKey is the partition of one address's counts of new-link requests, one item a day.
func linkAskKey(email string) string { return linkAskPrefix + EmailKey(email) }

func lockKey(name string) string { return lockPrefix + name }

func mailProblemKey(email string) string { return mailProblemPrefix + EmailKey(email) }

// sentKey is the sort key of a sent marker: the message, the person and, for a pair's message, the pair.
func sentKey(message, person, match string) string {
	k := sentPrefix + message + sep + person
	if match != "" {
		k += sep + strings.TrimPrefix(match, matchPrefix)
	}
	return k
}
