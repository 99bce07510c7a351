package blob

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// An in-memory S3 for the tests. It authenticates every request with its own SigV4
// verifier, written from the specification and sharing no code with sigv4.go, so a
// signer bug that the AWS vectors miss (what reaches the wire differing from what was
// signed) still fails here.

const (
	fakeAccessKey = "AKIDFAKE0123456789AB"
	fakeSecret    = "fake/Secret+Key=With/Odd+Characters0123"
	fakeRegion    = "eu-central-1"
	fakeBucket    = "manifold-test"
)

type fakeObject struct {
	data     []byte
	header   http.Header // Content-Type and x-amz-meta-*
	modified time.Time
}

// fakeFault is an injected error answer for the next request of a method ("" = any).
type fakeFault struct {
	method string
	status int
	code   string
	extra  string // more XML elements inside <Error>
}

type fakeS3 struct {
	t   *testing.T
	srv *httptest.Server

	// vhostSuffix, when set, makes the server virtual-hosted: the bucket is the Host
	// without this suffix ("manifold-test" + ".s3.fake.test").
	vhostSuffix  string
	sessionToken string

	mu            sync.Mutex
	objects       map[string]*fakeObject
	faults        []fakeFault
	requests      []string // "METHOD key", in order
	badSignatures []string
	putHashes     []string // x-amz-content-sha256 of each authenticated PUT
}

func newFakeS3(t *testing.T) *fakeS3 {
	f := &fakeS3{t: t, objects: map[string]*fakeObject{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// expectNoBadSignatures fails the test at cleanup if any request failed verification.
func (f *fakeS3) expectNoBadSignatures() {
	f.t.Cleanup(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, e := range f.badSignatures {
			f.t.Errorf("fake S3 rejected a request: %s", e)
		}
	})
}

func (f *fakeS3) inject(faults ...fakeFault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, faults...)
}

func (f *fakeS3) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if strings.HasPrefix(r, method+" ") {
			n++
		}
	}
	return n
}

func (f *fakeS3) tamper(key string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.objects[key].data = data
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.writeError(w, r, http.StatusBadRequest, "IncompleteBody", err.Error())
		return
	}
	bucket, key := f.route(r)

	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+key)
	if err := verifySigV4(r, body, time.Now(), fakeAccessKey, fakeSecret, fakeRegion, f.sessionToken); err != nil {
		f.badSignatures = append(f.badSignatures, r.Method+" "+key+": "+err.Error())
		f.writeError(w, r, http.StatusForbidden, "SignatureDoesNotMatch", err.Error())
		return
	}
	for i, fault := range f.faults {
		if fault.method == "" || fault.method == r.Method {
			f.faults = append(f.faults[:i], f.faults[i+1:]...)
			f.writeError(w, r, fault.status, fault.code, "injected "+fault.code, fault.extra)
			return
		}
	}
	if bucket != fakeBucket {
		f.writeError(w, r, http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	switch r.Method {
	case http.MethodPut:
		if r.ContentLength < 0 {
			f.writeError(w, r, http.StatusLengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.")
			return
		}
		f.putHashes = append(f.putHashes, r.Header.Get("X-Amz-Content-Sha256"))
		h := http.Header{}
		for name, vs := range r.Header {
			if name == "Content-Type" || strings.HasPrefix(name, "X-Amz-Meta-") {
				h[name] = vs
			}
		}
		f.objects[key] = &fakeObject{data: body, header: h, modified: time.Now()}
		sum := sha256.Sum256(body)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
		w.WriteHeader(http.StatusOK)
	case http.MethodGet, http.MethodHead:
		obj, ok := f.objects[key]
		if !ok {
			f.writeError(w, r, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
			return
		}
		for name, vs := range obj.header {
			w.Header()[name] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(obj.data)))
		w.Header().Set("Last-Modified", obj.modified.UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(obj.data)
		}
	case http.MethodDelete:
		delete(f.objects, key)
		w.WriteHeader(http.StatusNoContent)
	default:
		f.writeError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed", "not supported by the fake")
	}
}

func (f *fakeS3) route(r *http.Request) (bucket, key string) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	if f.vhostSuffix != "" {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		return strings.TrimSuffix(host, f.vhostSuffix), p
	}
	bucket, key, _ = strings.Cut(p, "/")
	return bucket, key
}

// writeError answers with an S3 error document; extra is appended inside <Error> as is.
func (f *fakeS3) writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string, extra ...string) {
	requestID := "FAKE" + strconv.Itoa(len(f.requests))
	w.Header().Set("X-Amz-Request-Id", requestID)
	if r.Method == http.MethodHead {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	var escaped strings.Builder
	_ = xml.EscapeText(&escaped, []byte(msg))
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<Error><Code>%s</Code><Message>%s</Message><Resource>%s</Resource><RequestId>%s</RequestId>`+
		`<HostId>fakehost</HostId>%s</Error>`, code, escaped.String(), r.URL.Path, requestID, strings.Join(extra, ""))
}

// --- independent SigV4 verification -------------------------------------------------

// verifyEncode percent-encodes like the SigV4 specification says, written separately
// from uriEncode on purpose.
func verifyEncode(s string, keepSlash bool) string {
	var out strings.Builder
	for _, c := range []byte(s) {
		alnum := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
		if alnum || strings.IndexByte("-_.~", c) >= 0 || (keepSlash && c == '/') {
			out.WriteByte(c)
		} else {
			fmt.Fprintf(&out, "%%%02X", c)
		}
	}
	return out.String()
}

func verifyHMAC(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	io.WriteString(m, data)
	return m.Sum(nil)
}

// verifySigV4 authenticates a received request the way an S3 server does: it rebuilds
// the canonical request from what arrived and recomputes the signature. It also
// enforces what this package promises: a signed real payload hash, and every x-amz-*
// and content-type header signed.
func verifySigV4(r *http.Request, body []byte, now time.Time, accessKey, secret, region, token string) error {
	algo, params, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || algo != "AWS4-HMAC-SHA256" {
		return fmt.Errorf("not a SigV4 Authorization header: %q", r.Header.Get("Authorization"))
	}
	fields := map[string]string{}
	for _, part := range strings.Split(params, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return fmt.Errorf("malformed Authorization field %q", part)
		}
		fields[k] = v
	}
	cred := strings.Split(fields["Credential"], "/")
	if len(cred) != 5 {
		return fmt.Errorf("credential %q", fields["Credential"])
	}
	if cred[0] != accessKey || cred[2] != region || cred[3] != "s3" || cred[4] != "aws4_request" {
		return fmt.Errorf("credential scope %q (want key %s, region %s, service s3)", fields["Credential"], accessKey, region)
	}
	amzDate := r.Header.Get("X-Amz-Date")
	at, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil {
		return fmt.Errorf("x-amz-date %q: %v", amzDate, err)
	}
	if at.Format("20060102") != cred[1] {
		return fmt.Errorf("x-amz-date %s is not on the scope's day %s", amzDate, cred[1])
	}
	if d := now.Sub(at); d > 15*time.Minute || d < -15*time.Minute {
		return fmt.Errorf("request time %s is %s away from now", amzDate, d)
	}

	signed := strings.Split(fields["SignedHeaders"], ";")
	isSigned := map[string]bool{}
	for i, h := range signed {
		if h != strings.ToLower(h) || (i > 0 && signed[i-1] >= h) {
			return fmt.Errorf("SignedHeaders %q are not lowercase and sorted", fields["SignedHeaders"])
		}
		isSigned[h] = true
	}
	if !isSigned["host"] || !isSigned["x-amz-date"] || !isSigned["x-amz-content-sha256"] {
		return fmt.Errorf("SignedHeaders %q miss host, x-amz-date or x-amz-content-sha256", fields["SignedHeaders"])
	}
	for name := range r.Header {
		l := strings.ToLower(name)
		if (strings.HasPrefix(l, "x-amz-") || l == "content-type") && !isSigned[l] {
			return fmt.Errorf("header %s was sent unsigned", l)
		}
	}
	if got := r.Header.Get("X-Amz-Security-Token"); got != token {
		return fmt.Errorf("session token %q, want %q", got, token)
	}

	payloadHash := r.Header.Get("X-Amz-Content-Sha256")
	sum := sha256.Sum256(body)
	if payloadHash != hex.EncodeToString(sum[:]) {
		return fmt.Errorf("x-amz-content-sha256 %q is not the SHA-256 of the %d-byte body", payloadHash, len(body))
	}

	canonicalPath := verifyEncode(r.URL.Path, true)
	if wire, _, _ := strings.Cut(r.RequestURI, "?"); wire != canonicalPath {
		return fmt.Errorf("path on the wire %q differs from its canonical form %q", wire, canonicalPath)
	}
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return err
	}
	var pairs []string
	for k, vs := range query {
		for _, v := range vs {
			pairs = append(pairs, verifyEncode(k, false)+"="+verifyEncode(v, false))
		}
	}
	sort.Strings(pairs)

	var c strings.Builder
	fmt.Fprintf(&c, "%s\n%s\n%s\n", r.Method, canonicalPath, strings.Join(pairs, "&"))
	for _, h := range signed {
		var v string
		switch h {
		case "host":
			v = r.Host
		case "content-length":
			v = strconv.FormatInt(r.ContentLength, 10)
		default:
			vals := r.Header.Values(h)
			if len(vals) == 0 {
				return fmt.Errorf("signed header %s is missing", h)
			}
			for i := range vals {
				vals[i] = strings.Join(strings.Fields(vals[i]), " ")
			}
			v = strings.Join(vals, ",")
		}
		fmt.Fprintf(&c, "%s:%s\n", h, v)
	}
	fmt.Fprintf(&c, "\n%s\n%s", fields["SignedHeaders"], payloadHash)

	creqHash := sha256.Sum256([]byte(c.String()))
	sts := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + strings.Join(cred[1:], "/") + "\n" + hex.EncodeToString(creqHash[:])
	key := []byte("AWS4" + secret)
	for _, part := range cred[1:] {
		key = verifyHMAC(key, part)
	}
	want := hex.EncodeToString(verifyHMAC(key, sts))
	if !hmac.Equal([]byte(want), []byte(fields["Signature"])) {
		return fmt.Errorf("signature mismatch; canonical request was %q", c.String())
	}
	return nil
}

// The verifier is only worth something if it accepts what AWS documents and refuses
// anything else.
func TestVerifySigV4_AcceptsS3DocumentationExamplesOnly(t *testing.T) {
	for _, ex := range s3DocExamples() {
		t.Run(ex.name, func(t *testing.T) {
			target := verifyEncode(ex.path, true)
			if ex.query != "" {
				target += "?" + ex.query
			}
			build := func() *http.Request {
				r := httptest.NewRequest(ex.method, target, strings.NewReader(ex.payload))
				r.Host = s3DocHost
				for k, v := range ex.header {
					r.Header.Set(k, v)
				}
				sum := sha256.Sum256([]byte(ex.payload))
				r.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
				r.Header.Set("X-Amz-Date", "20130524T000000Z")
				r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"+
					"SignedHeaders="+ex.signedHeaders+",Signature="+ex.signature)
				return r
			}
			if err := verifySigV4(build(), []byte(ex.payload), s3DocTime, s3DocAccessKey, s3DocSecret, "us-east-1", ""); err != nil {
				t.Fatalf("refuses AWS's own example: %v", err)
			}
			tampered := map[string]func(r *http.Request) (body []byte, now time.Time, secret string){
				"other secret": func(*http.Request) ([]byte, time.Time, string) { return []byte(ex.payload), s3DocTime, "x" },
				"other body": func(*http.Request) ([]byte, time.Time, string) {
					return []byte(ex.payload + "!"), s3DocTime, s3DocSecret
				},
				"an hour later": func(*http.Request) ([]byte, time.Time, string) {
					return []byte(ex.payload), s3DocTime.Add(time.Hour), s3DocSecret
				},
				"other host": func(r *http.Request) ([]byte, time.Time, string) {
					r.Host = "evil.s3.amazonaws.com"
					return []byte(ex.payload), s3DocTime, s3DocSecret
				},
				"unsigned meta header": func(r *http.Request) ([]byte, time.Time, string) {
					r.Header.Set("X-Amz-Meta-Sha256", "00")
					return []byte(ex.payload), s3DocTime, s3DocSecret
				},
			}
			for name, change := range tampered {
				r := build()
				body, now, secret := change(r)
				if err := verifySigV4(r, body, now, s3DocAccessKey, secret, "us-east-1", ""); err == nil {
					t.Errorf("accepted with %s", name)
				}
			}
		})
	}
}

// --- building S3 stores against the fake --------------------------------------------

// newFakeS3Store returns a path-style S3 store talking to a new fake, with fast retries
// and a spool directory that must be empty again when the test ends.
func newFakeS3Store(t *testing.T, opts ...Option) (*S3, *fakeS3) {
	t.Helper()
	f := newFakeS3(t)
	f.expectNoBadSignatures()
	s := newStoreFor(t, f, S3Config{Endpoint: f.srv.URL, Region: fakeRegion, Bucket: fakeBucket, PathStyle: true,
		AccessKey: fakeAccessKey, SecretKey: fakeSecret}, opts...)
	return s, f
}

func newStoreFor(t *testing.T, f *fakeS3, cfg S3Config, opts ...Option) *S3 {
	t.Helper()
	spool := t.TempDir()
	t.Cleanup(func() { expectEmptyDir(t, spool) })
	base := []Option{WithRetry(4, time.Millisecond), WithSpoolDir(spool), WithHTTPClient(f.srv.Client())}
	s, err := NewS3(cfg, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dialFake is an HTTP client that sends every request, whatever its host, to the fake:
// virtual-hosted names such as manifold-test.s3.fake.test need no DNS.
func dialFake(f *fakeS3) *http.Client {
	addr := f.srv.Listener.Addr().String()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	return &http.Client{Transport: tr}
}
