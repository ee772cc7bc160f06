package devenv_test

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

func TestRootHoldsTheModule(t *testing.T) {
	for _, f := range []string{"go.mod", "Makefile", "template.yaml"} {
		if _, err := os.Stat(filepath.Join(devenv.Root(), f)); err != nil {
			t.Errorf("Root %s: %v", devenv.Root(), err)
		}
	}
}

func TestFreePortCanBeListenedOn(t *testing.T) {
	port, err := devenv.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("port %d is not free: %v", port, err)
	}
	l.Close()
}
