package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// newStoreFunc builds a fresh, empty store for one test.
type newStoreFunc func(t *testing.T, opts ...Option) Store

func TestConformance(t *testing.T) {
	stores := map[string]newStoreFunc{
		"FS": func(t *testing.T, opts ...Option) Store { return newTestFS(t, opts...) },
		"S3": func(t *testing.T, opts ...Option) Store {
			s, _ := newFakeS3Store(t, opts...)
			return s
		},
	}
	for name, newStore := range stores {
		t.Run(name, func(t *testing.T) { runConformance(t, newStore) })
	}
}

func newTestFS(t *testing.T, opts ...Option) *FS {
	t.Helper()
	s, err := NewFS(t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { expectNoTempFiles(t, s.Dir()) })
	return s
}

// expectNoTempFiles fails if a Put left a temporary file behind.
func expectNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

func expectEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Error(err)
		return
	}
	for _, e := range entries {
		t.Errorf("left behind in %s: %s", dir, e.Name())
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func testKey(area string) string { return Key(uuid.New(), area, uuid.New()) }

func mustPut(t *testing.T, s Store, key string, data []byte, meta Meta) Object {
	t.Helper()
	obj, err := s.Put(t.Context(), key, bytes.NewReader(data), meta)
	if err != nil {
		t.Fatalf("Put %s: %v", key, err)
	}
	return obj
}

func mustRead(t *testing.T, s Store, key string) ([]byte, Object) {
	t.Helper()
	rc, obj, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %s: %v", key, err)
	}
	return b, obj
}

func expectNotFound(t *testing.T, s Store, key string) {
	t.Helper()
	if _, err := s.Stat(t.Context(), key); !errors.Is(err, ErrNotFound) {
		t.Errorf("Stat %s: %v, want ErrNotFound", key, err)
	}
	if rc, _, err := s.Get(t.Context(), key); !errors.Is(err, ErrNotFound) {
		if rc != nil {
			rc.Close()
		}
		t.Errorf("Get %s: %v, want ErrNotFound", key, err)
	}
}

func sameObject(t *testing.T, what string, got, want Object) {
	t.Helper()
	if got.Key != want.Key || got.Size != want.Size || got.SHA256 != want.SHA256 ||
		got.ContentType != want.ContentType || !got.Created.Equal(want.Created) {
		t.Errorf("%s: %+v, want %+v", what, got, want)
	}
}

func runConformance(t *testing.T, newStore newStoreFunc) {
	t.Run("PutGetStatDelete", func(t *testing.T) {
		s := newStore(t)
		key := testKey("onboarding")
		data := randomBytes(t, 100_000)
		obj := mustPut(t, s, key, data, Meta{ContentType: "application/pdf"})
		want := Object{Key: key, Size: int64(len(data)), SHA256: sha256Hex(data), ContentType: "application/pdf", Created: obj.Created}
		sameObject(t, "Put", obj, want)
		if obj.Created.IsZero() || obj.Created.Location() != time.UTC {
			t.Errorf("Created %v, want a UTC time", obj.Created)
		}

		got, gotObj := mustRead(t, s, key)
		if !bytes.Equal(got, data) {
			t.Fatal("Get returned other bytes")
		}
		sameObject(t, "Get", gotObj, want)
		stat, err := s.Stat(t.Context(), key)
		if err != nil {
			t.Fatal(err)
		}
		sameObject(t, "Stat", stat, want)

		if err := s.Delete(t.Context(), key); err != nil {
			t.Fatal(err)
		}
		expectNotFound(t, s, key)
	})

	t.Run("EmptyObjectAndDefaultContentType", func(t *testing.T) {
		s := newStore(t)
		key := testKey("attachments")
		obj := mustPut(t, s, key, nil, Meta{})
		if obj.Size != 0 || obj.SHA256 != emptySHA256Hex || obj.ContentType != DefaultContentType {
			t.Fatalf("Put: %+v", obj)
		}
		got, gotObj := mustRead(t, s, key)
		if len(got) != 0 {
			t.Fatalf("read %d bytes", len(got))
		}
		sameObject(t, "Get", gotObj, obj)
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		key := testKey("onboarding")
		expectNotFound(t, s, key)
		_, err := s.Stat(t.Context(), key)
		if !problem.Is(err, problem.KindNotFound) {
			t.Errorf("not found is not a problem.KindNotFound: %v", err)
		}
		if err := s.Delete(t.Context(), key); err != nil {
			t.Errorf("Delete of a missing key: %v", err)
		}
	})

	t.Run("DeleteIsIdempotent", func(t *testing.T) {
		s := newStore(t)
		key := testKey("onboarding")
		mustPut(t, s, key, []byte("x"), Meta{})
		for i := range 3 {
			if err := s.Delete(t.Context(), key); err != nil {
				t.Fatalf("Delete #%d: %v", i+1, err)
			}
		}
		expectNotFound(t, s, key)
	})

	t.Run("OverwriteReplacesContentAndMetadata", func(t *testing.T) {
		s := newStore(t)
		key := testKey("product-images")
		mustPut(t, s, key, []byte("first version, rather long"), Meta{ContentType: "image/png"})
		second := []byte("second")
		obj := mustPut(t, s, key, second, Meta{ContentType: "image/jpeg"})
		got, gotObj := mustRead(t, s, key)
		if !bytes.Equal(got, second) {
			t.Fatalf("read %q", got)
		}
		sameObject(t, "Get after overwrite", gotObj, obj)
		if gotObj.ContentType != "image/jpeg" || gotObj.SHA256 != sha256Hex(second) {
			t.Errorf("metadata not replaced: %+v", gotObj)
		}
	})

	t.Run("MaxSize", func(t *testing.T) {
		s := newStore(t, WithMaxSize(10))
		exact := testKey("attachments")
		mustPut(t, s, exact, []byte("0123456789"), Meta{})

		over := testKey("attachments")
		_, err := s.Put(t.Context(), over, strings.NewReader("0123456789A"), Meta{})
		var tooLarge *TooLargeError
		if !errors.As(err, &tooLarge) || tooLarge.Limit != 10 {
			t.Fatalf("Put of 11 bytes: %v, want *TooLargeError{10}", err)
		}
		if !problem.Is(err, problem.KindPayloadTooLarge) {
			t.Errorf("too large is not a problem.KindPayloadTooLarge: %v", err)
		}
		expectNotFound(t, s, over)

		// An oversized overwrite leaves the object as it was.
		_, err = s.Put(t.Context(), exact, strings.NewReader(strings.Repeat("z", 1000)), Meta{})
		if !errors.As(err, &tooLarge) {
			t.Fatalf("oversized overwrite: %v", err)
		}
		if got, _ := mustRead(t, s, exact); string(got) != "0123456789" {
			t.Fatalf("object changed to %q", got)
		}
	})

	t.Run("ChecksumMismatchStoresNothing", func(t *testing.T) {
		s := newStore(t)
		data := []byte("the signed contract")
		wrong := sha256Hex([]byte("something else"))

		key := testKey("onboarding")
		_, err := s.Put(t.Context(), key, bytes.NewReader(data), Meta{SHA256: wrong})
		var mismatch *ChecksumMismatchError
		if !errors.As(err, &mismatch) || mismatch.Expected != wrong || mismatch.Actual != sha256Hex(data) {
			t.Fatalf("Put with a wrong checksum: %v", err)
		}
		if !problem.Is(err, problem.KindValidation) {
			t.Errorf("mismatch is not a problem.KindValidation: %v", err)
		}
		expectNotFound(t, s, key)

		// Over an existing object: the old one stays.
		mustPut(t, s, key, []byte("v1"), Meta{})
		if _, err := s.Put(t.Context(), key, bytes.NewReader(data), Meta{SHA256: wrong}); !errors.As(err, &mismatch) {
			t.Fatalf("overwrite with a wrong checksum: %v", err)
		}
		if got, _ := mustRead(t, s, key); string(got) != "v1" {
			t.Fatalf("object changed to %q", got)
		}

		// The right checksum, in either case, is accepted.
		obj := mustPut(t, s, key, data, Meta{SHA256: strings.ToUpper(sha256Hex(data))})
		if obj.SHA256 != sha256Hex(data) {
			t.Fatalf("Put: %+v", obj)
		}
	})

	t.Run("InvalidMetaIsRejected", func(t *testing.T) {
		s := newStore(t)
		tests := []struct {
			name  string
			meta  Meta
			field string
		}{
			{"short checksum", Meta{SHA256: "abc"}, "sha256"},
			{"non-hex checksum", Meta{SHA256: strings.Repeat("g", 64)}, "sha256"},
			{"bad content type", Meta{ContentType: "not a type"}, "content_type"},
			{"header injection", Meta{ContentType: "text/plain\r\nX-Evil: 1"}, "content_type"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				key := testKey("attachments")
				_, err := s.Put(t.Context(), key, strings.NewReader("x"), tt.meta)
				var bad *InvalidMetaError
				if !errors.As(err, &bad) || bad.Field != tt.field {
					t.Fatalf("Put: %v, want *InvalidMetaError on %s", err, tt.field)
				}
				expectNotFound(t, s, key)
			})
		}
	})

	t.Run("KeyValidation", func(t *testing.T) {
		s := newStore(t)
		for _, key := range []string{"", "/tenants/a", "tenants/../etc/passwd", "tenants//a", "tenants/a/",
			"tenants/A", "tenants/a b", "tenants/.hidden", "tenants/a/..", `tenants\a`, "tenants/%2e%2e",
			strings.Repeat("a", MaxKeyLength+1)} {
			var bad *InvalidKeyError
			if _, err := s.Put(t.Context(), key, strings.NewReader("x"), Meta{}); !errors.As(err, &bad) {
				t.Errorf("Put %q: %v, want *InvalidKeyError", key, err)
			}
			if rc, _, err := s.Get(t.Context(), key); !errors.As(err, &bad) {
				if rc != nil {
					rc.Close()
				}
				t.Errorf("Get %q: %v, want *InvalidKeyError", key, err)
			}
			if _, err := s.Stat(t.Context(), key); !errors.As(err, &bad) {
				t.Errorf("Stat %q: %v, want *InvalidKeyError", key, err)
			}
			if err := s.Delete(t.Context(), key); !errors.As(err, &bad) {
				t.Errorf("Delete %q: %v, want *InvalidKeyError", key, err)
			}
		}
	})

	t.Run("FailedReadStoresNothing", func(t *testing.T) {
		s := newStore(t)
		key := testKey("attachments")
		boom := errors.New("client went away")
		r := io.MultiReader(strings.NewReader("partial content"), iotest.ErrReader(boom))
		if _, err := s.Put(t.Context(), key, r, Meta{}); !errors.Is(err, boom) {
			t.Fatalf("Put: %v, want the reader's error", err)
		}
		expectNotFound(t, s, key)
	})

	t.Run("CanceledContextStoresNothing", func(t *testing.T) {
		s := newStore(t)
		key := testKey("attachments")
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := s.Put(ctx, key, strings.NewReader("x"), Meta{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("Put: %v, want context.Canceled", err)
		}
		expectNotFound(t, s, key)
	})

	t.Run("ConcurrentPutsOfOneKeyLeaveOneWholeObject", func(t *testing.T) {
		s := newStore(t)
		key := testKey("attachments")
		const n = 8
		data := make([][]byte, n)
		for i := range n {
			data[i] = randomBytes(t, 500+i*700)
		}
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				if _, err := s.Put(t.Context(), key, bytes.NewReader(data[i]), Meta{}); err != nil {
					t.Errorf("Put %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		got, obj := mustRead(t, s, key)
		for i := range n {
			if bytes.Equal(got, data[i]) && obj.SHA256 == sha256Hex(data[i]) && obj.Size == int64(len(data[i])) {
				return
			}
		}
		t.Fatalf("read %d bytes with metadata %+v: not one of the writes", len(got), obj)
	})

	t.Run("ConcurrentPutsOfDifferentKeys", func(t *testing.T) {
		s := newStore(t)
		const n = 16
		keys := make([]string, n)
		data := make([][]byte, n)
		tenant := uuid.New()
		for i := range n {
			keys[i] = Key(tenant, "product-images", uuid.New())
			data[i] = randomBytes(t, 1000+i*3000)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = s.Put(t.Context(), keys[i], bytes.NewReader(data[i]), Meta{ContentType: "image/webp"})
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("Put %d: %v", i, errs[i])
			}
			got, obj := mustRead(t, s, keys[i])
			if !bytes.Equal(got, data[i]) || obj.SHA256 != sha256Hex(data[i]) {
				t.Fatalf("object %d came back different", i)
			}
		}
	})
}
