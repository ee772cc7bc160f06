package samcheck

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// sdkServices maps the AWS SDK for Go v2 service packages the functions may use to their IAM
// action prefixes.
var sdkServices = map[string]string{
	"github.com/aws/aws-sdk-go-v2/service/dynamodb": "dynamodb",
	"github.com/aws/aws-sdk-go-v2/service/sesv2":    "ses",
	"github.com/aws/aws-sdk-go-v2/service/sqs":      "sqs",
	"github.com/aws/aws-sdk-go-v2/service/s3":       "s3",
	"github.com/aws/aws-sdk-go-v2/service/sns":      "sns",
}

// actions names the IAM action of an operation whose action is named otherwise.
var actions = map[string]string{"s3:ListObjectsV2": "s3:ListBucket"}

// callbacks are the interface methods through which code outside the module calls back into
// it (net/http calls a handler's ServeHTTP; fmt and encoding/json call these), so a module
// type's method of that name is reachable once the type is built.
var callbacks = []string{"ServeHTTP", "Error", "String", "Format", "MarshalJSON", "UnmarshalJSON",
	"MarshalText", "UnmarshalText", "Unwrap", "Is", "As", "Len", "Less", "Swap"}

// Operations lists the AWS operations, as IAM actions (dynamodb:PutItem), that the main package
// pkg (e.g. ./functions/apply) can reach: its code is type-checked from source, a call graph is
// built from main and every package initialiser over the module's own code (a call through an
// interface reaches every method of that name on a module type the code builds), and each
// reachable reference to an SDK client's operation, paginator or waiter counts.
func Operations(root, pkg string) ([]string, error) {
	list := exec.Command("go", "list", "-deps", "-export", "-json=ImportPath,Export,Dir,GoFiles,Module", pkg)
	list.Dir = root
	list.Stderr = os.Stderr
	out, err := list.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %w", pkg, err)
	}
	type listed struct {
		ImportPath, Export, Dir string
		GoFiles                 []string
		Module                  *struct {
			Path string
			Main bool
		}
	}
	exports := map[string]string{}
	var own []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		exports[p.ImportPath] = p.Export
		if p.Module != nil && p.Module.Main {
			own = append(own, p)
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	g := &callGraph{edges: map[string][]string{}, built: map[string][]string{}, methods: map[string][]string{}}
	var roots []string
	for _, p := range own {
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
		info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
		tp, err := (&types.Config{Importer: imp}).Check(p.ImportPath, fset, files, info)
		if err != nil {
			return nil, fmt.Errorf("type-checking %s: %w", p.ImportPath, err)
		}
		g.addPackage(tp, files, info)
		roots = append(roots, tp.Path()+".init")
		if tp.Name() == "main" {
			roots = append(roots, tp.Path()+".main")
		}
	}
	return g.operations(roots), nil
}

// callGraph is the module's code as nodes (functions by full name) and what each refers to.
type callGraph struct {
	edges   map[string][]string // node → functions it refers to, "iface:Name" for interface calls
	built   map[string][]string // node → module types it builds
	methods map[string][]string // module type → its methods' nodes
}

func (g *callGraph) addPackage(p *types.Package, files []*ast.File, info *types.Info) {
	for _, name := range p.Scope().Names() {
		tn, ok := p.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		for _, t := range []types.Type{tn.Type(), types.NewPointer(tn.Type())} {
			ms := types.NewMethodSet(t)
			for i := range ms.Len() {
				if fn, ok := ms.At(i).Obj().(*types.Func); ok && fn.Pkg() == p {
					g.methods[tn.Type().String()] = append(g.methods[tn.Type().String()], fn.FullName())
				}
			}
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			node := p.Path() + ".init"
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name != "init" {
				node = info.Defs[fd.Name].(*types.Func).FullName()
			}
			ast.Inspect(d, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.Ident:
					fn, ok := info.Uses[x].(*types.Func)
					if !ok {
						return true
					}
					fn = fn.Origin()
					if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) && !isSDK(fn) {
						g.edges[node] = append(g.edges[node], "iface:"+fn.Name())
					} else {
						g.edges[node] = append(g.edges[node], fn.FullName())
					}
				case *ast.CompositeLit:
					t := info.Types[x].Type
					if ptr, ok := t.(*types.Pointer); ok {
						t = ptr.Elem()
					}
					if named, ok := t.(*types.Named); ok {
						g.built[node] = append(g.built[node], named.Origin().String())
					}
				}
				return true
			})
		}
	}
}

// isSDK reports whether fn belongs to one of the SDK service packages.
func isSDK(fn *types.Func) bool {
	_, ok := sdkServices[pkgPath(fn)]
	return ok
}

func pkgPath(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// operations walks the graph from roots and returns the SDK operations reached, as IAM actions.
func (g *callGraph) operations(roots []string) []string {
	seen := map[string]bool{}
	builtTypes := map[string]bool{}
	ifaceCalls := map[string]bool{}
	queue := slices.Clone(roots)
	var ops []string
	visit := func(n string) {
		if !seen[n] {
			seen[n] = true
			queue = append(queue, n)
		}
	}
	for _, name := range callbacks {
		ifaceCalls[name] = true
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if op, ok := sdkOperation(n); ok {
			ops = append(ops, cmp.Or(actions[op], op))
			continue
		}
		for _, e := range g.edges[n] {
			if name, ok := strings.CutPrefix(e, "iface:"); ok {
				ifaceCalls[name] = true
				for t := range builtTypes {
					g.dispatch(t, name, visit)
				}
				continue
			}
			visit(e)
		}
		for _, t := range g.built[n] {
			if builtTypes[t] {
				continue
			}
			builtTypes[t] = true
			for name := range ifaceCalls {
				g.dispatch(t, name, visit)
			}
		}
	}
	slices.Sort(ops)
	return slices.Compact(ops)
}

// dispatch visits type t's methods called name.
func (g *callGraph) dispatch(t, name string, visit func(string)) {
	for _, m := range g.methods[t] {
		if strings.HasSuffix(m, ")."+name) {
			visit(m)
		}
	}
}

// sdkOperation reads a function's full name as an SDK operation: a client's method
// ((*…/service/dynamodb.Client).PutItem), an operation interface's method
// ((…/service/dynamodb.QueryAPIClient).Query) or a paginator's constructor
// (…/service/dynamodb.NewQueryPaginator); a presigning client's method
// ((*…/service/s3.PresignClient).PresignGetObject) counts as the operation it signs, since a
// presigned link acts with the signer's rights.
func sdkOperation(fullName string) (string, bool) {
	for path, prefix := range sdkServices {
		rest, ok := strings.CutPrefix(strings.TrimLeft(fullName, "(*"), path+".")
		if !ok {
			continue
		}
		if recv, method, ok := strings.Cut(rest, ")."); ok {
			if (recv == "Client" || strings.HasSuffix(recv, "APIClient")) && method != "Options" && isExported(method) {
				return prefix + ":" + method, true
			}
			if op, ok := strings.CutPrefix(method, "Presign"); recv == "PresignClient" && ok && isExported(op) {
				return prefix + ":" + op, true
			}
			return "", false
		}
		if op, ok := strings.CutPrefix(rest, "New"); ok && strings.HasSuffix(op, "Paginator") {
			return prefix + ":" + strings.TrimSuffix(op, "Paginator"), true
		}
		return "", false
	}
	return "", false
}

func isExported(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }
