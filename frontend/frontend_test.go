package frontend

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestFS_MatchesBuildTag pins both builds: without "ui" there is nothing to serve; with
// it, index.html is at the root and every asset it references is embedded.
func TestFS_MatchesBuildTag(t *testing.T) {
	fsys, ok := FS()
	if !embedded {
		if ok || fsys != nil {
			t.Fatalf("FS() = %v, %v in an API-only build; want nil, false", fsys, ok)
		}
		return
	}
	if !ok {
		t.Fatal("FS() = false in a ui build; run npm run build in frontend/ first")
	}
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		t.Fatalf("read index.html: %v", err)
	}
	refs := regexp.MustCompile(`(?:src|href)="/(assets/[^"]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(refs) == 0 {
		t.Fatal("index.html references no assets")
	}
	for _, m := range refs {
		if _, err := fs.Stat(fsys, m[1]); err != nil {
			t.Errorf("index.html references %s: %v", m[1], err)
		}
	}
}
