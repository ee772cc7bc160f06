package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Files is where reports are kept for staff.
type Files interface {
	// Put stores a file under name (a relative path such as "2026-27/season.html") and returns
	// a link staff can open.
	Put(ctx context.Context, name, contentType string, body []byte) (link string, err error)
}

// Folder keeps reports in a local folder; links are file paths.
type Folder struct{ Dir string }

// Put writes the file, making its folders.
func (f Folder) Put(_ context.Context, name, _ string, body []byte) (string, error) {
	p := filepath.Join(f.Dir, filepath.FromSlash(path.Clean("/"+name)))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(p, body, 0o644); err != nil {
		return "", err
	}
	return p, nil
}

// Bucket keeps reports in a private S3 bucket, encrypted at rest, and links to each with a
// presigned address that expires (the bucket's lifecycle rule deletes the files soon after).
type Bucket struct {
	Client  *s3.Client
	Name    string
	Expires time.Duration // how long a link works
}

// Put uploads the file and returns a presigned link to it.
func (b Bucket) Put(ctx context.Context, name, contentType string, body []byte) (string, error) {
	_, err := b.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.Name, Key: &name, Body: bytes.NewReader(body),
		ContentType: aws.String(contentType), ServerSideEncryption: types.ServerSideEncryptionAes256})
	if err != nil {
		return "", fmt.Errorf("report: put %s: %w", name, err)
	}
	req, err := s3.NewPresignClient(b.Client).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &b.Name, Key: &name},
		s3.WithPresignExpires(b.Expires))
	if err != nil {
		return "", fmt.Errorf("report: presign %s: %w", name, err)
	}
	return req.URL, nil
}
