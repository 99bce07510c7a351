package identity

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
)

// 32 random bytes in unpadded base64url are 43 characters; 6 are 8.
var (
	sessionRE  = regexp.MustCompile(`^mfs_[A-Za-z0-9_-]{43}$`)
	platformRE = regexp.MustCompile(`^mfp_[A-Za-z0-9_-]{43}$`)
	apiKeyRE   = regexp.MustCompile(`^mfk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$`)
)

func TestNewSessionToken_PrefixTellsTheKind(t *testing.T) {
	tests := []struct {
		name     string
		platform bool
		prefix   string
		re       *regexp.Regexp
	}{
		{"tenant session", false, prefixSession, sessionRE},
		{"platform session", true, prefixPlatformSession, platformRE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := newSessionToken(tt.platform)
			if !strings.HasPrefix(tok, tt.prefix) || !tt.re.MatchString(tok) {
				t.Errorf("token %q does not match %s", tok, tt.re)
			}
		})
	}
	if prefixSession != "mfs_" || prefixPlatformSession != "mfp_" || prefixAPIKey != "mfk_" {
		t.Errorf("prefixes changed: %q %q %q (clients and secret scanners rely on them)",
			prefixSession, prefixPlatformSession, prefixAPIKey)
	}
}

func TestNewAPIKey_Shape(t *testing.T) {
	for range 200 {
		key, prefix := newAPIKey()
		m := apiKeyRE.FindStringSubmatch(key)
		if m == nil {
			t.Fatalf("key %q is not mfk_<8 alphanumerics>_<secret>", key)
		}
		if m[1] != prefix {
			t.Fatalf("visible prefix %q, key carries %q", prefix, m[1])
		}
	}
}

func TestTokens_AreUnique(t *testing.T) {
	const n = 1000
	gens := []struct {
		name string
		gen  func() string
	}{
		{"session", func() string { return newSessionToken(false) }},
		{"platform session", func() string { return newSessionToken(true) }},
		{"api key", func() string { k, _ := newAPIKey(); return k }},
		{"api key prefix", func() string { _, p := newAPIKey(); return p }},
	}
	for _, g := range gens {
		t.Run(g.name, func(t *testing.T) {
			seen := make(map[string]bool, n)
			for range n {
				s := g.gen()
				if seen[s] {
					t.Fatalf("duplicate after %d draws: %q", len(seen), s)
				}
				seen[s] = true
			}
		})
	}
}

func TestHashToken_IsSHA256(t *testing.T) {
	tests := []struct {
		tok  string
		want string
	}{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.tok, func(t *testing.T) {
			if got := hex.EncodeToString(hashToken(tt.tok)); got != tt.want {
				t.Errorf("hashToken(%q) = %s, want %s", tt.tok, got, tt.want)
			}
		})
	}
	tok := newSessionToken(false)
	sum := sha256.Sum256([]byte(tok))
	if h := hashToken(tok); !bytes.Equal(h, sum[:]) || len(h) != 32 {
		t.Errorf("hashToken(%q) = %x, want %x", tok, h, sum)
	}
	if bytes.Equal(hashToken(tok), hashToken(newSessionToken(false))) {
		t.Error("two tokens hash alike")
	}
}
