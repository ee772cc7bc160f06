package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

// Outbox writes each message as an .eml file into Dir, for a person to open with a mail program.
// A file's name says when it was sent (on the clock's day, in its time zone), to whom and about
// what, so that a person finds theirs:
// 2026-11-20T09.04.05.123456-0600 casey.morgan@demo.example.org Meet your mentor a1b2.eml.
type Outbox struct {
	Dir  string
	From string
	Now  func() time.Time // the clock that dates each message; time.Now when nil
}

// Send writes m to the outbox, creating the folder on first use. The file is written under a
// temporary name and renamed once complete, so the outbox never holds a partial message (say,
// on a full disk): either the whole .eml is there, or Send returns an error.
func (o Outbox) Send(_ context.Context, m Message) error {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	at := now()
	b, err := EML(o.From, m, at)
	if err != nil {
		return err
	}
	var id [2]byte
	rand.Read(id[:])
	tmp := filepath.Join(o.Dir, "."+at.UTC().Format("20060102T150405.000000000")+hex.EncodeToString(id[:])+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			return err
		}
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	if err != nil {
		return fmt.Errorf("notify: outbox %s: %w", o.Dir, withoutPath(err))
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(o.Dir, fileName(at, m, hex.EncodeToString(id[:]))+".eml"))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("notify: outbox %s: %w", o.Dir, withoutPath(err))
	}
	return nil
}

// withoutPath is a file error without the file's name, which holds a recipient's address.
func withoutPath(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	case errors.As(err, &le):
		return fmt.Errorf("%s: %w", le.Op, le.Err)
	}
	return err
}

// fileName is the outbox's name for m sent at t: the time, to the microsecond (so that names
// sort in the order sent, but for the hour a clock goes back in the autumn), the recipient and
// the subject, with a few random hex digits that keep two names apart.
func fileName(t time.Time, m Message, id string) string {
	clean := func(s string, max int) string {
		var b strings.Builder
		for _, r := range s {
			switch {
			case b.Len() >= max:
			case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("@.-+_', ", r):
				b.WriteRune(r)
			default:
				b.WriteRune(' ')
			}
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	return t.Format("2006-01-02T15.04.05.000000-0700") + " " + clean(m.To, 80) + " " + clean(m.Subject, 80) + " " + id
}

// EML formats m as an RFC 5322 message with plain-text and HTML alternatives.
func EML(from string, m Message, at time.Time) ([]byte, error) {
	var body bytes.Buffer
	mp := multipart.NewWriter(&body)
	for _, part := range []struct{ typ, content string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mp.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		qp.Write([]byte(part.content))
		qp.Close()
	}
	mp.Close()

	var out bytes.Buffer
	fmt.Fprintf(&out, "From: %s\r\n", from)
	fmt.Fprintf(&out, "To: %s\r\n", m.To)
	fmt.Fprintf(&out, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&out, "Date: %s\r\n", at.Format(time.RFC1123Z))
	fmt.Fprintf(&out, "MIME-Version: 1.0\r\n")
	fmt.Fprintf(&out, "Content-Type: multipart/alternative; boundary=%s\r\n\r\n", mp.Boundary())
	out.Write(body.Bytes())
	return out.Bytes(), nil
}
