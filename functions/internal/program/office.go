package program

import (
	_ "embed"

	"github.com/pelletier/go-toml/v2"
)

//go:embed data/office.toml
var officeFile []byte

// Office is how people reach the ALSC office about the program (data/office.toml).
type Office struct {
	Email       string `toml:"email"`
	Placeholder bool   `toml:"placeholder"` // the address is a stand-in, as in the demo
	ALSCURL     string `toml:"alsc_url"`    // ALSC's own pages
}

// TheOffice is the office built into the binary from data/office.toml.
var TheOffice = mustOffice(officeFile)

func mustOffice(b []byte) Office {
	var o Office
	if err := toml.Unmarshal(b, &o); err != nil || o.Email == "" || o.ALSCURL == "" {
		panic("program: data/office.toml needs an email and alsc_url")
	}
	return o
}

// Contact is the office's address as people read it, saying so when it is a stand-in.
func (o Office) Contact() string {
	if o.Placeholder {
		return o.Email + " (a placeholder address for the demo)"
	}
	return o.Email
}
