package blob

import (
	"errors"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func TestValidateKey(t *testing.T) {
	tests := []struct {
		key    string
		reason string // substring of the reason; "" = valid
	}{
		{"tenants/0b9e3b0e-9f5c-4c1e-8d7a-2b1a6f0c9e11/onboarding/7f1c2a9e-4b6d-4e8f-9a0b-1c2d3e4f5a6b", ""},
		{"a", ""},
		{"a/b.c/d_e-f", ""},
		{"a/b..c", ""}, // ".." inside a segment names nothing special
		{"", "empty"},
		{"/a", "starts with '/'"},
		{"a/", "ends with '/'"},
		{"a//b", "empty segment"},
		{"a/../b", "starting with '.'"},
		{"..", "starting with '.'"},
		{"a/./b", "starting with '.'"},
		{"a/.b.json", "starting with '.'"},
		{"A", "character"},
		{"a b", "character"},
		{`a\b`, "character"},
		{"a%2fb", "character"},
		{"a:b", "character"},
		{"é", "character"},
		{"a\x00", "character"},
		{strings.Repeat("a", MaxSegmentLength+1), "segment longer"},
		{strings.Repeat(strings.Repeat("a", 100)+"/", 6) + "a", "longer than 512"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			err := ValidateKey(tt.key)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("ValidateKey: %v", err)
				}
				return
			}
			var bad *InvalidKeyError
			if !errors.As(err, &bad) || !strings.Contains(bad.Reason, tt.reason) {
				t.Fatalf("ValidateKey: %v, want a reason with %q", err, tt.reason)
			}
			if !problem.Is(err, problem.KindValidation) {
				t.Errorf("not a problem.KindValidation: %v", err)
			}
		})
	}
}

func TestKey_RoundTripsThroughTenantOf(t *testing.T) {
	tenant, id := uuid.New(), uuid.New()
	key := Key(tenant, "product-images", id)
	if want := "tenants/" + tenant.String() + "/product-images/" + id.String(); key != want {
		t.Fatalf("Key = %s, want %s", key, want)
	}
	if err := ValidateKey(key); err != nil {
		t.Fatal(err)
	}
	got, err := TenantOf(key)
	if err != nil || got != tenant {
		t.Fatalf("TenantOf = %v, %v; want %v", got, err, tenant)
	}
}

func TestTenantOf_RejectsKeysWithoutACanonicalTenant(t *testing.T) {
	tenant := uuid.New().String()
	for _, key := range []string{
		"onboarding/" + uuid.New().String(),                       // not under tenants/
		"tenants/" + tenant,                                       // nothing under the tenant
		"tenants/not-a-uuid/onboarding/x",                         // not an id
		"tenants/" + strings.ReplaceAll(tenant, "-", "") + "/a/x", // another spelling of an id
		"tenants/00000000-0000-0000-0000-000000000000/a/x",        // the nil id
		"tenants/../" + tenant + "/a/x",                           // not a valid key at all
	} {
		if _, err := TenantOf(key); err == nil {
			t.Errorf("TenantOf(%q) accepted", key)
		}
	}
}

func TestCheckTenant_OtherTenantsKeyIsNotFound(t *testing.T) {
	a, b := uuid.New(), uuid.New()
	key := Key(a, "attachments", uuid.New())
	if err := CheckTenant(key, a); err != nil {
		t.Fatalf("own key: %v", err)
	}
	err := CheckTenant(key, b)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("other tenant's key: %v, want ErrNotFound", err)
	}
	var bad *InvalidKeyError
	if err := CheckTenant("public/logo", a); !errors.As(err, &bad) {
		t.Fatalf("non-tenant key: %v, want *InvalidKeyError", err)
	}
}

// FuzzValidateKey checks that an accepted key is a plain relative path: it can neither
// climb out of a store's directory nor mean two different files.
func FuzzValidateKey(f *testing.F) {
	for _, seed := range []string{"tenants/a/b", "../x", "a/./b", "/abs", "a//b", "a\\b", "a/b/", ".x", "x."} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if ValidateKey(key) != nil {
			return
		}
		if path.Clean(key) != key || !filepath.IsLocal(key) || strings.Contains(key, "\\") {
			t.Fatalf("accepted %q", key)
		}
		if strings.ToLower(key) != key {
			t.Fatalf("accepted a key with uppercase: %q", key)
		}
	})
}
