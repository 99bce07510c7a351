package schema_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// global lists the schemas that are deliberately not tenant-owned, with the reason.
// Every other schema must embed TenantMixin (TestEverySchemaIsTenantOwnedOrListedGlobal).
var global = map[string]string{
	"Tenant":               "the root of tenancy itself",
	"PlatformAdmin":        "operates all tenants; belongs to none",
	"PlatformSession":      "a platform admin's session; resolved before any tenant is known",
	"OutboxMessage":        "the relay drains every tenant's jobs; rows carry the tenant and only system contexts read them",
	"SanctionsListVersion": "sanctions lists are the same for every marketplace; system contexts only",
	"SanctionsListFile":    "the files of a global list version; system contexts only",
	"RescreenRun":          "a list change rescreens every marketplace; each marketplace's part is a tenant-owned Rescreen",
}

// schemaMixins parses the Go files in dir and returns, for every type embedding
// ent.Schema, the names of the mixins its Mixin() method returns.
func schemaMixins(dir string) (map[string][]string, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok && embedsEntSchema(st) {
						if _, seen := out[ts.Name.Name]; !seen {
							out[ts.Name.Name] = nil
						}
					}
				}
			case *ast.FuncDecl:
				if d.Name.Name != "Mixin" || d.Recv == nil || len(d.Recv.List) != 1 {
					continue
				}
				recv := fmt.Sprint(d.Recv.List[0].Type)
				ast.Inspect(d.Body, func(n ast.Node) bool {
					if cl, ok := n.(*ast.CompositeLit); ok {
						if id, ok := cl.Type.(*ast.Ident); ok {
							out[recv] = append(out[recv], id.Name)
						}
					}
					return true
				})
			}
		}
	}
	return out, nil
}

func embedsEntSchema(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if sel, ok := f.Type.(*ast.SelectorExpr); ok && len(f.Names) == 0 {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "ent" && sel.Sel.Name == "Schema" {
				return true
			}
		}
	}
	return false
}

// tenantOwned returns the sorted names of schemas in dir that are not Global, and an
// error naming every one of them that lacks TenantMixin.
func tenantOwned(dir string) ([]string, error) {
	all, err := schemaMixins(dir)
	if err != nil {
		return nil, err
	}
	var owned, missing []string
	for name, mixins := range all {
		if _, ok := global[name]; ok {
			continue
		}
		owned = append(owned, name)
		has := false
		for _, m := range mixins {
			has = has || m == "TenantMixin"
		}
		if !has {
			missing = append(missing, name)
		}
	}
	sort.Strings(owned)
	sort.Strings(missing)
	if len(missing) > 0 {
		return owned, fmt.Errorf("schemas without TenantMixin (add it, or list them in global in tenancy_test.go with a reason): %s",
			strings.Join(missing, ", "))
	}
	return owned, nil
}
