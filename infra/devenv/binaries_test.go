package devenv_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ala-alsc/mentoring/infra/devenv"
)

// binaryMagic are the first bytes of compiled programs and objects: ELF, Mach-O (both byte
// orders, 32 and 64 bits, universal), Windows PE and WebAssembly.
var binaryMagic = [][]byte{
	[]byte("\x7fELF"), {0xfe, 0xed, 0xfa, 0xce}, {0xfe, 0xed, 0xfa, 0xcf}, {0xce, 0xfa, 0xed, 0xfe},
	{0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}, []byte("MZ"), []byte("\x00asm"),
}

// No compiled program, test binary or profile is committed, and every executable file is a
// script: build output is made, never kept.
func TestNoCommittedBinaries(t *testing.T) {
	root := devenv.Root()
	out, err := exec.Command("git", "-C", root, "ls-files", "-s").Output()
	if err != nil {
		t.Fatalf("git ls-files (the check needs the git checkout): %v", err)
	}
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		meta, path, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("unexpected git ls-files line %q", line)
		}
		files++
		mode := strings.Fields(meta)[0]
		for _, ext := range []string{".test", ".exe", ".prof", ".pprof", ".o", ".a", ".so", ".dylib"} {
			if strings.HasSuffix(path, ext) {
				t.Errorf("%s is build output (%s)", path, ext)
			}
		}
		if mode == "120000" { // a symbolic link
			continue
		}
		head := make([]byte, 4)
		f, err := os.Open(filepath.Join(root, path))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet committed
		}
		if err != nil {
			t.Fatal(err)
		}
		n, _ := f.Read(head)
		f.Close()
		head = head[:n]
		for _, magic := range binaryMagic {
			if bytes.HasPrefix(head, magic) {
				t.Errorf("%s is a compiled binary", path)
			}
		}
		if mode == "100755" && !bytes.HasPrefix(head, []byte("#!")) {
			t.Errorf("%s is executable but not a script", path)
		}
	}
	if files < 50 {
		t.Errorf("only %d files tracked; the check did not see the repository", files)
	}
}
