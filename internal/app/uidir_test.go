package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/config"
)

// MANIFOLD_UI_DIR serves a Vite build from disk (make run): its files, and index.html
// for client routes; API paths stay the API's.
func TestUIDir_ServesTheBuildFromDisk(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"index.html": "<!doctype html><title>from disk</title>", "assets/app.js": "console.log(1)"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, options{embedded: true, skipSeed: true, tweak: func(c *config.Config) { c.UIDir = dir }})
	if r := h.do("GET", "/operator/review", "", nil); r.Status != 200 || !strings.Contains(string(r.Body), "from disk") {
		t.Fatalf("client route: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", "/assets/app.js", "", nil); r.Status != 200 || string(r.Body) != "console.log(1)" {
		t.Fatalf("asset: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", "/api/v1/nope", "", nil); r.Status != 404 || strings.Contains(string(r.Body), "from disk") {
		t.Fatalf("API path: %d %s", r.Status, r.Body)
	}
}

func TestUIDir_WithoutABuildFailsAtStart(t *testing.T) {
	h := newHarness(t, options{embedded: true, skipSeed: true, noHTTP: true, tweak: func(c *config.Config) { c.UIDir = t.TempDir() }})
	if _, err := h.App.HTTP(); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Fatalf("no build: %v", err)
	}
}
