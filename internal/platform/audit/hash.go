package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strings"
	"time"

	"github.com/manifoldhq/manifold/ent"
)

// HashVersion prefixes every stored hash ("v1:<64 hex>"), so the encoding can change
// later without making old chains unverifiable: Verify picks the encoder by prefix.
const HashVersion = "v1"

// hashTagV1 separates this preimage from any other SHA-256 use.
const hashTagV1 = "manifold.audit.v1\x00"

// computeHash returns "v1:" + hex(sha256(preimage)), where the preimage is hashTagV1
// followed by, in order: tenant_id and id (16 raw bytes each), seq (int64), prev_hash, actor,
// action, subject_type, subject_id, before, after, request_id, created_at (Unix
// microseconds, UTC, int64). Integers are 8-byte big-endian; strings are an 8-byte
// big-endian length then the bytes; before and after are one presence byte (0 absent,
// 1 present) then, when present, length and bytes. Every field is length-delimited,
// so no two different events share a preimage.
func computeHash(ev *ent.AuditEvent) string {
	h := sha256.New()
	h.Write([]byte(hashTagV1))
	writeBytes(h, ev.TenantID[:])
	writeBytes(h, ev.ID[:])
	writeInt(h, ev.Seq)
	writeBytes(h, []byte(ev.PrevHash))
	writeBytes(h, []byte(ev.Actor))
	writeBytes(h, []byte(ev.Action))
	writeBytes(h, []byte(ev.SubjectType))
	writeBytes(h, []byte(ev.SubjectID))
	writeOptional(h, ev.Before)
	writeOptional(h, ev.After)
	writeBytes(h, []byte(ev.RequestID))
	writeInt(h, ev.CreatedAt.UTC().Truncate(time.Microsecond).UnixMicro())
	return HashVersion + ":" + hex.EncodeToString(h.Sum(nil))
}

// hashValid reports whether ev's stored hash matches its fields.
func hashValid(ev *ent.AuditEvent) bool {
	version, _, ok := strings.Cut(ev.Hash, ":")
	if !ok || version != HashVersion {
		return false
	}
	return computeHash(ev) == ev.Hash
}

// hashValidAt reports whether ev's fields hash to its stored hash had it been written
// at seq (used to tell a moved event from an edited one).
func hashValidAt(ev *ent.AuditEvent, seq int64) bool {
	c := *ev
	c.Seq = seq
	return hashValid(&c)
}

func writeInt(h hash.Hash, v int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	h.Write(b[:])
}

func writeBytes(h hash.Hash, b []byte) {
	writeInt(h, int64(len(b)))
	h.Write(b)
}

// writeOptional treats nil and empty alike: canonicalJSON never produces empty output,
// and drivers differ on whether a NULL column reads back as nil or empty.
func writeOptional(h hash.Hash, b []byte) {
	if len(b) == 0 {
		h.Write([]byte{0})
		return
	}
	h.Write([]byte{1})
	writeBytes(h, b)
}

// canonicalJSON marshals v and re-encodes it with sorted object keys and no
// insignificant whitespace; numbers keep their literal text. nil and JSON null give
// nil (absent). A json.RawMessage is taken as JSON and canonicalised the same way.
func canonicalJSON(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	if tree == nil {
		return nil, nil
	}
	// encoding/json writes map keys sorted and json.Number verbatim.
	return json.Marshal(tree)
}
