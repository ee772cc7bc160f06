package notify

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	m, err := MustLoad("new-link").Render("a@b", map[string]string{"Name": "Ann <b>", "Cycle": "2026-27", "Link": "https://x.example/api/pair?token=abc&x=1"})
	fmt.Println(err)
	fmt.Println(m.Text)
	fmt.Println(m.HTML)
}
