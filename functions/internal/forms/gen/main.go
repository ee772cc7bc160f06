// Command gen writes the data of the forms the site shows (one JSON file per form: its
// specification and its markup) from package forms.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/ala-alsc/mentoring/functions/internal/forms"
)

func main() {
	out := flag.String("out", "site/data/forms", "folder to write <form>.json into")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, d := range forms.SiteForms {
		if err := os.WriteFile(filepath.Join(*out, d.Name+".json"), d.SiteJSON(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
