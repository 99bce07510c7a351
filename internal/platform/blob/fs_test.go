package blob

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestFS_WritesDataAndSidecarWith0640(t *testing.T) {
	old := syscall.Umask(0o077) // a strict umask must not change the stored mode
	t.Cleanup(func() { syscall.Umask(old) })

	created := time.Date(2026, 3, 1, 12, 0, 0, 123456789, time.UTC)
	s := newTestFS(t, withClock(func() time.Time { return created }))
	key := testKey("onboarding")
	mustPut(t, s, key, []byte("%PDF-1.7"), Meta{ContentType: "application/pdf"})

	dataPath := filepath.Join(s.Dir(), filepath.FromSlash(key))
	metaPath := filepath.Join(filepath.Dir(dataPath), "."+filepath.Base(dataPath)+".json")
	for _, p := range []string{dataPath, metaPath} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o640 {
			t.Errorf("%s has mode %o, want 640", p, fi.Mode().Perm())
		}
	}
	if b, _ := os.ReadFile(dataPath); string(b) != "%PDF-1.7" {
		t.Errorf("data file holds %q", b)
	}
	var sc map[string]any
	b, err := os.ReadFile(metaPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sc); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"v": 1.0, "key": key, "size": 8.0, "sha256": sha256Hex([]byte("%PDF-1.7")),
		"content_type": "application/pdf", "created": "2026-03-01T12:00:00.123456789Z"}
	for k, v := range want {
		if sc[k] != v {
			t.Errorf("sidecar %s = %v, want %v", k, sc[k], v)
		}
	}
}

func TestFS_ReadDetectsChangedFile(t *testing.T) {
	s := newTestFS(t)
	key := testKey("onboarding")
	mustPut(t, s, key, []byte("original"), Meta{})
	path := filepath.Join(s.Dir(), filepath.FromSlash(key))

	// Same size, other bytes: found at the end of the read.
	if err := os.WriteFile(path, []byte("tampered"), 0o640); err != nil {
		t.Fatal(err)
	}
	rc, _, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(rc); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("read: %v, want ErrCorrupt", err)
	}
	rc.Close()

	// Other size: found before reading.
	if err := os.WriteFile(path, []byte("short"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Get(t.Context(), key); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Get: %v, want ErrCorrupt", err)
	}
}

func TestFS_DataWithoutSidecarIsNotAnObject(t *testing.T) {
	// What a crash between the two renames leaves behind.
	s := newTestFS(t)
	key := testKey("attachments")
	path := filepath.Join(s.Dir(), filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("orphan"), 0o640); err != nil {
		t.Fatal(err)
	}
	expectNotFound(t, s, key)
	mustPut(t, s, key, []byte("real"), Meta{})
	if got, _ := mustRead(t, s, key); string(got) != "real" {
		t.Fatalf("read %q", got)
	}
}

func TestFS_KeysAroundAnotherObjectAreNotFound(t *testing.T) {
	s := newTestFS(t)
	tenant := uuid.New()
	parent := Key(tenant, "attachments", uuid.New())
	mustPut(t, s, parent, []byte("x"), Meta{})

	below := parent + "/child"          // under a file
	dir := "tenants/" + tenant.String() // a directory, not an object
	for _, key := range []string{below, dir} {
		expectNotFound(t, s, key)
		if err := s.Delete(t.Context(), key); err != nil {
			t.Errorf("Delete %s: %v", key, err)
		}
	}
	if got, _ := mustRead(t, s, parent); string(got) != "x" {
		t.Fatal("the object was disturbed")
	}
}

func TestFS_DoesNotFollowSymlinksOutOfTheDirectory(t *testing.T) {
	s := newTestFS(t)
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(s.Dir(), "tenants")); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	if _, err := s.Put(t.Context(), testKey("attachments"), strings.NewReader("x"), Meta{}); err == nil {
		t.Fatal("Put wrote through a symlink leading outside the store")
	}
	expectEmptyDir(t, outside)
}

func TestNewFS_CreatesTheDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "var", "blobs")
	s, err := NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("directory not created: %v", err)
	}
	if s.String() != "file://"+filepath.ToSlash(dir) {
		t.Errorf("String() = %s", s)
	}
	if _, err := NewFS(""); err == nil {
		t.Error("NewFS accepted an empty directory")
	}
	if _, err := NewFS(dir, WithMaxSize(0)); err == nil {
		t.Error("NewFS accepted a zero max size")
	}
}
