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
	var out []Message
	err := eachEML(dir, func(_ string, m Message) { out = append(out, m) })
	return out, err
}

// Files names the .eml files in dir whose message is to a recipient for whom to is true.
func Files(dir string, to func(string) bool) ([]string, error) {
	var out []string
	err := eachEML(dir, func(f string, m Message) {
		if to(m.To) {
			out = append(out, f)
		}
	})
	return out, err
}

// eachEML reads every .eml file in dir, oldest first, and passes it to fn.
func eachEML(dir string, fn func(file string, m Message)) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return err
	}
	for _, f := range files {
		m, err := readEML(f)
		if err != nil {
			return fmt.Errorf("notify: %s: %w", f, err)
		}
		fn(f, m)
	}
	return nil
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
