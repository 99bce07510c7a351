package blob

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// parseSuiteRequest reads a .req file of the AWS SigV4 test suite. It is parsed by hand:
// the suite's requests are not always valid HTTP (a raw space in "get-space"'s path).
func parseSuiteRequest(t *testing.T, raw string) (*http.Request, []byte) {
	t.Helper()
	head, body, _ := strings.Cut(raw, "\n\n")
	lines := strings.Split(head, "\n")
	method, rest, ok := strings.Cut(lines[0], " ")
	target, ok2 := strings.CutSuffix(rest, " HTTP/1.1")
	if !ok || !ok2 {
		t.Fatalf("request line %q", lines[0])
	}
	p, q, _ := strings.Cut(target, "?")
	req := &http.Request{Method: method, URL: &url.URL{Scheme: "https", Path: p, RawQuery: q}, Header: http.Header{}}
	for _, line := range lines[1:] {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("header line %q", line)
		}
		if strings.EqualFold(name, "host") {
			req.Host, req.URL.Host = value, value
			continue
		}
		req.Header.Add(name, strings.TrimSpace(value))
	}
	return req, []byte(body)
}

func readSuiteFile(t *testing.T, dir, name, ext string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+"."+ext))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
}

func TestSigV4_MatchesAWSTestSuite(t *testing.T) {
	const suite = "testdata/aws-sig-v4-test-suite"
	entries, err := os.ReadDir(suite)
	if err != nil {
		t.Fatal(err)
	}
	suiteTime := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	ran := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(suite, name)
			req, body := parseSuiteRequest(t, readSuiteFile(t, dir, name, "req"))
			s := sigV4{accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
				region: "us-east-1", service: "service"}
			if token := req.Header.Get("X-Amz-Security-Token"); token != "" {
				s.sessionToken = token
			}
			sum := sha256.Sum256(body)
			payloadHash := hex.EncodeToString(sum[:])

			creq, _, err := canonicalRequest(req, payloadHash)
			if err != nil {
				t.Fatal(err)
			}
			if want := readSuiteFile(t, dir, name, "creq"); creq != want {
				t.Fatalf("canonical request\n got %q\nwant %q", creq, want)
			}
			if got, want := stringToSign("20150830T123600Z", s.scope("20150830"), creq), readSuiteFile(t, dir, name, "sts"); got != want {
				t.Fatalf("string to sign\n got %q\nwant %q", got, want)
			}
			if err := s.sign(req, payloadHash, suiteTime); err != nil {
				t.Fatal(err)
			}
			if got, want := req.Header.Get("Authorization"), readSuiteFile(t, dir, name, "authz"); got != want {
				t.Fatalf("Authorization\n got %s\nwant %s", got, want)
			}
		})
		ran++
	}
	if ran < 15 {
		t.Fatalf("ran %d suite vectors; testdata is incomplete", ran)
	}
}

// The examples of the S3 API Reference, "Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk (AWS Signature Version 4)", section
// "Examples: Signature Calculations" (docs.aws.amazon.com/AmazonS3/latest/API/
// sig-v4-header-based-auth.html). Note the secret differs from the test suite's: "/bPx",
// not "+bPx".
const (
	s3DocAccessKey = "AKIAIOSFODNN7EXAMPLE"
	s3DocSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	s3DocHost      = "examplebucket.s3.amazonaws.com"
)

var s3DocTime = time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)

type s3DocExample struct {
	name, method, path, query string
	header                    map[string]string
	payload                   string
	canonicalRequest          string // only the GET Object example prints it
	signedHeaders, signature  string
}

func s3DocExamples() []s3DocExample {
	return []s3DocExample{
		{
			name: "GET Object", method: "GET", path: "/test.txt",
			header: map[string]string{"Range": "bytes=0-9"},
			canonicalRequest: "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n" +
				"x-amz-content-sha256:" + emptySHA256Hex + "\nx-amz-date:20130524T000000Z\n\n" +
				"host;range;x-amz-content-sha256;x-amz-date\n" + emptySHA256Hex,
			signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
			signature:     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
		},
		{
			name: "PUT Object", method: "PUT", path: "/test$file.text", payload: "Welcome to Amazon S3.",
			header:        map[string]string{"Date": "Fri, 24 May 2013 00:00:00 GMT", "X-Amz-Storage-Class": "REDUCED_REDUNDANCY"},
			signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
			signature:     "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
		},
		{
			name: "GET Bucket Lifecycle", method: "GET", path: "/", query: "lifecycle",
			signedHeaders: "host;x-amz-content-sha256;x-amz-date",
			signature:     "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
		},
		{
			name: "Get Bucket (List Objects)", method: "GET", path: "/", query: "max-keys=2&prefix=J",
			signedHeaders: "host;x-amz-content-sha256;x-amz-date",
			signature:     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
		},
	}
}

func (ex s3DocExample) request() (*http.Request, string) {
	req := &http.Request{Method: ex.method, Host: s3DocHost, Header: http.Header{},
		URL: &url.URL{Scheme: "https", Host: s3DocHost, Path: ex.path, RawQuery: ex.query}}
	for k, v := range ex.header {
		req.Header.Set(k, v)
	}
	sum := sha256.Sum256([]byte(ex.payload))
	return req, hex.EncodeToString(sum[:])
}

func TestSigV4_MatchesS3DocumentationExamples(t *testing.T) {
	for _, ex := range s3DocExamples() {
		t.Run(ex.name, func(t *testing.T) {
			req, payloadHash := ex.request()
			s := sigV4{accessKey: s3DocAccessKey, secretKey: s3DocSecret, region: "us-east-1", service: "s3",
				contentSHA256Header: true}
			if err := s.sign(req, payloadHash, s3DocTime); err != nil {
				t.Fatal(err)
			}
			if ex.canonicalRequest != "" {
				creq, _, err := canonicalRequest(req, payloadHash)
				if err != nil {
					t.Fatal(err)
				}
				if creq != ex.canonicalRequest {
					t.Fatalf("canonical request\n got %q\nwant %q", creq, ex.canonicalRequest)
				}
				// The documented hash of the canonical request, as it appears in StringToSign.
				const documented = "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
				if sts := stringToSign("20130524T000000Z", s.scope("20130524"), creq); !strings.HasSuffix(sts, "\n"+documented) {
					t.Fatalf("string to sign %q", sts)
				}
			}
			want := "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
				"SignedHeaders=" + ex.signedHeaders + ", Signature=" + ex.signature
			if got := req.Header.Get("Authorization"); got != want {
				t.Fatalf("Authorization\n got %s\nwant %s", got, want)
			}
			if got := req.Header.Get("X-Amz-Content-Sha256"); got != payloadHash {
				t.Fatalf("x-amz-content-sha256 %q, want %q", got, payloadHash)
			}
		})
	}
}

// AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
func TestSigV4_DerivesDocumentedSigningKey(t *testing.T) {
	s := sigV4{secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "iam"}
	const want = "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
	if got := hex.EncodeToString(s.signingKey("20120215")); got != want {
		t.Fatalf("signing key %s, want %s", got, want)
	}
}

func TestSigV4_URIEncode(t *testing.T) {
	tests := []struct {
		in          string
		encodeSlash bool
		want        string
	}{
		{"", true, ""},
		{"AZaz09-._~", true, "AZaz09-._~"},
		{"a b", true, "a%20b"},
		{"a+b=c&d", true, "a%2Bb%3Dc%26d"},
		{"test$file.text", false, "test%24file.text"},
		{"/tenants/x/y", false, "/tenants/x/y"},
		{"/tenants/x/y", true, "%2Ftenants%2Fx%2Fy"},
		{"é", true, "%C3%A9"},
		{"*'()!", true, "%2A%27%28%29%21"},
	}
	for _, tt := range tests {
		if got := uriEncode(tt.in, tt.encodeSlash); got != tt.want {
			t.Errorf("uriEncode(%q, %v) = %q, want %q", tt.in, tt.encodeSlash, got, tt.want)
		}
	}
}

func TestSigV4_DoesNotSignHopByHopHeaders(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://b.example/k", nil)
	req.Header.Set("User-Agent", "x")
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Content-Type", "image/png")
	s := sigV4{accessKey: "a", secretKey: "s", region: "r", service: "s3", contentSHA256Header: true, sessionToken: "tok"}
	if err := s.sign(req, emptySHA256Hex, time.Now()); err != nil {
		t.Fatal(err)
	}
	want := "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"
	if got := req.Header.Get("Authorization"); !strings.Contains(got, want) {
		t.Fatalf("Authorization %q does not contain %q", got, want)
	}
}
