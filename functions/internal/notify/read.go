package notify

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
)

// ReadOutbox reads back every message an Outbox wrote to dir, oldest first: recipient, subject,
// and both parts decoded.
func ReadOutbox(dir string) ([]Message, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return nil, err
	}
	var out []Message
	for _, f := range files {
		m, err := readEML(f)
		if err != nil {
			return nil, fmt.Errorf("notify: %s: %w", f, err)
		}
		out = append(out, m)
	}
	return out, nil
}

func readEML(path string) (Message, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Message{}, err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, err
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return Message{}, err
	}
	m := Message{To: msg.Header.Get("To"), Subject: subject}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for _, into := range []*string{&m.Text, &m.HTML} {
		part, err := parts.NextPart()
		if err != nil {
			return Message{}, err
		}
		b, err := io.ReadAll(part) // the reader undoes quoted-printable
		if err != nil {
			return Message{}, err
		}
		*into = string(b)
	}
	return m, nil
}
