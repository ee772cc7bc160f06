package forms

import (
	"encoding/json"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// The messages of the text rules every answer typed by a person obeys.
const (
	oneLineMessage  = "Write this answer on one line, in plain characters: it holds a line break, a tab or an invisible control character."
	plainMessage    = "This answer holds an invisible control character (perhaps pasted with it). Type it again in plain characters."
	encodingMessage = "This answer holds characters that are not valid text (UTF-8). Type it again."
)

// oneLine reports whether f is answered on one line: every string field but a textarea.
func (f field) oneLine() bool { return f.typ.Kind() == reflect.String && f.kind != "textarea" }

// textProblem is what is wrong with a typed answer s, or "": invalid UTF-8; in a one-line answer
// any control or format character, line or paragraph separator (bidirectional overrides and
// zero-width characters are format characters); in a longer answer, control characters but line
// breaks and tabs, and the bidirectional controls that can make a text read otherwise than it is.
func textProblem(s string, oneLine bool) string {
	if !utf8.ValidString(s) {
		return encodingMessage
	}
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return encodingMessage
		case oneLine && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'):
			return oneLineMessage
		case !oneLine && r != '\n' && r != '\r' && r != '\t' && (unicode.IsControl(r) || bidiControl(r)):
			return plainMessage
		}
	}
	return ""
}

// lineBreaks are the ways a line break is typed: CRLF (Windows, and browsers sending a form), LF,
// a lone CR.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// LineBreaks writes every line break of s as "\n", however it was typed.
func LineBreaks(s string) string { return lineBreaks.Replace(s) }

// bidiControl reports whether r is a bidirectional embedding, override or isolate.
func bidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// checkText applies the text rules to every string answer of answers (a pointer to a form's
// struct) and returns one message per field in error.
func checkText(answers any) map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(answers).Elem()
	for _, f := range fieldsOf(reflect.TypeOf(answers)) {
		fv := v.FieldByIndex(f.index)
		switch f.typ.Kind() {
		case reflect.String:
			if m := textProblem(fv.String(), f.oneLine()); m != "" {
				out[f.name] = m
			}
		case reflect.Slice:
			for i := range fv.Len() {
				if m := textProblem(fv.Index(i).String(), true); m != "" {
					out[f.name] = m
				}
			}
		}
	}
	return out
}

// invalidJSONText names the answers of a JSON body that hold invalid UTF-8, which decoding would
// otherwise turn silently into U+FFFD. Each field of every form is at the top level of its body.
func invalidJSONText(body []byte) map[string]string {
	if utf8.Valid(body) {
		return nil
	}
	var all map[string]json.RawMessage
	if json.Unmarshal(body, &all) != nil {
		return nil // decoding reports the body as malformed
	}
	out := map[string]string{}
	for name, raw := range all {
		if !utf8.Valid(raw) && utf8.ValidString(name) {
			out[name] = encodingMessage
		}
	}
	return out
}

// CleanEmail is an address as typed, made comparable: compatibility forms folded (NFKC, so
// fullwidth letters are letters), format characters such as zero-width spaces removed, spaces
// trimmed, and an internationalised domain written in its ASCII (punycode) form. The rest keeps
// its case. An address whose domain is not a valid name is returned cleaned but
// otherwise unchanged, for validation to refuse.
func CleanEmail(email string) string {
	email = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, norm.NFKC.String(email)))
	at := strings.LastIndexByte(email, '@')
	if at < 0 || isASCII(email[at+1:]) {
		return email
	}
	domain, err := idna.Lookup.ToASCII(email[at+1:])
	if err != nil {
		return email
	}
	return email[:at+1] + domain
}

// NormalEmail is the form of an address used to recognise the same person twice: CleanEmail,
// lowercased.
func NormalEmail(email string) string { return strings.ToLower(CleanEmail(email)) }

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
