// Package notifytest reads the emails an outbox folder holds, for tests.
package notifytest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"testing"

	"github.com/ala-alsc/mentoring/functions/internal/notify"
)

// Outbox reads every .eml file in dir, oldest first: recipient, subject, and both parts decoded.
func Outbox(tb testing.TB, dir string) []notify.Message {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []notify.Message
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			tb.Fatalf("%s: subject: %v", f, err)
		}
		_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		m := notify.Message{To: msg.Header.Get("To"), Subject: subject}
		parts := multipart.NewReader(msg.Body, params["boundary"])
		for _, into := range []*string{&m.Text, &m.HTML} {
			part, err := parts.NextPart()
			if err != nil {
				tb.Fatalf("%s: %v", f, err)
			}
			b, err := io.ReadAll(part) // the reader undoes quoted-printable
			if err != nil {
				tb.Fatalf("%s: %v", f, err)
			}
			*into = string(b)
		}
		out = append(out, m)
	}
	return out
}
