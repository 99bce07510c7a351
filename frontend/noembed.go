//go:build !ui

package frontend

import (
	"embed"
	"io/fs"
)

// Dist is empty in a build without the "ui" tag.
var Dist embed.FS

const embedded = false

// FS reports false: this binary serves the API only.
func FS() (fs.FS, bool) { return nil, false }
