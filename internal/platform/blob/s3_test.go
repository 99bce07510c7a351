package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func TestS3_RetriesServerErrorsThenSucceeds(t *testing.T) {
	tests := []struct {
		name   string
		method string
		code   string
		status int
		op     func(t *testing.T, s *S3, key string) error
	}{
		{"PutObject after 503 SlowDown", http.MethodPut, "SlowDown", 503, func(t *testing.T, s *S3, key string) error {
			_, err := s.Put(t.Context(), key, strings.NewReader("retried body"), Meta{})
			return err
		}},
		{"GetObject after 503 SlowDown", http.MethodGet, "SlowDown", 503, func(t *testing.T, s *S3, key string) error {
			rc, _, err := s.Get(t.Context(), key)
			if err == nil {
				_, err = io.ReadAll(rc)
				rc.Close()
			}
			return err
		}},
		{"HeadObject after 500", http.MethodHead, "", 500, func(t *testing.T, s *S3, key string) error {
			_, err := s.Stat(t.Context(), key)
			return err
		}},
		{"DeleteObject after 429", http.MethodDelete, "", 429, func(t *testing.T, s *S3, key string) error {
			return s.Delete(t.Context(), key)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, f := newFakeS3Store(t)
			key := testKey("attachments")
			mustPut(t, s, key, []byte("retried body"), Meta{})
			before := f.count(tt.method)
			f.inject(fakeFault{method: tt.method, status: tt.status, code: tt.code})
			if err := tt.op(t, s, key); err != nil {
				t.Fatalf("after one %d: %v", tt.status, err)
			}
			if got := f.count(tt.method) - before; got != 2 {
				t.Fatalf("%s sent %d times, want 2 (the %d, then the retry)", tt.method, got, tt.status)
			}
		})
	}
}

func TestS3_RetriedPutSendsTheWholeBodyAgain(t *testing.T) {
	s, f := newFakeS3Store(t)
	key := testKey("onboarding")
	data := randomBytes(t, 200_000)
	f.inject(fakeFault{method: http.MethodPut, status: 503, code: "SlowDown"},
		fakeFault{method: http.MethodPut, status: 500, code: "InternalError"})
	mustPut(t, s, key, data, Meta{})
	if got, _ := mustRead(t, s, key); !bytes.Equal(got, data) {
		t.Fatal("stored content differs after retries")
	}
}

func TestS3_GivesUpAfterMaxAttempts(t *testing.T) {
	s, f := newFakeS3Store(t, WithRetry(3, time.Millisecond))
	for range 10 {
		f.inject(fakeFault{method: http.MethodGet, status: 503, code: "SlowDown"})
	}
	_, _, err := s.Get(t.Context(), testKey("attachments"))
	var s3err *S3Error
	if !errors.As(err, &s3err) || s3err.StatusCode != 503 || s3err.Code != "SlowDown" || s3err.Op != "GetObject" {
		t.Fatalf("Get: %v, want the last *S3Error 503 SlowDown", err)
	}
	if s3err.RequestID == "" || !strings.Contains(s3err.Message, "injected") {
		t.Errorf("error body not parsed: %+v", s3err)
	}
	if !problem.Is(err, problem.KindUnavailable) {
		t.Errorf("an exhausted 503 is not problem.KindUnavailable: %v", err)
	}
	if errors.Is(err, ErrNotFound) {
		t.Error("a 503 reads as not found")
	}
	if got := f.count(http.MethodGet); got != 3 {
		t.Fatalf("GET sent %d times, want 3", got)
	}
}

func TestS3_DoesNotRetryClientErrors(t *testing.T) {
	s, f := newFakeS3Store(t)
	f.inject(fakeFault{method: http.MethodPut, status: 403, code: "AccessDenied"})
	_, err := s.Put(t.Context(), testKey("attachments"), strings.NewReader("x"), Meta{})
	var s3err *S3Error
	if !errors.As(err, &s3err) || s3err.Code != "AccessDenied" || s3err.StatusCode != 403 {
		t.Fatalf("Put: %v, want *S3Error AccessDenied", err)
	}
	if problem.Is(err, problem.KindUnavailable) || errors.Is(err, ErrNotFound) {
		t.Errorf("AccessDenied maps to a client-visible kind: %v", err)
	}
	if got := f.count(http.MethodPut); got != 1 {
		t.Fatalf("PUT sent %d times, want 1", got)
	}
}

func TestS3_CanceledContextStopsRetrying(t *testing.T) {
	s, f := newFakeS3Store(t, WithRetry(10, time.Second))
	for range 10 {
		f.inject(fakeFault{method: http.MethodHead, status: 503})
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := s.Stat(ctx, testKey("attachments")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stat: %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %s to notice the deadline", d)
	}
}

func TestS3_WrongSecretFailsTheServersSignatureCheck(t *testing.T) {
	f := newFakeS3(t) // no expectNoBadSignatures: a rejection is the point
	s := newStoreFor(t, f, S3Config{Endpoint: f.srv.URL, Region: fakeRegion, Bucket: fakeBucket, PathStyle: true,
		AccessKey: fakeAccessKey, SecretKey: "not-the-secret"})
	_, err := s.Put(t.Context(), testKey("attachments"), strings.NewReader("x"), Meta{})
	var s3err *S3Error
	if !errors.As(err, &s3err) || s3err.Code != "SignatureDoesNotMatch" {
		t.Fatalf("Put: %v, want SignatureDoesNotMatch", err)
	}
	if strings.Contains(err.Error(), "not-the-secret") {
		t.Fatal("the error shows the secret")
	}
	if len(f.badSignatures) != 1 {
		t.Fatalf("fake rejected %d requests, want 1", len(f.badSignatures))
	}
}

func TestS3_MissingBucketIsNotAMissingObject(t *testing.T) {
	f := newFakeS3(t)
	f.expectNoBadSignatures()
	s := newStoreFor(t, f, S3Config{Endpoint: f.srv.URL, Region: fakeRegion, Bucket: "no-such-bucket", PathStyle: true,
		AccessKey: fakeAccessKey, SecretKey: fakeSecret})
	key := testKey("attachments")
	_, _, err := s.Get(t.Context(), key)
	var s3err *S3Error
	if !errors.As(err, &s3err) || s3err.Code != "NoSuchBucket" || errors.Is(err, ErrNotFound) {
		t.Fatalf("Get: %v, want NoSuchBucket that is not ErrNotFound", err)
	}
	if err := s.Delete(t.Context(), key); !errors.As(err, &s3err) || s3err.Code != "NoSuchBucket" {
		t.Fatalf("Delete: %v, want NoSuchBucket (not idempotent success)", err)
	}
}

func TestS3_RedirectIsReportedNotFollowed(t *testing.T) {
	s, f := newFakeS3Store(t)
	f.inject(fakeFault{method: http.MethodGet, status: 301, code: "PermanentRedirect",
		extra: "<Endpoint>manifold-test.s3.eu-west-3.amazonaws.com</Endpoint>"})
	_, _, err := s.Get(t.Context(), testKey("attachments"))
	var s3err *S3Error
	if !errors.As(err, &s3err) || s3err.Code != "PermanentRedirect" || s3err.Endpoint != "manifold-test.s3.eu-west-3.amazonaws.com" {
		t.Fatalf("Get: %v, want PermanentRedirect naming the endpoint", err)
	}
	if !strings.Contains(err.Error(), "eu-west-3") {
		t.Errorf("the message does not say where the bucket is: %v", err)
	}
}

func TestS3_VirtualHostedStyleWithSessionToken(t *testing.T) {
	f := newFakeS3(t)
	f.expectNoBadSignatures()
	f.vhostSuffix = ".s3.fake.test"
	f.sessionToken = "FwoGZXIvYXdzEXAMPLE//token+with/odd=chars"
	s := newStoreFor(t, f, S3Config{Endpoint: "http://s3.fake.test", Region: fakeRegion, Bucket: fakeBucket,
		AccessKey: fakeAccessKey, SecretKey: fakeSecret, SessionToken: f.sessionToken}, WithHTTPClient(dialFake(f)))
	key := testKey("product-images")
	mustPut(t, s, key, []byte("png bytes"), Meta{ContentType: "image/png"})
	got, obj := mustRead(t, s, key)
	if string(got) != "png bytes" || obj.ContentType != "image/png" {
		t.Fatalf("read %q %+v", got, obj)
	}
	if err := s.Delete(t.Context(), key); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.objects[key]; ok {
		t.Fatal("object still in the bucket")
	}
}

func TestS3_PutSignsTheRealPayloadHash(t *testing.T) {
	s, f := newFakeS3Store(t)
	data := []byte("not UNSIGNED-PAYLOAD")
	mustPut(t, s, testKey("attachments"), data, Meta{})
	if len(f.putHashes) != 1 || f.putHashes[0] != sha256Hex(data) {
		t.Fatalf("x-amz-content-sha256 sent: %v, want [%s]", f.putHashes, sha256Hex(data))
	}
}

func TestS3_ReadDetectsContentChangedInTheBucket(t *testing.T) {
	s, f := newFakeS3Store(t)
	key := testKey("onboarding")
	mustPut(t, s, key, []byte("original"), Meta{})
	f.tamper(key, []byte("tampered"))
	rc, _, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if _, err := io.ReadAll(rc); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("reading changed content: %v, want ErrCorrupt", err)
	}
}

func TestS3_LogsRetriesWithoutSecrets(t *testing.T) {
	var logs bytes.Buffer
	s, f := newFakeS3Store(t, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	f.inject(fakeFault{method: http.MethodHead, status: 503, code: "SlowDown"})
	if _, err := s.Stat(t.Context(), testKey("attachments")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Stat: %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "retrying") || !strings.Contains(out, "HeadObject") {
		t.Fatalf("no retry logged: %s", out)
	}
	if strings.Contains(out, fakeSecret) || strings.Contains(out, "Signature=") {
		t.Fatalf("log shows credentials: %s", out)
	}
}

func TestS3Config_NeverPrintsTheSecret(t *testing.T) {
	cfg := S3Config{Bucket: "b-1", Region: "us-east-1", AccessKey: "AKID", SecretKey: "TOPSECRET", SessionToken: "TOKENSECRET"}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "s3", cfg)
	for _, out := range []string{fmt.Sprintf("%v", cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(cfg), logs.String()} {
		if strings.Contains(out, "TOPSECRET") || strings.Contains(out, "TOKENSECRET") {
			t.Errorf("printed a secret: %s", out)
		}
	}
}

func TestS3Config_Validate(t *testing.T) {
	ok := S3Config{Bucket: "my-bucket", Region: "eu-west-1", AccessKey: "a", SecretKey: "s"}
	tests := []struct {
		name   string
		change func(*S3Config)
		want   string // substring of the error; "" = valid
	}{
		{"valid", func(*S3Config) {}, ""},
		{"valid with endpoint", func(c *S3Config) { c.Endpoint = "http://minio:9000" }, ""},
		{"valid R2 region", func(c *S3Config) { c.Region = "auto" }, ""},
		{"uppercase bucket", func(c *S3Config) { c.Bucket = "My-Bucket" }, "bucket"},
		{"short bucket", func(c *S3Config) { c.Bucket = "ab" }, "bucket"},
		{"bucket with ..", func(c *S3Config) { c.Bucket = "a..b" }, "bucket"},
		{"no region", func(c *S3Config) { c.Region = "" }, "region"},
		{"endpoint with path", func(c *S3Config) { c.Endpoint = "https://host/prefix" }, "without a path"},
		{"endpoint ftp", func(c *S3Config) { c.Endpoint = "ftp://host" }, "scheme"},
		{"endpoint with credentials", func(c *S3Config) { c.Endpoint = "https://u:p@host" }, "credentials"},
		{"no access key", func(c *S3Config) { c.AccessKey = "" }, "access key"},
		{"no secret", func(c *S3Config) { c.SecretKey = "" }, "secret key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.change(&cfg)
			err := cfg.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate: %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestS3_ObjectURLs(t *testing.T) {
	tests := []struct {
		name string
		cfg  S3Config
		want string
	}{
		{"AWS default, virtual-hosted", S3Config{Region: "eu-west-1", Bucket: "docs"},
			"https://docs.s3.eu-west-1.amazonaws.com/tenants/t/a/k"},
		{"MinIO, path-style", S3Config{Endpoint: "http://minio:9000", Region: "us-east-1", Bucket: "docs", PathStyle: true},
			"http://minio:9000/docs/tenants/t/a/k"},
		{"R2, virtual-hosted", S3Config{Endpoint: "https://acc.r2.cloudflarestorage.com/", Region: "auto", Bucket: "docs"},
			"https://docs.acc.r2.cloudflarestorage.com/tenants/t/a/k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.AccessKey, tt.cfg.SecretKey = "a", "s"
			s, err := NewS3(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.objectURL("tenants/t/a/k").String(); got != tt.want {
				t.Fatalf("%s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseS3Error(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   S3Error
	}{
		{
			name: "NoSuchKey document", status: 404,
			body: `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>
<Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId><HostId>host==</HostId></Error>`,
			want: S3Error{StatusCode: 404, Code: "NoSuchKey", Message: "The resource you requested does not exist",
				Resource: "/mybucket/myfoto.jpg", RequestID: "4442587FB7D0A2F9", HostID: "host=="},
		},
		{
			name: "AuthorizationHeaderMalformed with region", status: 400,
			body: `<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region><RequestId>R</RequestId></Error>`,
			want: S3Error{StatusCode: 400, Code: "AuthorizationHeaderMalformed",
				Message: "the region 'us-east-1' is wrong; expecting 'eu-west-1'", Region: "eu-west-1", RequestID: "R"},
		},
		{
			name: "HEAD without body, request id from header", status: 404,
			header: http.Header{"X-Amz-Request-Id": {"HDR1"}},
			want:   S3Error{StatusCode: 404, Message: "Not Found", RequestID: "HDR1"},
		},
		{
			name: "proxy HTML page", status: 502, body: "<html><body>Bad Gateway</body></html>",
			want: S3Error{StatusCode: 502, Message: "Bad Gateway"},
		},
		{
			name: "control characters are cleaned", status: 500,
			body: "<Error><Code>InternalError</Code><Message>line1\r\nline2\tend&#x7f;</Message></Error>",
			want: S3Error{StatusCode: 500, Code: "InternalError", Message: "line1 line2 end"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			got := parseS3Error(tt.status, h, []byte(tt.body), "GetObject", "k")
			tt.want.Op, tt.want.Key = "GetObject", "k"
			if *got != tt.want {
				t.Fatalf("\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestS3Error_Classification(t *testing.T) {
	tests := []struct {
		status    int
		code      string
		notFound  bool
		retryable bool
	}{
		{404, "NoSuchKey", true, false},
		{404, "", true, false}, // HEAD
		{404, "NoSuchBucket", false, false},
		{403, "AccessDenied", false, false},
		{400, "RequestTimeout", false, true},
		{429, "", false, true},
		{500, "InternalError", false, true},
		{501, "NotImplemented", false, false},
		{503, "SlowDown", false, true},
	}
	for _, tt := range tests {
		e := &S3Error{StatusCode: tt.status, Code: tt.code}
		if e.notFound() != tt.notFound || errors.Is(e, ErrNotFound) != tt.notFound {
			t.Errorf("%d %s: notFound %v, want %v", tt.status, tt.code, e.notFound(), tt.notFound)
		}
		if e.retryable() != tt.retryable {
			t.Errorf("%d %s: retryable %v, want %v", tt.status, tt.code, e.retryable(), tt.retryable)
		}
	}
}

func FuzzParseS3Error(f *testing.F) {
	f.Add(404, []byte(`<Error><Code>NoSuchKey</Code><Message>m</Message></Error>`))
	f.Add(500, []byte("<Error><Code>"))
	f.Add(503, []byte{})
	f.Add(400, []byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Error><Code>&a;</Code></Error>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := parseS3Error(status, http.Header{}, body, "GetObject", "k")
		if e.StatusCode != status || len(e.Code) > 64 || len(e.Message) > 512 {
			t.Fatalf("%+v", e)
		}
		if strings.ContainsAny(e.Code+e.Message+e.RequestID, "\r\n\x00") {
			t.Fatalf("control characters kept: %+v", e)
		}
		_ = e.Error()
	})
}
