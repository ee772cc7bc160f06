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
	"time"
)

// ReadOutbox reads back every message an Outbox wrote to dir, oldest first: recipient, subject,
// and both parts decoded.
func ReadOutbox(dir string) ([]Message, error) {
	files, err := ReadOutboxFiles(dir)
	out := make([]Message, len(files))
	for i, f := range files {
		out[i] = f.Message
	}
	return out, err
}

// Files names the .eml files in dir whose message is to a recipient for whom to is true.
func Files(dir string, to func(string) bool) ([]string, error) {
	files, err := ReadOutboxFiles(dir)
	var out []string
	for _, f := range files {
		if to(f.To) {
			out = append(out, filepath.Join(dir, f.File))
		}
	}
	return out, err
}

// Stored is a message an Outbox wrote: its file's name in the folder, its date and the message.
type Stored struct {
	File string
	Date time.Time
	Message
}

// ReadOutboxFiles reads back every message an Outbox wrote to dir, oldest first, with its file
// and date.
func ReadOutboxFiles(dir string) ([]Stored, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return nil, err
	}
	var out []Stored
	for _, f := range files {
		s, err := readEML(f)
		if err != nil {
			return nil, fmt.Errorf("notify: %s: %w", filepath.Base(f), err)
		}
		s.File = filepath.Base(f)
		out = append(out, s)
	}
	return out, nil
}

func readEML(path string) (Stored, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Stored{}, err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Stored{}, err
	}
	date, err := msg.Header.Date()
	if err != nil {
		return Stored{}, err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Stored{}, err
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return Stored{}, err
	}
	s := Stored{Date: date, Message: Message{To: msg.Header.Get("To"), Subject: subject}}
	m := &s.Message
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for _, into := range []*string{&m.Text, &m.HTML} {
		part, err := parts.NextPart()
		if err != nil {
			return Stored{}, err
		}
		b, err := io.ReadAll(part) // the reader undoes quoted-printable
		if err != nil {
			return Stored{}, err
		}
		*into = string(b)
	}
	return s, nil
}
