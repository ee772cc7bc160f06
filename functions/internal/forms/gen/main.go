// Command gen writes the site's form specifications (one JSON file per role) from package forms.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

func main() {
	out := flag.String("out", "site/data/forms", "folder to write <role>.json into")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, role := range forms.Roles {
		if err := os.WriteFile(filepath.Join(*out, string(role)+".json"), forms.SpecJSON(role), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
