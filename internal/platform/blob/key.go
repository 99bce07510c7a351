package blob

import (
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Key limits. The character set is small on purpose: the same key must name the same
// object on a case-insensitive file system, in a URL path without escaping, and in every
// S3-compatible service.
const (
	MaxKeyLength     = 512
	MaxSegmentLength = 128
)

const tenantPrefix = "tenants/"

// Key is the key of object id in a tenant's area ("onboarding", "product-images", …):
// tenants/<tenant-id>/<area>/<id>. The area must be one valid key segment.
func Key(tenantID uuid.UUID, area string, id uuid.UUID) string {
	return tenantPrefix + tenantID.String() + "/" + area + "/" + id.String()
}

// ValidateKey reports whether key may name an object: "/"-separated segments of
// lowercase ASCII letters, digits, '-', '_' and '.', none empty and none starting with
// '.' (so no "." or ".." and no hidden files), at most MaxSegmentLength bytes each and
// MaxKeyLength in all, with no leading or trailing '/'.
func ValidateKey(key string) error {
	bad := func(reason string) error { return &InvalidKeyError{Key: key, Reason: reason} }
	switch {
	case key == "":
		return bad("empty")
	case len(key) > MaxKeyLength:
		return bad(fmt.Sprintf("longer than %d bytes", MaxKeyLength))
	case key[0] == '/':
		return bad("starts with '/'")
	case key[len(key)-1] == '/':
		return bad("ends with '/'")
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch {
		case seg == "":
			return bad("has an empty segment")
		case seg[0] == '.':
			return bad("has a segment starting with '.'")
		case len(seg) > MaxSegmentLength:
			return bad(fmt.Sprintf("has a segment longer than %d bytes", MaxSegmentLength))
		}
		for i := 0; i < len(seg); i++ {
			if !keyByte(seg[i]) {
				return bad(fmt.Sprintf("has the character %q; use a-z, 0-9, '-', '_', '.' and '/'", seg[i]))
			}
		}
	}
	return nil
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}

// TenantOf returns the tenant of a key made by Key. A service handed a key (in a request
// body, a job payload) compares it with the viewer's tenant before using it; see
// CheckTenant.
func TenantOf(key string) (uuid.UUID, error) {
	if err := ValidateKey(key); err != nil {
		return uuid.Nil, err
	}
	rest, ok := strings.CutPrefix(key, tenantPrefix)
	if !ok {
		return uuid.Nil, &InvalidKeyError{Key: key, Reason: "not under tenants/<tenant-id>/"}
	}
	idText, tail, _ := strings.Cut(rest, "/")
	id, err := uuid.Parse(idText)
	// uuid.Parse also accepts other spellings of the same id; only the canonical one
	// (the one Key writes) is a tenant segment, so one tenant has one key space.
	if err != nil || id.String() != idText || id == uuid.Nil {
		return uuid.Nil, &InvalidKeyError{Key: key, Reason: "the tenant segment is not a canonical tenant id"}
	}
	if tail == "" {
		return uuid.Nil, &InvalidKeyError{Key: key, Reason: "has nothing under the tenant"}
	}
	return id, nil
}

// CheckTenant returns nil if key belongs to tenantID. A key of another tenant is
// reported as not found, so a caller cannot learn that it exists.
func CheckTenant(key string, tenantID uuid.UUID) error {
	owner, err := TenantOf(key)
	if err != nil {
		return err
	}
	if owner != tenantID {
		return notFound(key)
	}
	return nil
}
