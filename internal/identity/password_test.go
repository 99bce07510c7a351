package identity

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"
)

// cheapArgon2 keeps hashing in tests to well under a millisecond; the format and the
// verification path are the same as with DefaultArgon2.
var cheapArgon2 = Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var phcRE = regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$`)

func TestHashPassword_ProducesPHCArgon2idString(t *testing.T) {
	tests := []struct {
		name            string
		params          Argon2Params
		m, tm, p        string
		saltLen, keyLen int
	}{
		{"cheap", cheapArgon2, "64", "1", "1", 16, 32},
		{"other lengths", Argon2Params{Memory: 32, Time: 2, Threads: 2, SaltLen: 8, KeyLen: 16}, "32", "2", "2", 8, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := HashPassword("hunter2hunter2", tt.params)
			if err != nil {
				t.Fatal(err)
			}
			m := phcRE.FindStringSubmatch(h)
			if m == nil {
				t.Fatalf("hash %q is not $argon2id$v=19$m=..,t=..,p=..$salt$key", h)
			}
			if m[1] != tt.m || m[2] != tt.tm || m[3] != tt.p {
				t.Errorf("params m=%s,t=%s,p=%s, want m=%s,t=%s,p=%s", m[1], m[2], m[3], tt.m, tt.tm, tt.p)
			}
			salt, _ := base64.RawStdEncoding.DecodeString(m[4])
			key, _ := base64.RawStdEncoding.DecodeString(m[5])
			if len(salt) != tt.saltLen || len(key) != tt.keyLen {
				t.Errorf("salt %d bytes, key %d bytes; want %d and %d", len(salt), len(key), tt.saltLen, tt.keyLen)
			}
		})
	}
}

func TestVerifyPassword_RoundTrip(t *testing.T) {
	tests := []struct {
		name      string
		password  string
		candidate string
		want      bool
	}{
		{"same password", "correct horse battery staple", "correct horse battery staple", true},
		{"wrong password", "correct horse battery staple", "correct horse battery stapler", false},
		{"case matters", "Secret-Passphrase", "secret-passphrase", false},
		{"empty candidate", "correct horse battery staple", "", false},
		{"unicode", "pässwörd-ß-日本語", "pässwörd-ß-日本語", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := HashPassword(tt.password, cheapArgon2)
			if err != nil {
				t.Fatal(err)
			}
			ok, err := VerifyPassword(tt.candidate, h)
			if err != nil {
				t.Fatalf("VerifyPassword: %v", err)
			}
			if ok != tt.want {
				t.Errorf("VerifyPassword = %v, want %v", ok, tt.want)
			}
		})
	}
}

func TestVerifyPassword_DefaultParams(t *testing.T) {
	h, err := HashPassword("correct horse battery staple", DefaultArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("default hash %q does not carry the OWASP parameters", h)
	}
	if ok, err := VerifyPassword("correct horse battery staple", h); !ok || err != nil {
		t.Errorf("VerifyPassword(right) = %v, %v", ok, err)
	}
	if ok, err := VerifyPassword("wrong", h); ok || err != nil {
		t.Errorf("VerifyPassword(wrong) = %v, %v", ok, err)
	}
}

func TestHashPassword_SaltsEveryHash(t *testing.T) {
	a, err := HashPassword("same password", cheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := HashPassword("same password", cheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two hashes of one password are equal: %q", a)
	}
	if pa, pb := strings.Split(a, "$"), strings.Split(b, "$"); pa[4] == pb[4] {
		t.Errorf("salts are equal: %q", pa[4])
	}
	for _, h := range []string{a, b} {
		if ok, err := VerifyPassword("same password", h); !ok || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v", h, ok, err)
		}
	}
}

func TestVerifyPassword_MalformedHashIsAnError(t *testing.T) {
	good, err := HashPassword("pw", cheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=..., salt, key
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	tests := []struct {
		name string
		hash string
	}{
		{"empty", ""},
		{"plain text", "pw"},
		{"too few parts", strings.Join(parts[:5], "$")},
		{"too many parts", good + "$extra"},
		{"argon2i", with(1, "argon2i")},
		{"argon2d", with(1, "argon2d")},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"old version", with(2, "v=16")},
		{"version not a number", with(2, "v=x")},
		{"version missing", with(2, "")},
		{"params not numbers", with(3, "m=x,t=1,p=1")},
		{"params missing", with(3, "m=64")},
		{"params empty", with(3, "")},
		{"threads overflow", with(3, "m=64,t=1,p=256")},
		{"negative memory", with(3, "m=-64,t=1,p=1")},
		{"zero time", with(3, "m=64,t=0,p=1")},
		{"zero threads", with(3, "m=64,t=1,p=0")},
		{"salt not base64", with(4, "!!!!")},
		{"salt padded base64", with(4, base64.StdEncoding.EncodeToString([]byte("0123456789a")))},
		{"key not base64", with(5, "*not*base64*")},
		{"key empty", with(5, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				ok  bool
				err error
			)
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("VerifyPassword(%q) panicked: %v", tt.hash, p)
					}
				}()
				ok, err = VerifyPassword("pw", tt.hash)
			}()
			if ok || !errors.Is(err, errBadHash) {
				t.Errorf("VerifyPassword(%q) = %v, %v; want false, errBadHash", tt.hash, ok, err)
			}
		})
	}
}
