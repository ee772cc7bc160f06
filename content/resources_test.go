package content

import (
	"strings"
	"testing"
)

func TestResourcesAreThePagesReadingsAsPlainText(t *testing.T) {
	list := Resources()
	if len(list) != 8 {
		t.Fatalf("%d resources, want the page's 8: %+v", len(list), list)
	}
	if !strings.HasPrefix(list[0].Text, "Ensher, Ellen and Murphy, Susan. Power Mentoring:") || list[0].URL != "" {
		t.Errorf("first resource %+v", list[0])
	}
	if list[4].Text != "Tips for a Successful Mentoring Relationship" || !strings.HasPrefix(list[4].URL, "https://") {
		t.Errorf("first online resource %+v", list[4])
	}
	for _, r := range list {
		if strings.ContainsAny(r.Text, "*<>[]") || strings.Contains(r.Text, "unverified") {
			t.Errorf("resource not plain text: %q", r.Text)
		}
	}
}
