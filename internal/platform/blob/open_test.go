package blob

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want Location
		err  string // substring; "" = no error
	}{
		{"file absolute", "file:///var/lib/manifold/blobs", Location{Dir: "/var/lib/manifold/blobs"}, ""},
		{"file localhost", "file://localhost/srv/blobs", Location{Dir: "/srv/blobs"}, ""},
		{"file relative", "file:var/blobs", Location{Dir: "var/blobs"}, ""},
		{"file dot relative", "file:./var/blobs", Location{Dir: "./var/blobs"}, ""},
		{"file escaped space", "file:///srv/my%20blobs", Location{Dir: "/srv/my blobs"}, ""},
		{"s3 AWS", "s3://manifold-docs?region=eu-west-1",
			Location{S3: &S3Config{Bucket: "manifold-docs", Region: "eu-west-1"}}, ""},
		{"s3 MinIO", "s3://docs?endpoint=http://minio:9000&region=us-east-1&path_style=true",
			Location{S3: &S3Config{Bucket: "docs", Region: "us-east-1", Endpoint: "http://minio:9000", PathStyle: true}}, ""},
		{"s3 R2 escaped endpoint", "s3://docs?endpoint=https%3A%2F%2Facc.r2.cloudflarestorage.com&region=auto&path_style=false",
			Location{S3: &S3Config{Bucket: "docs", Region: "auto", Endpoint: "https://acc.r2.cloudflarestorage.com"}}, ""},
		{"s3 trailing slash", "s3://docs/?region=eu-west-1",
			Location{S3: &S3Config{Bucket: "docs", Region: "eu-west-1"}}, ""},

		{"empty", "", Location{}, "empty"},
		{"no scheme", "/var/blobs", Location{}, "no scheme"},
		{"unknown scheme", "gs://bucket", Location{}, `unsupported store URL scheme "gs"`},
		{"file with host", "file://var/blobs", Location{}, `names no host (got "var")`},
		{"file without path", "file://", Location{}, "no path"},
		{"file with query", "file:///x?mode=fast", Location{}, "no query"},
		{"s3 without bucket", "s3://?region=eu-west-1", Location{}, "no bucket"},
		{"s3 without region", "s3://docs", Location{}, "needs region="},
		{"s3 bad bucket", "s3://Docs_Bucket?region=eu-west-1", Location{}, "not a valid bucket"},
		{"s3 with path", "s3://docs/prefix?region=eu-west-1", Location{}, "no path"},
		{"s3 with port", "s3://docs:9000?region=eu-west-1", Location{}, "endpoint="},
		{"s3 unknown parameter", "s3://docs?region=eu-west-1&pathstyle=true", Location{}, `unknown S3 store URL parameter "pathstyle"`},
		{"s3 repeated parameter", "s3://docs?region=eu-west-1&region=us-east-1", Location{}, "given 2 times"},
		{"s3 bad path_style", "s3://docs?region=eu-west-1&path_style=yes please", Location{}, "true or false"},
		{"s3 bad endpoint scheme", "s3://docs?region=eu-west-1&endpoint=minio:9000", Location{}, "scheme"},
		{"s3 endpoint with path", "s3://docs?region=eu-west-1&endpoint=https://h/base", Location{}, "without a path"},
		{"s3 bad region", "s3://docs?region=EU_WEST", Location{}, "not a valid region"},
		{"credentials in URL", "s3://AKID:hunter2@docs?region=eu-west-1", Location{}, "must not carry credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseURL(tt.url)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseURL(%q) = %+v, %v; want an error with %q", tt.url, got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tt.url, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseURL(%q) = %+v (s3 %+v), want %+v (s3 %+v)", tt.url, got, got.S3, tt.want, tt.want.S3)
			}
		})
	}
}

func TestParseURL_ErrorsDoNotRepeatSecrets(t *testing.T) {
	for _, raw := range []string{
		"s3://AKID:hunter2@docs?region=eu-west-1",
		"s3://docs?region=eu-west-1&endpoint=https://AKID:hunter2@minio:9000",
		"s3://AKID:hunter2@docs:badport?region=eu-west-1",
		"file://AKID:hunter2@/x",
	} {
		_, err := ParseURL(raw)
		if err == nil {
			t.Errorf("ParseURL(%q) accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseURL error shows the secret: %v", err)
		}
	}
}

func TestOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "blobs")
	st, err := Open("file://"+filepath.ToSlash(dir), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if fs, ok := st.(*FS); !ok || fs.Dir() != dir {
		t.Fatalf("Open file URL = %#v", st)
	}
	if _, err := Open("file://"+filepath.ToSlash(dir), "AKID", "secret", ""); err == nil {
		t.Error("Open accepted credentials for a file store")
	}

	st, err = Open("s3://docs?endpoint=http://minio:9000&region=us-east-1&path_style=true", "AKID", "secret", "token")
	if err != nil {
		t.Fatal(err)
	}
	s3, ok := st.(*S3)
	if !ok {
		t.Fatalf("Open s3 URL = %T", st)
	}
	want := S3Config{Endpoint: "http://minio:9000", Region: "us-east-1", Bucket: "docs", PathStyle: true,
		AccessKey: "AKID", SecretKey: "secret", SessionToken: "token"}
	if s3.cfg != want {
		t.Fatalf("config %#v", s3.cfg)
	}
	if _, err := Open("s3://docs?region=us-east-1", "AKID", "", ""); err == nil || !strings.Contains(err.Error(), "secret key is required") {
		t.Errorf("Open without a secret: %v", err)
	}
	if _, err := Open("s3://docs?region=us-east-1", "AKID", "secret", "", WithMaxSize(-1)); err == nil {
		t.Error("Open accepted a negative max size")
	}
}

func FuzzParseURL(f *testing.F) {
	for _, seed := range []string{"file:///x", "file:x", "s3://b?region=r", "s3://b?endpoint=http://h:1&region=r&path_style=1", "%", "s3://[::1]"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		loc, err := ParseURL(raw)
		if err != nil {
			return
		}
		if (loc.S3 == nil) == (loc.Dir == "") {
			t.Fatalf("ParseURL(%q) = %+v: exactly one of Dir and S3 must be set", raw, loc)
		}
	})
}
