package blob

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Location is a parsed store URL (MANIFOLD_BLOB_URL): either Dir for a file store or S3
// for an S3 store, whose credentials are filled in by Open.
type Location struct {
	Dir string
	S3  *S3Config
}

// s3Params are the query parameters an s3:// URL may carry.
var s3Params = []string{"endpoint", "region", "path_style"}

// ParseURL parses a store URL:
//
//	file:///var/lib/manifold/blobs     an absolute directory
//	file:var/blobs                     a directory relative to the working directory
//	s3://BUCKET?region=R[&endpoint=https://host:port][&path_style=true]
//
// Credentials never go in the URL. Errors do not repeat the URL, since a misplaced
// secret could be in it.
func ParseURL(raw string) (Location, error) {
	if strings.TrimSpace(raw) == "" {
		return Location{}, errors.New("blob: the store URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Location{}, fmt.Errorf("blob: the store URL does not parse: %w", err)
	}
	if u.User != nil {
		return Location{}, errors.New("blob: the store URL must not carry credentials; " +
			"set MANIFOLD_BLOB_ACCESS_KEY and MANIFOLD_BLOB_SECRET_KEY")
	}
	switch u.Scheme {
	case "file":
		return parseFileURL(u)
	case "s3":
		return parseS3URL(u)
	case "":
		return Location{}, errors.New("blob: the store URL has no scheme; use file:// or s3://")
	default:
		return Location{}, fmt.Errorf("blob: unsupported store URL scheme %q; use file:// or s3://", u.Scheme)
	}
}

func parseFileURL(u *url.URL) (Location, error) {
	if u.RawQuery != "" || u.Fragment != "" {
		return Location{}, errors.New("blob: a file store URL takes no query or fragment")
	}
	dir := u.Path
	if u.Opaque != "" { // file:relative/path
		p, err := url.PathUnescape(u.Opaque)
		if err != nil {
			return Location{}, fmt.Errorf("blob: file store path: %w", err)
		}
		dir = p
	} else if u.Host != "" && u.Host != "localhost" {
		// file://var/blobs names the host "var": almost always a missing slash.
		return Location{}, fmt.Errorf("blob: a file store URL names no host (got %q); "+
			"use file:///absolute/path or file:relative/path", u.Host)
	}
	if dir == "" {
		return Location{}, errors.New("blob: the file store URL has no path")
	}
	return Location{Dir: dir}, nil
}

func parseS3URL(u *url.URL) (Location, error) {
	if u.Opaque != "" {
		return Location{}, errors.New("blob: write an S3 store URL as s3://BUCKET?region=…")
	}
	if u.Path != "" && u.Path != "/" {
		return Location{}, errors.New("blob: an S3 store URL has no path: keys are the whole object name")
	}
	if u.Fragment != "" {
		return Location{}, errors.New("blob: an S3 store URL takes no fragment")
	}
	if u.Port() != "" {
		return Location{}, errors.New("blob: an S3 store URL names a bucket, not a host; put the service in endpoint=")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Location{}, fmt.Errorf("blob: S3 store URL query: %w", err)
	}
	for name, vs := range q {
		if !slices.Contains(s3Params, name) {
			return Location{}, fmt.Errorf("blob: unknown S3 store URL parameter %q (known: %s)",
				name, strings.Join(s3Params, ", "))
		}
		if len(vs) > 1 {
			return Location{}, fmt.Errorf("blob: S3 store URL parameter %q is given %d times", name, len(vs))
		}
	}
	cfg := &S3Config{Bucket: u.Host, Region: q.Get("region"), Endpoint: q.Get("endpoint")}
	if cfg.Bucket == "" {
		return Location{}, errors.New("blob: the S3 store URL names no bucket")
	}
	if cfg.Region == "" {
		return Location{}, errors.New("blob: the S3 store URL needs region= (us-east-1 for most MinIO setups, auto for R2)")
	}
	if v := q.Get("path_style"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Location{}, fmt.Errorf("blob: path_style must be true or false, not %q", v)
		}
		cfg.PathStyle = b
	}
	// Validate all but the credentials, which Open adds.
	probe := *cfg
	probe.AccessKey, probe.SecretKey = "-", "-"
	if err := probe.Validate(); err != nil {
		return Location{}, err
	}
	return Location{S3: cfg}, nil
}

// Open returns the store a URL names (see ParseURL). accessKey, secretKey and the
// optional sessionToken are used by s3:// stores and must be empty for file:// ones.
func Open(rawURL, accessKey, secretKey, sessionToken string, opts ...Option) (Store, error) {
	loc, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if loc.S3 == nil {
		if accessKey != "" || secretKey != "" || sessionToken != "" {
			return nil, errors.New("blob: credentials are set but the store is a directory; unset them or use an s3:// URL")
		}
		return NewFS(loc.Dir, opts...)
	}
	cfg := *loc.S3
	cfg.AccessKey, cfg.SecretKey, cfg.SessionToken = accessKey, secretKey, sessionToken
	return NewS3(cfg, opts...)
}
