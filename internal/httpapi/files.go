package httpapi

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// file describes stored content served by serveFile.
type file struct {
	name, contentType, sha256 string
	size                      int64
	inline                    bool // shown in the page (images); otherwise downloaded
}

// serveFile streams stored content with its SHA-256 as a strong ETag (If-None-Match
// answers 304), no sniffing, and a Content-Disposition carrying the original name. The
// reader is closed.
func serveFile(c echo.Context, rc io.ReadCloser, f file) error {
	defer rc.Close()
	h := c.Response().Header()
	etag := `"` + f.sha256 + `"`
	h.Set("ETag", etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if f.inline {
		h.Set("Cache-Control", "private, max-age=300")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && f.inline {
		for _, m := range strings.Split(match, ",") {
			if m = strings.TrimSpace(m); m == etag || m == "W/"+etag || m == "*" {
				return c.NoContent(http.StatusNotModified)
			}
		}
	}
	kind := "attachment"
	if f.inline {
		kind = "inline"
	}
	disp := mime.FormatMediaType(kind, map[string]string{"filename": f.name})
	if disp == "" {
		disp = kind
	}
	h.Set("Content-Disposition", disp)
	h.Set("Content-Length", strconv.FormatInt(f.size, 10))
	return c.Stream(http.StatusOK, f.contentType, rc)
}
