package identity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Token prefixes tell the authenticator which table holds a credential.
const (
	prefixSession         = "mfs_"
	prefixPlatformSession = "mfp_"
	prefixAPIKey          = "mfk_"
)

var b64 = base64.RawURLEncoding

func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return b64.EncodeToString(b)
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

func newSessionToken(platform bool) string {
	if platform {
		return prefixPlatformSession + randomString(32)
	}
	return prefixSession + randomString(32)
}

// newAPIKey returns the full key (shown once) and its visible prefix.
// Shape: mfk_<8 prefix chars>_<secret>.
func newAPIKey() (key, prefix string) {
	prefix = strings.NewReplacer("-", "x", "_", "y").Replace(randomString(6))
	return prefixAPIKey + prefix + "_" + randomString(32), prefix
}
