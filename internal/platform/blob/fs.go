package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// File modes of what FS creates.
const (
	fileMode = 0o640
	dirMode  = 0o750
)

// FS stores objects as files under a directory: the object at its key's path and its
// metadata in a sidecar ".<name>.json" beside it. Both are written to temporary files
// in the same directory, synced, and renamed into place, data first: the sidecar is the
// commit, so an object is either wholly there or not at all, even across a crash.
//
// Keys cannot have a segment starting with '.', so neither sidecars nor temporary files
// (".tmp-…") can collide with an object. A key may not be both an object and the parent
// of another ("a/b" and "a/b/c"), which keys made by Key never are.
//
// All paths go through os.Root, so nothing outside the directory is reached even through
// a symbolic link placed inside it.
type FS struct {
	dir  string
	opts options
	// locks serialize the commit (the two renames) and deletion of one key within this
	// process, so concurrent Puts of a key cannot pair one's bytes with the other's
	// sidecar. Content is streamed outside the lock.
	locks [64]sync.Mutex
}

func (s *FS) lock(key string) func() {
	h := fnv.New32a()
	h.Write([]byte(key))
	m := &s.locks[h.Sum32()%uint32(len(s.locks))]
	m.Lock()
	return m.Unlock
}

var _ Store = (*FS)(nil)

// sidecar is the JSON kept beside each object.
type sidecar struct {
	Version     int       `json:"v"`
	Key         string    `json:"key"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	ContentType string    `json:"content_type"`
	Created     time.Time `json:"created"`
}

// NewFS returns a store rooted at dir, creating it if needed.
func NewFS(dir string, opts ...Option) (*FS, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, errors.New("blob: the file store needs a directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.MkdirAll(abs, dirMode); err != nil {
		return nil, fmt.Errorf("blob: creating the store directory: %w", err)
	}
	return &FS{dir: abs, opts: o}, nil
}

// Dir is the absolute directory the store writes under.
func (s *FS) Dir() string { return s.dir }

func (s *FS) String() string { return "file://" + filepath.ToSlash(s.dir) }

// The root is opened per call rather than held: an FS needs no Close, and a directory
// replaced under a running process (a restored backup) is picked up.
func (s *FS) root() (*os.Root, error) {
	r, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, fmt.Errorf("blob: opening the store directory: %w", err)
	}
	return r, nil
}

func sidecarName(key string) string {
	dir, name := path.Split(key)
	return dir + "." + name + ".json"
}

// missing reports an error meaning "no such object". ENOTDIR: a key under a name that
// is an object, not a directory.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// Put implements Store.
func (s *FS) Put(ctx context.Context, key string, r io.Reader, meta Meta) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	meta, err := normalizeMeta(meta)
	if err != nil {
		return Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	root, err := s.root()
	if err != nil {
		return Object{}, err
	}
	defer root.Close()

	dir := path.Dir(key)
	if err := root.MkdirAll(dir, dirMode); err != nil {
		return Object{}, fmt.Errorf("blob: creating %s: %w", dir, err)
	}
	created := s.opts.now().UTC()

	dataTmp, size, sum, err := writeTemp(root, dir, func(w io.Writer) (int64, string, error) {
		return copyHashed(ctx, w, r, s.opts.maxSize)
	})
	if err != nil {
		return Object{}, err
	}
	committed := false
	defer func() {
		if !committed {
			_ = root.Remove(dataTmp)
		}
	}()
	if meta.SHA256 != "" && meta.SHA256 != sum {
		return Object{}, &ChecksumMismatchError{Expected: meta.SHA256, Actual: sum}
	}

	obj := Object{Key: key, Size: size, SHA256: sum, ContentType: meta.ContentType, Created: created}
	doc, err := json.Marshal(sidecar{Version: 1, Key: key, Size: size, SHA256: sum,
		ContentType: meta.ContentType, Created: created})
	if err != nil {
		return Object{}, fmt.Errorf("blob: %w", err)
	}
	metaTmp, _, _, err := writeTemp(root, dir, func(w io.Writer) (int64, string, error) {
		_, err := w.Write(doc)
		return 0, "", err
	})
	if err != nil {
		return Object{}, err
	}
	if err := ctx.Err(); err != nil {
		_ = root.Remove(metaTmp)
		return Object{}, err
	}
	unlock := s.lock(key)
	defer unlock()
	if err := root.Rename(dataTmp, key); err != nil {
		_ = root.Remove(metaTmp)
		return Object{}, fmt.Errorf("blob: %s: %w", key, err)
	}
	committed = true
	if err := root.Rename(metaTmp, sidecarName(key)); err != nil {
		_ = root.Remove(metaTmp)
		return Object{}, fmt.Errorf("blob: %s: %w", key, err)
	}
	// The renames are durable only once the directory itself is synced.
	if err := syncDir(root, dir); err != nil {
		return Object{}, err
	}
	return obj, nil
}

// writeTemp creates a temporary file in dir, fills it, syncs and closes it, and returns
// its name. On error the file is removed.
func writeTemp(root *os.Root, dir string, fill func(io.Writer) (int64, string, error)) (string, int64, string, error) {
	var f *os.File
	var name string
	for range 5 {
		var rnd [12]byte
		_, _ = rand.Read(rnd[:])
		name = path.Join(dir, ".tmp-"+hex.EncodeToString(rnd[:]))
		var err error
		f, err = root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", 0, "", fmt.Errorf("blob: creating a temporary file: %w", err)
		}
	}
	if f == nil {
		return "", 0, "", errors.New("blob: could not create a unique temporary file")
	}
	fail := func(err error) (string, int64, string, error) {
		_ = f.Close()
		_ = root.Remove(name)
		return "", 0, "", err
	}
	// The umask must not decide who can read stored documents.
	if err := f.Chmod(fileMode); err != nil {
		return fail(fmt.Errorf("blob: %w", err))
	}
	n, sum, err := fill(f)
	if err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("blob: syncing: %w", err))
	}
	if err := f.Close(); err != nil {
		_ = root.Remove(name)
		return "", 0, "", fmt.Errorf("blob: %w", err)
	}
	return name, n, sum, nil
}

func syncDir(root *os.Root, dir string) error {
	d, err := root.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: syncing %s: %w", dir, err)
	}
	return nil
}

func readSidecar(root *os.Root, key string) (Object, error) {
	b, err := root.ReadFile(sidecarName(key))
	if missing(err) {
		return Object{}, notFound(key)
	}
	if err != nil {
		return Object{}, fmt.Errorf("blob: %s: %w", key, err)
	}
	var sc sidecar
	if err := json.Unmarshal(b, &sc); err != nil {
		return Object{}, fmt.Errorf("%w: %s: unreadable metadata: %v", ErrCorrupt, key, err)
	}
	if sc.Key != key || !isHexSHA256(sc.SHA256) || sc.Size < 0 {
		return Object{}, fmt.Errorf("%w: %s: metadata does not describe this key", ErrCorrupt, key)
	}
	return Object{Key: key, Size: sc.Size, SHA256: sc.SHA256, ContentType: sc.ContentType, Created: sc.Created.UTC()}, nil
}

// Stat implements Store.
func (s *FS) Stat(ctx context.Context, key string) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	root, err := s.root()
	if err != nil {
		return Object{}, err
	}
	defer root.Close()
	return readSidecar(root, key)
}

// getAttempts bounds Get's retries when an overwrite lands between opening the data and
// reading its sidecar.
const getAttempts = 3

// Get implements Store.
func (s *FS) Get(ctx context.Context, key string) (io.ReadCloser, Object, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Object{}, err
	}
	root, err := s.root()
	if err != nil {
		return nil, Object{}, err
	}
	defer root.Close()
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, Object{}, err
		}
		f, err := root.Open(key)
		if missing(err) {
			return nil, Object{}, notFound(key)
		}
		if err != nil {
			return nil, Object{}, fmt.Errorf("blob: %s: %w", key, err)
		}
		obj, err := readSidecar(root, key)
		if err != nil {
			_ = f.Close()
			return nil, Object{}, err
		}
		fi, err := f.Stat()
		if err != nil {
			_ = f.Close()
			return nil, Object{}, fmt.Errorf("blob: %s: %w", key, err)
		}
		if fi.IsDir() {
			_ = f.Close()
			return nil, Object{}, notFound(key)
		}
		if fi.Size() == obj.Size {
			return newVerifyingReader(f, obj), obj, nil
		}
		_ = f.Close()
		if attempt == getAttempts {
			return nil, Object{}, fmt.Errorf("%w: %s has %d bytes, recorded %d", ErrCorrupt, key, fi.Size(), obj.Size)
		}
		time.Sleep(time.Duration(attempt) * 5 * time.Millisecond)
	}
}

// Delete implements Store. The sidecar goes first, so a crash in between leaves an
// orphaned file, never an object without its bytes.
func (s *FS) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := s.root()
	if err != nil {
		return err
	}
	defer root.Close()
	defer s.lock(key)()
	if err := root.Remove(sidecarName(key)); err != nil && !missing(err) {
		return fmt.Errorf("blob: deleting %s: %w", key, err)
	}
	// A directory at the key is the parent of other objects, not this one.
	if fi, err := root.Lstat(key); err == nil && fi.IsDir() {
		return nil
	}
	if err := root.Remove(key); err != nil && !missing(err) {
		return fmt.Errorf("blob: deleting %s: %w", key, err)
	}
	return nil
}
