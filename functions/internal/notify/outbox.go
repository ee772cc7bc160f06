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
	"time"
)

// Outbox writes each message as an .eml file into Dir, for a person to open with a mail program.
type Outbox struct {
	Dir  string
	From string
}

// Send writes m to the outbox, creating the folder on first use. The file is written under a
// temporary name and renamed once complete, so the outbox never holds a partial message (say,
// on a full disk): either the whole .eml is there, or Send returns an error.
func (o Outbox) Send(_ context.Context, m Message) error {
	b, err := EML(o.From, m, time.Now())
	if err != nil {
		return err
	}
	var id [4]byte
	rand.Read(id[:])
	base := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(id[:])
	tmp := filepath.Join(o.Dir, "."+base+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			return err
		}
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(o.Dir, base+".eml"))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("notify: outbox: %w", err)
	}
	return nil
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
