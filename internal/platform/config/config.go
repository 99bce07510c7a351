// Package config parses MANIFOLD_* settings once into a typed struct and validates it.
// Defaults give the embedded mode (SQLite under ./var, in-process Redis).
package config

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/mail"
)

// Config is every setting of the binary. Tags: env name, default, description (the
// README's configuration table is generated from these; see Describe).
type Config struct {
	Addr            string        `env:"ADDR" default:":8080" desc:"HTTP listen address"`
	MetricsAddr     string        `env:"WORKER_METRICS_ADDR" default:":9091" desc:"worker: listen address of /metrics and /healthz (empty: none)"`
	DatabaseURL     string        `env:"DATABASE_URL" default:"sqlite:./var/manifold.db" desc:"postgres://… for production; sqlite:PATH for the embedded mode"`
	RedisURL        string        `env:"REDIS_URL" default:"" desc:"redis://host:port/db; empty starts an in-process Redis-compatible server (dev only)"`
	DataDir         string        `env:"DATA_DIR" default:"./var" desc:"directory for local files (SQLite, blobs)"`
	UIDir           string        `env:"UI_DIR" default:"" desc:"serve the web app from this directory (a Vite build, index.html at its top) instead of the one embedded in the binary; make run sets frontend/dist"`
	BlobURL         string        `env:"BLOB_URL" default:"" desc:"document and image store: file:///path or s3://bucket?region=…&endpoint=…; empty: DATA_DIR/blobs"`
	BlobAccessKey   string        `env:"BLOB_ACCESS_KEY" default:"" desc:"S3 access key (s3:// blob URLs)"`
	BlobSecretKey   string        `env:"BLOB_SECRET_KEY" default:"" desc:"S3 secret key (s3:// blob URLs); never logged"`
	ImportRetention time.Duration `env:"IMPORT_RETENTION" default:"720h" desc:"finished product imports (and their files and error reports) are deleted this long after their last change"`
	Screening       string        `env:"SCREENING" default:"lists" desc:"lists: screen parties against the current stored sanctions list versions (the shipped data until others are loaded; loaded at start); manual: compliance officers record every screening outcome"`
	ListsPoll       time.Duration `env:"LISTS_POLL" default:"10s" desc:"how often a process checks for a newly current sanctions list version (loaded with manifold lists load) and swaps it in"`
	RescreenBatch   int           `env:"RESCREEN_BATCH" default:"50" desc:"organizations or consignees a rescreen screens per transaction (its progress and resume point)"`
	RescreenPeriod  time.Duration `env:"RESCREEN_PERIOD" default:"720h" desc:"a daily periodic rescreen screens again every party whose last check is older than this, even when no list changed"`
	SMTPURL         string        `env:"SMTP_URL" default:"" desc:"mail relay: smtp://user:pass@host:587?from=Name%20<addr> (STARTTLS; tls=none for a local relay) or smtps://…; empty: the dev mailer (log and /api/v1/dev/inbox)"`
	LogLevel        string        `env:"LOG_LEVEL" default:"info" desc:"debug, info, warn or error"`
	LogFormat       string        `env:"LOG_FORMAT" default:"text" desc:"text or json"`
	SessionTTL      time.Duration `env:"SESSION_TTL" default:"12h" desc:"lifetime of a login token"`
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" default:"25s" desc:"how long shutdown waits for requests and running jobs"`
	RequestTimeout  time.Duration `env:"REQUEST_TIMEOUT" default:"20s" desc:"per-request handler timeout"`
	BodyLimit       string        `env:"BODY_LIMIT" default:"2M" desc:"largest accepted request body"`
	JobConcurrency  int           `env:"JOB_CONCURRENCY" default:"10" desc:"jobs a worker runs at once"`
	OutboxRetry     time.Duration `env:"OUTBOX_RETRY_AFTER" default:"10m" desc:"an outbox row not done this long after enqueue is enqueued again"`
	OutboxPoll      time.Duration `env:"OUTBOX_POLL" default:"1s" desc:"outbox relay polling interval"`
	LoginPerAccount int           `env:"LOGIN_LIMIT_ACCOUNT" default:"10" desc:"login attempts per account per window (a successful login resets it)"`
	LoginPerIP      int           `env:"LOGIN_LIMIT_IP" default:"50" desc:"login attempts per client IP per window"`
	LoginWindow     time.Duration `env:"LOGIN_LIMIT_WINDOW" default:"15m" desc:"login rate-limit window"`
	AuthzCacheSize  int           `env:"AUTHZ_CACHE_SIZE" default:"1024" desc:"tenant policy enforcers kept in memory"`
	SeedDemo        bool          `env:"SEED_DEMO" default:"true" desc:"dev: seed the demo marketplaces on first start"`
	TrustedProxies  string        `env:"TRUSTED_PROXIES" default:"" desc:"comma-separated CIDRs whose X-Forwarded-For is believed"`
}

// Prefix of every environment variable.
const Prefix = "MANIFOLD_"

// Load reads defaults, then the optional file named by MANIFOLD_CONFIG_FILE (KEY=VALUE
// lines), then the environment; later sources win.
func Load(getenv func(string) string) (*Config, error) {
	vals := map[string]string{}
	if path := getenv(Prefix + "CONFIG_FILE"); path != "" {
		fileVals, err := readFile(path)
		if err != nil {
			return nil, err
		}
		vals = fileVals
	}
	var c Config
	rv := reflect.ValueOf(&c).Elem()
	rt := rv.Type()
	var errs []error
	for i := range rt.NumField() {
		f := rt.Field(i)
		name := Prefix + f.Tag.Get("env")
		raw := f.Tag.Get("default")
		if v, in := vals[name]; in {
			raw = v
		}
		if v := getenv(name); v != "" {
			raw = v
		}
		if err := set(rv.Field(i), raw); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &c, nil
}

func set(v reflect.Value, raw string) error {
	switch v.Interface().(type) {
	case string:
		v.SetString(raw)
	case int:
		n, err := strconv.Atoi(raw)
		if err != nil {
			return fmt.Errorf("want an integer, got %q", raw)
		}
		v.SetInt(int64(n))
	case bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", raw)
		}
		v.SetBool(b)
	case time.Duration:
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("want a duration like 30s, got %q", raw)
		}
		v.SetInt(int64(d))
	default:
		return fmt.Errorf("unsupported type %s", v.Type())
	}
	return nil
}

func readFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("config file %s:%d: want KEY=VALUE", path, n)
		}
		out[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	return out, sc.Err()
}

// Embedded reports whether the config asks for the in-process Redis.
func (c *Config) Embedded() bool { return c.RedisURL == "" }

// Postgres reports whether the database is PostgreSQL.
func (c *Config) Postgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Validate checks every setting and reports all problems at once.
func (c *Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s%s: %s", Prefix, name, fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		bad("ADDR", "want host:port, got %q", c.Addr)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			bad("WORKER_METRICS_ADDR", "want host:port or empty, got %q", c.MetricsAddr)
		}
	}
	if !c.Postgres() && !strings.HasPrefix(c.DatabaseURL, "sqlite:") && !strings.HasPrefix(c.DatabaseURL, "file:") {
		bad("DATABASE_URL", "want postgres://… or sqlite:PATH, got %q", redact(c.DatabaseURL))
	}
	if c.RedisURL != "" && !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
		bad("REDIS_URL", "want redis://… or rediss://…")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LOG_LEVEL", "want debug, info, warn or error, got %q", c.LogLevel)
	}
	if c.Screening != "lists" && c.Screening != "manual" {
		bad("SCREENING", "want lists or manual, got %q", c.Screening)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("LOG_FORMAT", "want text or json, got %q", c.LogFormat)
	}
	for name, d := range map[string]time.Duration{
		"SESSION_TTL": c.SessionTTL, "SHUTDOWN_TIMEOUT": c.ShutdownTimeout, "REQUEST_TIMEOUT": c.RequestTimeout,
		"OUTBOX_RETRY_AFTER": c.OutboxRetry, "OUTBOX_POLL": c.OutboxPoll, "LOGIN_LIMIT_WINDOW": c.LoginWindow,
		"IMPORT_RETENTION": c.ImportRetention, "LISTS_POLL": c.ListsPoll, "RESCREEN_PERIOD": c.RescreenPeriod,
	} {
		if d <= 0 {
			bad(name, "must be positive")
		}
	}
	for name, n := range map[string]int{
		"JOB_CONCURRENCY": c.JobConcurrency, "LOGIN_LIMIT_ACCOUNT": c.LoginPerAccount,
		"LOGIN_LIMIT_IP": c.LoginPerIP, "AUTHZ_CACHE_SIZE": c.AuthzCacheSize, "RESCREEN_BATCH": c.RescreenBatch,
	} {
		if n <= 0 {
			bad(name, "must be positive")
		}
	}
	if _, err := ParseSize(c.BodyLimit); err != nil {
		bad("BODY_LIMIT", "%v", err)
	}
	if c.SMTPURL != "" {
		if _, err := mail.Parse(c.SMTPURL); err != nil {
			bad("SMTP_URL", "%v", err)
		}
	}
	for _, cidr := range c.ProxyCIDRs() {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			bad("TRUSTED_PROXIES", "%q is not a CIDR", cidr)
		}
	}
	return errors.Join(errs...)
}

// ProxyCIDRs splits TrustedProxies.
func (c *Config) ProxyCIDRs() []string {
	var out []string
	for _, s := range strings.Split(c.TrustedProxies, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ParseSize parses sizes like 512K, 2M, 1G.
func ParseSize(s string) (int64, error) {
	num, mult := s, int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, num = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, num = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, num = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("want a size like 2M, got %q", s)
	}
	return n * mult, nil
}

// passwordParam is a password given as key=value (libpq keywords, a URL query).
var passwordParam = regexp.MustCompile(`(?i)(password|passwd|pwd|pass)=[^&\s]*`)

// redact hides the credentials of a connection string echoed in an error: everything
// before the last '@' (after the scheme, if any; a password may contain '@') and
// password=… parameters.
func redact(u string) string {
	if i := strings.LastIndex(u, "@"); i >= 0 {
		start := 0
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			start = j + 3
		}
		u = u[:start] + "…" + u[i:]
	}
	return passwordParam.ReplaceAllString(u, "${1}=…")
}

// Describe lists env name, default and description of every setting, in order.
func Describe() [][3]string {
	rt := reflect.TypeOf(Config{})
	out := make([][3]string, 0, rt.NumField())
	for i := range rt.NumField() {
		f := rt.Field(i)
		out = append(out, [3]string{Prefix + f.Tag.Get("env"), f.Tag.Get("default"), f.Tag.Get("desc")})
	}
	return out
}
