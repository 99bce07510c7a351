package lists

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

// Registry holds the current snapshot of every list and the in-memory version
// history. Readers call Current or All and get an immutable snapshot that
// stays consistent for as long as they hold it; a new version is published
// with one atomic pointer swap, so no reader ever sees a half-loaded list.
// A load that fails never reaches the registry, so the previous version stays
// in use.
type Registry struct {
	cur atomic.Pointer[map[ListID]*Snapshot] // copy-on-write map of current snapshots

	mu      sync.Mutex // serialises writers and guards history
	history map[ListID][]*Snapshot
	limit   int
}

// NewRegistry returns an empty registry keeping up to historyLimit versions
// per list (0 = 16).
func NewRegistry(historyLimit int) *Registry {
	if historyLimit <= 0 {
		historyLimit = 16
	}
	r := &Registry{history: map[ListID][]*Snapshot{}, limit: historyLimit}
	empty := map[ListID]*Snapshot{}
	r.cur.Store(&empty)
	return r
}

// Current returns the snapshot in use for a list.
func (r *Registry) Current(list ListID) (*Snapshot, bool) {
	s, ok := (*r.cur.Load())[list]
	return s, ok
}

// All returns the current snapshots of every list, sorted by list id. The
// returned set is one consistent generation.
func (r *Registry) All() []*Snapshot {
	m := *r.cur.Load()
	out := make([]*Snapshot, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].List < out[j].List })
	return out
}

// Publish makes s the current version of its list and appends it to the
// history. Publishing a snapshot with the same hash as the current one is a
// no-op that reports false. A snapshot older than the current version (by
// VersionDate) is recorded in the history but does not replace the current
// one, so loading an archive never rolls a list back by accident.
func (r *Registry) Publish(s *Snapshot) (becameCurrent bool, err error) {
	if s == nil || len(s.Entries) == 0 || s.byID == nil {
		return false, fmt.Errorf("lists: refusing to publish an empty or unbuilt snapshot")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := *r.cur.Load()
	if prev, ok := old[s.List]; ok {
		if prev.Hash == s.Hash {
			return false, nil
		}
		if s.VersionDate.Before(prev.VersionDate) {
			r.record(s)
			return false, nil
		}
	}
	next := make(map[ListID]*Snapshot, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	next[s.List] = s
	r.record(s)
	r.cur.Store(&next)
	return true, nil
}

func (r *Registry) record(s *Snapshot) {
	h := r.history[s.List]
	for _, old := range h {
		if old.Hash == s.Hash {
			return
		}
	}
	h = append(h, s)
	sort.SliceStable(h, func(i, j int) bool { return h[i].VersionDate.Before(h[j].VersionDate) })
	if len(h) > r.limit {
		h = h[len(h)-r.limit:]
	}
	r.history[s.List] = h
}

// Retain drops from a list's history every version keep rejects; the current version is
// always kept. A long-running process that follows new versions uses it to hold only
// what it needs in memory (the history otherwise keeps up to the limit).
func (r *Registry) Retain(list ListID, keep func(*Snapshot) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := (*r.cur.Load())[list]
	var h []*Snapshot
	for _, s := range r.history[list] {
		if s == cur || keep(s) {
			h = append(h, s)
		}
	}
	r.history[list] = h
}

// History returns the known versions of a list, oldest first.
func (r *Registry) History(list ListID) []*Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Snapshot(nil), r.history[list]...)
}

// Version finds a version of a list by Version() string, hash prefix (at
// least 8 hex digits) or version date ("2006-01-02").
func (r *Registry) Version(list ListID, ref string) (*Snapshot, bool) {
	for _, s := range r.History(list) {
		if s.Version() == ref || s.VersionDate.Format("2006-01-02") == ref ||
			(len(ref) >= 8 && len(ref) <= len(s.Hash) && s.Hash[:len(ref)] == ref) {
			return s, true
		}
	}
	return nil, false
}
