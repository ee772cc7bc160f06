package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Files is where reports are kept for staff, and where staff leave files for the matcher.
type Files interface {
	// Put stores a file under name (a relative path such as "2026-27/season.html") and returns
	// a link staff can open.
	Put(ctx context.Context, name, contentType string, body []byte) (link string, err error)
	// Get reads the file stored under name; ErrNoFile when there is none.
	Get(ctx context.Context, name string) ([]byte, error)
}

// ErrNoFile is Get's answer for a name under which nothing is stored.
var ErrNoFile = errors.New("report: no such file")

// File is a report ready to store.
type File struct {
	Name        string // relative to the cycle's folder, e.g. "review.csv"
	ContentType string
	Body        []byte
}

// Link is a stored file and where staff open it.
type Link struct {
	Name string `json:"name"`
	Link string `json:"link"`
}

// Store puts each file under dir/ in files, in order, and returns the links to those stored
// (all of them, unless it fails).
func Store(ctx context.Context, files Files, dir string, list []File) ([]Link, error) {
	var out []Link
	for _, f := range list {
		link, err := files.Put(ctx, dir+"/"+f.Name, f.ContentType, f.Body)
		if err != nil {
			return out, err
		}
		out = append(out, Link{Name: f.Name, Link: link})
	}
	return out, nil
}

// Folder keeps reports in a local folder; links are file paths.
type Folder struct{ Dir string }

// path is where name is kept: always inside Dir.
func (f Folder) path(name string) string {
	return filepath.Join(f.Dir, filepath.FromSlash(path.Clean("/"+name)))
}

// Get reads the file.
func (f Folder) Get(_ context.Context, name string) ([]byte, error) {
	b, err := os.ReadFile(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoFile, name)
	}
	return b, err
}

// Put writes the file, making its folders.
func (f Folder) Put(_ context.Context, name, _ string, body []byte) (string, error) {
	p := f.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(p, body, 0o644); err != nil {
		return "", err
	}
	return p, nil
}

// Bucket keeps reports in a private S3 bucket, encrypted at rest. Its links open each file in
// the S3 console, behind the staff member's own sign-in: they work for as long as the bucket keeps
// the file, never expiring earlier (as a presigned link made with the function's short-lived
// credentials would).
type Bucket struct {
	Client *s3.Client
	Name   string
}

// Put uploads the file and returns the link to its page in the S3 console.
func (b Bucket) Put(ctx context.Context, name, contentType string, body []byte) (string, error) {
	_, err := b.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: &b.Name, Key: &name, Body: bytes.NewReader(body),
		ContentType: aws.String(contentType), ServerSideEncryption: types.ServerSideEncryptionAes256})
	if err != nil {
		return "", fmt.Errorf("report: put %s: %w", name, err)
	}
	return ConsoleLink(b.Client.Options().Region, b.Name, name), nil
}

// ConsoleLink is the address of an object's page in the S3 console, where a signed-in person
// opens or downloads it.
func ConsoleLink(region, bucket, key string) string {
	q := url.Values{"region": {region}, "bucketType": {"general"}, "prefix": {key}}
	return "https://console.aws.amazon.com/s3/object/" + url.PathEscape(bucket) + "?" + q.Encode()
}

// Get downloads the file.
func (b Bucket) Get(ctx context.Context, name string) ([]byte, error) {
	out, err := b.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.Name, Key: &name})
	var missing *types.NoSuchKey
	if errors.As(err, &missing) {
		return nil, fmt.Errorf("%w: %s", ErrNoFile, name)
	}
	if err != nil {
		return nil, fmt.Errorf("report: get %s: %w", name, err)
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}
