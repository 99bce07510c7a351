//go:build ui

package frontend

import (
	"embed"
	"io/fs"
)

// Dist is the Vite build output; run `npm ci && npm run build` in frontend/ before
// `go build -tags ui`.
//
//go:embed all:dist
var Dist embed.FS

// embedded tells tests which build this is.
const embedded = true

// FS returns the built app rooted at dist/ (index.html at its top) and true when the
// build is present.
func FS() (fs.FS, bool) {
	sub, err := fs.Sub(Dist, "dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, false
	}
	return sub, true
}
