package compliance

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/sanctionslistfile"
	"github.com/manifoldhq/manifold/ent/sanctionslistversion"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/compliance/lists"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Lists keeps the sanctions list versions. Every load is stored as a versioned snapshot
// (SanctionsListVersion with its files, in the database) and made current in one
// transaction with the rescreen it implies; every process loads the current version of
// each list into its registry and screener at start and follows the database from then
// on (Sync, Run), rebuilding the index off the request path and swapping it in
// atomically.
type Lists struct {
	db     *db.DB
	checks *Checks
	log    *slog.Logger
	now    func() time.Time

	shippedFS fs.FS
	shipped   []lists.ShippedVersion
	// shippedHashes holds each shipped version's content hash, once computed.
	hashMu        sync.Mutex
	shippedHashes []string

	mu       sync.Mutex // serialises Start and Sync
	reg      *lists.Registry
	loaded   map[string]string // list → content hash of the current version in reg
	screener atomic.Pointer[ListScreener]
	kick     chan struct{}
}

// NewLists builds the service over the lists shipped in the binary; checks gets the
// screener once the lists are loaded.
func NewLists(d *db.DB, checks *Checks, log *slog.Logger) *Lists {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Lists{db: d, checks: checks, log: log, now: func() time.Time { return time.Now().UTC() },
		shippedFS: lists.ShippedFS(), shipped: lists.ShippedVersions(),
		reg: lists.NewRegistry(0), loaded: map[string]string{}, kick: make(chan struct{}, 1)}
}

// UseShipped replaces the data recorded on first start (tests use small lists). Call it
// before Start.
func (l *Lists) UseShipped(fsys fs.FS, versions []lists.ShippedVersion) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hashMu.Lock()
	defer l.hashMu.Unlock()
	l.shippedFS, l.shipped, l.shippedHashes = fsys, versions, nil
}

// hashShipped returns the shipped versions' content hashes, in their order, hashing the
// shipped files once without parsing them.
func (l *Lists) hashShipped() ([]string, error) {
	l.hashMu.Lock()
	defer l.hashMu.Unlock()
	if l.shippedHashes != nil {
		return l.shippedHashes, nil
	}
	hs := make([]string, len(l.shipped))
	for i, v := range l.shipped {
		h, err := v.Hash(l.shippedFS)
		if err != nil {
			return nil, fmt.Errorf("shipped %s: %w", v.List, err)
		}
		hs[i] = h
	}
	l.shippedHashes = hs
	return hs, nil
}

// Screener is the name screener over the current lists; nil before Start.
func (l *Lists) Screener() *ListScreener { return l.screener.Load() }

// Registry is this process's registry of loaded snapshots.
func (l *Lists) Registry() *lists.Registry { return l.reg }

func sysLists(ctx context.Context) context.Context {
	return tenant.SystemContext(ctx, tenant.SystemLists)
}

// Start records the shipped versions that are not stored yet (first start, or a binary
// with newer data), loads the current version of every list into the registry, builds
// the screener and installs it in the checks. Shipped data is parsed at most once: when
// it must be recorded, the same snapshots are loaded.
func (l *Lists) Start(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := time.Now()
	parsed, err := l.recordShipped(ctx)
	if err != nil {
		return fmt.Errorf("record the shipped lists: %w", err)
	}
	if _, err := l.syncLocked(ctx, parsed); err != nil {
		return err
	}
	l.log.InfoContext(ctx, "sanctions lists loaded", "lists", len(l.loaded), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Sync loads the lists' current versions from the database if they moved on since the
// last sync, rebuilds the index and swaps it in. It reports whether anything changed.
// Screenings meanwhile use the previous index (and record its versions).
func (l *Lists) Sync(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.screener.Load() == nil {
		return false, nil // not started (MANIFOLD_SCREENING=manual)
	}
	return l.syncLocked(ctx, nil)
}

// Kick asks Run to sync now (a screening found it was behind).
func (l *Lists) Kick() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// Run syncs every interval, and when kicked, until ctx ends. Errors are logged: the
// lists in use stay in use until a sync succeeds.
func (l *Lists) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-l.kick:
		}
		if changed, err := l.Sync(ctx); err != nil && ctx.Err() == nil {
			l.log.ErrorContext(ctx, "sanctions lists sync failed; the loaded versions stay in use", "err", err)
		} else if changed {
			l.log.InfoContext(ctx, "sanctions lists changed: new versions in use", "versions", l.Screener().Screener().ListVersions())
		}
	}
}

// RecordShipped stores the shipped versions that are not stored yet (see Start) and
// reports how many it stored. The CLI calls it so that `manifold lists status` shows the
// shipped data on a database no server has started on yet.
func (l *Lists) RecordShipped(ctx context.Context) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	parsed, err := l.recordShipped(ctx)
	return len(parsed), err
}

// shippedCache is what recordShipped parsed, by content hash.
type shippedCache map[string]*lists.Snapshot

// recordShipped stores every shipped version whose hash is not stored yet, in one
// transaction. A shipped version newer than a list's current one becomes current and,
// when the list had a current version before (a binary with newer data), the change is
// rescreened like any load.
func (l *Lists) recordShipped(ctx context.Context) (shippedCache, error) {
	sys := sysLists(ctx)
	hashes, err := l.hashShipped()
	if err != nil {
		return nil, err
	}
	stored, err := l.db.Client.SanctionsListVersion.Query().
		Where(sanctionslistversion.ContentHashIn(hashes...)).
		Select(sanctionslistversion.FieldList, sanctionslistversion.FieldContentHash).All(sys)
	if err != nil {
		return nil, err
	}
	var missing []lists.ShippedVersion
	for i, v := range l.shipped { // in the shipped order: each list's versions oldest first
		if !slices.ContainsFunc(stored, func(s *ent.SanctionsListVersion) bool {
			return s.List == string(v.List) && s.ContentHash == hashes[i]
		}) {
			missing = append(missing, v)
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	snaps, err := lists.LoadVersions(ctx, l.shippedFS, missing)
	if err != nil {
		return nil, err
	}
	parsed := shippedCache{}
	var items []storeItem
	for i, v := range missing {
		parsed[snaps[i].Hash] = snaps[i]
		files, err := readFiles(v.Inputs(l.shippedFS))
		if err != nil {
			return nil, err
		}
		items = append(items, storeItem{snap: snaps[i], format: v.Format, files: files,
			origin: sanctionslistversion.OriginShipped, by: "manifold (shipped data)"})
	}
	res, err := l.store(ctx, items, "shipped data of this binary")
	if err != nil {
		return nil, err
	}
	for _, r := range res {
		if !r.Existing {
			l.log.InfoContext(ctx, "shipped list version recorded", "version", r.Snapshot.Version(), "current", r.Current)
		}
	}
	return parsed, nil
}

// storedFile is one input file as loaded (its raw bytes).
type storedFile struct {
	name string
	data []byte
}

func readFiles(ins []lists.Input) ([]storedFile, error) {
	out := make([]storedFile, 0, len(ins))
	for _, in := range ins {
		rc, err := in.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
		out = append(out, storedFile{name: in.Name, data: b})
	}
	return out, nil
}

type storeItem struct {
	snap   *lists.Snapshot
	format lists.Format
	files  []storedFile // in hash order
	origin sanctionslistversion.Origin
	by     string
}

// StoreResult is what storing one version did.
type StoreResult struct {
	Version  *ent.SanctionsListVersion
	Snapshot *lists.Snapshot
	// Existing: the same content was stored before (nothing changed).
	Existing bool
	// Current: the version is now the list's current one.
	Current bool
	// Previous is the version it replaced as current (nil if none).
	Previous *ent.SanctionsListVersion
	// Run is the rescreen the change queued (nil if none).
	Run *ent.RescreenRun
}

// store records versions, makes each current unless its list has a newer one, and
// queues one rescreen for the lists whose current version it replaced — all in one
// transaction. Two processes storing at once: the loser of the unique indexes (list and
// hash; one current version per list) rolls back and tries again, and then finds the
// winner's rows.
func (l *Lists) store(ctx context.Context, items []storeItem, reason string) ([]StoreResult, error) {
	var out []StoreResult
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		out, err = l.storeOnce(ctx, items, reason)
		if err == nil || !ent.IsConstraintError(err) {
			return out, err
		}
	}
	return out, err
}

func (l *Lists) storeOnce(ctx context.Context, items []storeItem, reason string) ([]StoreResult, error) {
	sys := sysLists(ctx)
	out := make([]StoreResult, len(items))
	err := db.WithTx(sys, l.db.Client, func(tx *ent.Tx) error {
		changed := map[string]string{}
		var replaced []string
		created := map[uuid.UUID]bool{}
		before := map[string]*ent.SanctionsListVersion{} // each list's current version before this transaction
		for i, it := range items {
			r, err := l.storeTx(sys, tx, it)
			if err != nil {
				return err
			}
			list := string(it.snap.List)
			if r.Previous != nil && created[r.Previous.ID] {
				// It replaced a version stored a moment ago in this transaction (the
				// shipped SDN sets): what it replaces is what was current before.
				for j := range out[:i] {
					if out[j].Version != nil && out[j].Version.ID == r.Previous.ID {
						out[j].Current = false
					}
				}
				r.Previous = before[list]
			} else if _, seen := before[list]; !seen && r.Current && !r.Existing {
				before[list] = r.Previous
			}
			if !r.Existing {
				created[r.Version.ID] = true
			}
			out[i] = r
			if r.Current && !r.Existing {
				changed[string(it.snap.List)] = versionLabel(it.snap)
				if r.Previous != nil {
					replaced = append(replaced, fmt.Sprintf("%s %s (was %s)", it.snap.List, versionLabel(it.snap), labelOf(r.Previous)))
				}
			}
		}
		if len(replaced) == 0 {
			return nil
		}
		// Only the lists whose version was replaced need a rescreen: a list that had no
		// version before was never screened against.
		for list := range changed {
			if !slices.ContainsFunc(replaced, func(s string) bool { return strings.HasPrefix(s, list+" ") }) {
				delete(changed, list)
			}
		}
		sort.Strings(replaced)
		run, err := tx.RescreenRun.Create().SetReason(truncate(reason+": "+strings.Join(replaced, "; "), 2000)).
			SetListVersions(changed).Save(sys)
		if err != nil {
			return err
		}
		if _, err := jobs.Enqueue(sys, tx, jobs.Task{Type: TypeRescreen, Queue: jobs.QueueLow,
			Payload: RescreenPayload{RunID: run.ID}}); err != nil {
			return err
		}
		for i := range out {
			if out[i].Current && out[i].Previous != nil {
				out[i].Run = run
			}
		}
		return nil
	})
	return out, err
}

func (l *Lists) storeTx(ctx context.Context, tx *ent.Tx, it storeItem) (StoreResult, error) {
	s := it.snap
	r := StoreResult{Snapshot: s}
	existing, err := tx.SanctionsListVersion.Query().Where(sanctionslistversion.List(string(s.List)),
		sanctionslistversion.ContentHash(s.Hash)).Only(ctx)
	switch {
	case err == nil:
		r.Version, r.Existing, r.Current = existing, true, existing.Status == sanctionslistversion.StatusCurrent
		return r, nil
	case !ent.IsNotFound(err):
		return r, err
	}
	prev, err := db.ForUpdate(l.db.Dialect, tx.SanctionsListVersion.Query().Where(
		sanctionslistversion.List(string(s.List)), sanctionslistversion.StatusEQ(sanctionslistversion.StatusCurrent))).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return r, err
	}
	now := l.now()
	// A version older than the current one is kept for diffs but never rolls the list
	// back (lists.Registry follows the same rule).
	r.Current = prev == nil || !s.VersionDate.Before(prev.VersionDate)
	if r.Current && prev != nil {
		if err := tx.SanctionsListVersion.UpdateOne(prev).SetStatus(sanctionslistversion.StatusSuperseded).
			ClearCurrentList().SetSupersededAt(now).Exec(ctx); err != nil {
			return r, err
		}
		r.Previous = prev
	}
	counts := map[string]int{}
	for k, n := range s.Counts {
		counts[k.String()] = n
	}
	c := tx.SanctionsListVersion.Create().SetList(string(s.List)).SetFormat(string(it.format)).
		SetVersionDate(s.VersionDate).SetContentHash(s.Hash).SetSource(truncate(s.Source, 2000)).SetOrigin(it.origin).
		SetEntries(s.Len()).SetCounts(counts).SetCoverage(schematype.ListCoverage(s.Coverage)).
		SetFileNames(s.Files).SetLoadedBy(truncate(it.by, 200)).SetStatus(sanctionslistversion.StatusSuperseded)
	if r.Current {
		c.SetStatus(sanctionslistversion.StatusCurrent).SetCurrentList(string(s.List)).SetCurrentSince(now)
	}
	if r.Version, err = c.Save(ctx); err != nil {
		return r, err
	}
	for i, f := range it.files {
		sum := sha256.Sum256(f.data)
		content, comp := f.data, sanctionslistfile.CompressionNone
		if !strings.HasSuffix(strings.ToLower(f.name), ".gz") {
			if content, err = gzipBytes(f.data); err != nil {
				return r, err
			}
			comp = sanctionslistfile.CompressionGzip
		}
		if err := tx.SanctionsListFile.Create().SetVersionID(r.Version.ID).SetPosition(i).SetName(f.name).
			SetSize(int64(len(f.data))).SetSha256(hex.EncodeToString(sum[:])).SetCompression(comp).
			SetContent(content).Exec(ctx); err != nil {
			return r, err
		}
	}
	return r, nil
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// versionLabel is a version as checks record it: "2024-05-03#0123456789ab".
func versionLabel(s *lists.Snapshot) string {
	return s.VersionDate.Format(time.DateOnly) + "#" + s.Hash[:12]
}

func labelOf(v *ent.SanctionsListVersion) string {
	return v.VersionDate.Format(time.DateOnly) + "#" + v.ContentHash[:12]
}

// LoadFile is one list file an operator loads.
type LoadFile struct {
	Name string
	Data []byte
}

// LoadInput is a new version of a list: its format, its files, the version date for
// formats that carry none, where it came from and who loads it.
type LoadInput struct {
	Format   string
	Files    []LoadFile
	Version  string // YYYY-MM-DD
	Source   string
	LoadedBy string
}

// Load parses a new version of a list and stores it: a malformed or truncated file
// rejects the whole load (a *lists.ParseError naming the file and the line or element)
// and changes nothing. Otherwise the version, its files and — when it becomes current
// — its rescreen are committed together. Loading content that is stored already
// changes nothing (Existing).
func (l *Lists) Load(ctx context.Context, in LoadInput) (*StoreResult, error) {
	f, err := lists.ParseFormat(in.Format)
	if err != nil {
		return nil, problem.Validation("unknown list format", problem.Field("/format", "%v", err))
	}
	opts := lists.LoadOptions{Source: in.Source}
	if in.Version != "" {
		if opts.Version, err = time.Parse(time.DateOnly, in.Version); err != nil {
			return nil, problem.Validation("bad version date", problem.Field("/version", "want YYYY-MM-DD, got %q", in.Version))
		}
	}
	inputs := make([]lists.Input, len(in.Files))
	for i, fl := range in.Files {
		inputs[i] = lists.BytesInput(fl.Name, fl.Data)
	}
	ordered, err := lists.Arrange(f, inputs)
	if err != nil {
		return nil, err
	}
	snap, err := lists.Load(ctx, f, inputs, opts)
	if err != nil {
		return nil, err
	}
	files, err := readFiles(ordered)
	if err != nil {
		return nil, err
	}
	by := in.LoadedBy
	if by == "" {
		by = "manifold lists load"
	}
	res, err := l.store(ctx, []storeItem{{snap: snap, format: f, files: files, origin: sanctionslistversion.OriginLoaded, by: by}},
		"loaded by "+by)
	if err != nil {
		return nil, err
	}
	if res[0].Current && !res[0].Existing {
		l.Kick()
	}
	return &res[0], nil
}

// Versions returns the stored versions of a list (every list when list is ""), by list
// and then oldest first.
func (l *Lists) Versions(ctx context.Context, list string) ([]*ent.SanctionsListVersion, error) {
	q := l.db.Client.SanctionsListVersion.Query().Order(ent.Asc(sanctionslistversion.FieldList),
		ent.Asc(sanctionslistversion.FieldVersionDate), ent.Asc(sanctionslistversion.FieldCreatedAt))
	if list != "" {
		q = q.Where(sanctionslistversion.List(list))
	}
	return q.All(sysLists(ctx))
}

// Find resolves a reference to a stored version of a list: "current", a version date
// (YYYY-MM-DD), a content-hash prefix (at least 8 hex digits) or a version as checks
// and the CLI print it ("list@date#hash12" or "date#hash12").
func (l *Lists) Find(ctx context.Context, list, ref string) (*ent.SanctionsListVersion, error) {
	vs, err := l.Versions(ctx, list)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, problem.NotFound("no stored version of list %q", list)
	}
	ref = strings.TrimPrefix(strings.TrimSpace(ref), list+"@")
	var hits []*ent.SanctionsListVersion
	for _, v := range vs {
		date := v.VersionDate.Format(time.DateOnly)
		switch {
		case ref == "current" && v.Status == sanctionslistversion.StatusCurrent,
			ref == date, ref == labelOf(v),
			len(ref) >= 8 && strings.HasPrefix(v.ContentHash, strings.ToLower(ref)):
			hits = append(hits, v)
		}
	}
	switch len(hits) {
	case 0:
		return nil, problem.NotFound("no version %q of %s (see `manifold lists status`)", ref, list)
	case 1:
		return hits[0], nil
	}
	var labels []string
	for _, h := range hits {
		labels = append(labels, labelOf(h))
	}
	return nil, problem.Validation("ambiguous version", problem.Field("/version", "%q matches %s: give a longer hash prefix", ref, strings.Join(labels, ", ")))
}

// Snapshot loads a stored version: from this process's registry when it holds it, from
// the binary when it is shipped data the binary has, else from its stored files. The
// loaded content must hash to the stored hash.
func (l *Lists) Snapshot(ctx context.Context, v *ent.SanctionsListVersion) (*lists.Snapshot, error) {
	if s, ok := l.reg.Version(lists.ListID(v.List), v.ContentHash); ok && s.Hash == v.ContentHash {
		return s, nil
	}
	return l.parse(ctx, v, nil)
}

func (l *Lists) parse(ctx context.Context, v *ent.SanctionsListVersion, parsed shippedCache) (*lists.Snapshot, error) {
	if s, ok := parsed[v.ContentHash]; ok {
		return s, nil
	}
	var snap *lists.Snapshot
	hashes, err := l.hashShipped()
	if err != nil {
		return nil, err
	}
	for i, sv := range l.shipped {
		if string(sv.List) == v.List && hashes[i] == v.ContentHash {
			if snap, err = sv.Load(ctx, l.shippedFS); err != nil {
				return nil, err
			}
			break
		}
	}
	if snap == nil {
		files, err := l.db.Client.SanctionsListFile.Query().Where(sanctionslistfile.VersionID(v.ID)).
			Order(ent.Asc(sanctionslistfile.FieldPosition)).All(sysLists(ctx))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("list version %s@%s has no stored files", v.List, labelOf(v))
		}
		f, err := lists.ParseFormat(v.Format)
		if err != nil {
			return nil, err
		}
		inputs := make([]lists.Input, len(files))
		for i, fl := range files {
			inputs[i] = storedInput(fl)
		}
		if snap, err = lists.Load(ctx, f, inputs, lists.LoadOptions{Version: v.VersionDate, Source: v.Source}); err != nil {
			return nil, fmt.Errorf("stored list version %s@%s: %w", v.List, labelOf(v), err)
		}
	}
	if snap.Hash != v.ContentHash {
		return nil, fmt.Errorf("stored list version %s@%s loads with hash %s: its files changed", v.List, labelOf(v), snap.Hash[:12])
	}
	return snap, nil
}

// storedInput opens a stored file as it was loaded (decompressing the storage's gzip).
func storedInput(f *ent.SanctionsListFile) lists.Input {
	return lists.Input{Name: f.Name, Open: func() (io.ReadCloser, error) {
		r := bytes.NewReader(f.Content)
		if f.Compression == sanctionslistfile.CompressionGzip {
			return gzip.NewReader(r)
		}
		return io.NopCloser(r), nil
	}}
}

// Diff compares two stored versions of a list; from defaults to the newest version
// dated before to, to defaults to the current one.
func (l *Lists) Diff(ctx context.Context, list, from, to string) (*lists.DiffResult, error) {
	if to == "" {
		to = "current"
	}
	newer, err := l.Find(ctx, list, to)
	if err != nil {
		return nil, err
	}
	var older *ent.SanctionsListVersion
	if from != "" {
		if older, err = l.Find(ctx, list, from); err != nil {
			return nil, err
		}
	} else {
		vs, err := l.Versions(ctx, list)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if v.VersionDate.Before(newer.VersionDate) {
				older = v
			}
		}
		if older == nil {
			return nil, problem.NotFound("%s has no stored version before %s", list, labelOf(newer))
		}
	}
	var a, b *lists.Snapshot
	var ea, eb error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a, ea = l.Snapshot(ctx, older) }()
	go func() { defer wg.Done(); b, eb = l.Snapshot(ctx, newer) }()
	wg.Wait()
	if err := errors.Join(ea, eb); err != nil {
		return nil, err
	}
	return lists.Diff(a, b)
}

// current returns the current version of every list.
func currentVersions(ctx context.Context, c *ent.SanctionsListVersionClient) ([]*ent.SanctionsListVersion, error) {
	return c.Query().Where(sanctionslistversion.StatusEQ(sanctionslistversion.StatusCurrent)).
		Order(ent.Asc(sanctionslistversion.FieldList)).All(sysLists(ctx))
}

// syncLocked loads the current versions that are not loaded yet, with the older version
// whose aliases the screener borrows when a current version has none, publishes them
// and rebuilds the screener. l.mu is held.
func (l *Lists) syncLocked(ctx context.Context, parsed shippedCache) (bool, error) {
	cur, err := currentVersions(ctx, l.db.Client.SanctionsListVersion)
	if err != nil {
		return false, err
	}
	var need []*ent.SanctionsListVersion
	donors := map[string]string{} // list → hash of the older version the screener borrows aliases from
	for _, v := range cur {
		if l.loaded[v.List] == v.ContentHash {
			continue
		}
		donors[v.List] = ""
		if !v.Coverage.Aliases {
			donor, err := l.aliasDonor(ctx, v)
			if err != nil {
				return false, err
			}
			if donor != nil {
				donors[v.List] = donor.ContentHash
				if _, ok := l.reg.Version(lists.ListID(donor.List), donor.ContentHash); !ok {
					need = append(need, donor)
				}
			}
		}
		need = append(need, v)
	}
	if len(need) == 0 {
		if l.screener.Load() == nil && len(cur) == 0 {
			return false, errors.New("no sanctions list version is stored")
		}
		return false, nil
	}
	snaps := make([]*lists.Snapshot, len(need))
	errs := make([]error, len(need))
	var wg sync.WaitGroup
	for i, v := range need {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i], errs[i] = l.parse(ctx, v, parsed)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return false, err
	}
	// Oldest first, so that each list's newest version ends up current.
	order := make([]int, len(need))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return snaps[order[a]].VersionDate.Before(snaps[order[b]].VersionDate) })
	for _, i := range order {
		if _, err := l.reg.Publish(snaps[i]); err != nil {
			return false, err
		}
	}
	if ls := l.screener.Load(); ls != nil {
		if err := ls.Screener().Refresh(ctx); err != nil {
			return false, fmt.Errorf("rebuild the screening index: %w", err)
		}
	} else {
		ls, err := NewListScreener(ctx, l.reg)
		if err != nil {
			return false, fmt.Errorf("build the screening index: %w", err)
		}
		l.screener.Store(ls)
		if l.checks != nil {
			l.checks.SetNames(ls)
			l.checks.SetVersions(l)
		}
	}
	for _, v := range cur {
		l.loaded[v.List] = v.ContentHash
	}
	// Hold only what screening needs, once the new index is in: each changed list's
	// current version and its alias donor (a process that follows daily loads would
	// otherwise keep up to 16 versions of a list in memory).
	for list, donor := range donors {
		l.reg.Retain(lists.ListID(list), func(s *lists.Snapshot) bool { return donor != "" && s.Hash == donor })
	}
	return true, nil
}

// aliasDonor is the newest stored version of v's list older than v whose files carry
// aliases (the screener borrows them for entries whose name is unchanged).
func (l *Lists) aliasDonor(ctx context.Context, v *ent.SanctionsListVersion) (*ent.SanctionsListVersion, error) {
	vs, err := l.db.Client.SanctionsListVersion.Query().Where(sanctionslistversion.List(v.List),
		sanctionslistversion.VersionDateLT(v.VersionDate)).Order(ent.Desc(sanctionslistversion.FieldVersionDate)).All(sysLists(ctx))
	if err != nil {
		return nil, err
	}
	for _, o := range vs {
		if o.Coverage.Aliases {
			return o, nil
		}
	}
	return nil, nil
}

// ErrStaleLists is returned by a screening recorded against a list version that is no
// longer current: another process stored a newer one and this process has not loaded it
// yet. The screening job is retried (after the sync it kicked).
var ErrStaleLists = errors.New("compliance: the loaded sanctions lists are behind the stored current versions; retry once they are loaded")

// Fresh checks, in tx, that used (a screening's list → "date#hash12") covers the
// current version of every stored list. Without stored versions there is nothing to
// compare.
func (l *Lists) Fresh(ctx context.Context, tx *ent.Tx, used map[string]string) error {
	cur, err := currentVersions(ctx, tx.SanctionsListVersion)
	if err != nil {
		return err
	}
	for _, v := range cur {
		if !strings.HasSuffix(used[v.List], "#"+v.ContentHash[:12]) {
			l.Kick()
			return fmt.Errorf("%w (%s is %s, the screening used %q)", ErrStaleLists, v.List, labelOf(v), used[v.List])
		}
	}
	return nil
}

// CurrentVersions labels each list's current stored version ("date#hash12"), read in tx.
func (l *Lists) CurrentVersions(ctx context.Context, tx *ent.Tx) (map[string]string, error) {
	vs, err := currentVersions(ctx, tx.SanctionsListVersion)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(vs))
	for _, v := range vs {
		out[v.List] = labelOf(v)
	}
	return out, nil
}
