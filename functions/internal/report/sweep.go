package report

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Sweeper is a Files whose files can be listed and deleted, so that the staff files naming a
// person who asked to be forgotten can be found and removed.
type Sweeper interface {
	Files
	// List names every file stored under dir (e.g. "2026-27"), in order.
	List(ctx context.Context, dir string) ([]string, error)
	// Delete removes the file stored under name; there being none is no error.
	Delete(ctx context.Context, name string) error
}

// List names the files under dir.
func (f Folder) List(_ context.Context, dir string) ([]string, error) {
	var out []string
	root := f.path(dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(f.Dir, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	sort.Strings(out)
	return out, err
}

// Delete removes the file.
func (f Folder) Delete(_ context.Context, name string) error {
	if err := os.Remove(f.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// List names the objects under dir/.
func (b Bucket) List(ctx context.Context, dir string) ([]string, error) {
	var out []string
	prefix := dir + "/"
	p := s3.NewListObjectsV2Paginator(b.Client, &s3.ListObjectsV2Input{Bucket: &b.Name, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("report: list %s: %w", dir, err)
		}
		for _, o := range page.Contents {
			out = append(out, *o.Key)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Delete removes the object; the bucket keeps its earlier version a day (its lifecycle rule).
func (b Bucket) Delete(ctx context.Context, name string) error {
	if _, err := b.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &b.Name, Key: &name}); err != nil {
		return fmt.Errorf("report: delete %s: %w", name, err)
	}
	return nil
}
