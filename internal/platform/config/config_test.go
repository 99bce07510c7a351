package config_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/config"
)

// env is a getenv over a fixed map, so tests need not touch the process environment.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func load(t *testing.T, kv ...string) *config.Config {
	t.Helper()
	c, err := config.Load(env(kv...))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// field returns the value of the Config field whose env tag is name (without prefix).
func field(t *testing.T, c *config.Config, name string) any {
	t.Helper()
	rv := reflect.ValueOf(c).Elem()
	for i := range rv.NumField() {
		if rv.Type().Field(i).Tag.Get("env") == name {
			return rv.Field(i).Interface()
		}
	}
	t.Fatalf("no field with env tag %q", name)
	return nil
}

var varRE = regexp.MustCompile(`MANIFOLD_[A-Z_]+`)

// named lists the distinct MANIFOLD_* names an error message mentions, sorted.
func named(err error) []string {
	if err == nil {
		return nil
	}
	out := varRE.FindAllString(err.Error(), -1)
	slices.Sort(out)
	return slices.Compact(out)
}

func TestLoad_DefaultsAreTheEmbeddedModeAndValid(t *testing.T) {
	c := load(t)
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	tests := []struct {
		name string
		want any
	}{
		{"ADDR", ":8080"},
		{"WORKER_METRICS_ADDR", ":9091"},
		{"DATABASE_URL", "sqlite:./var/manifold.db"},
		{"REDIS_URL", ""},
		{"DATA_DIR", "./var"},
		{"UI_DIR", ""},
		{"BLOB_URL", ""},
		{"BLOB_ACCESS_KEY", ""},
		{"BLOB_SECRET_KEY", ""},
		{"IMPORT_RETENTION", 720 * time.Hour},
		{"SCREENING", "lists"},
		{"LISTS_POLL", 10 * time.Second},
		{"RESCREEN_BATCH", 50},
		{"RESCREEN_PERIOD", 720 * time.Hour},
		{"SMTP_URL", ""},
		{"LOG_LEVEL", "info"},
		{"LOG_FORMAT", "text"},
		{"SESSION_TTL", 12 * time.Hour},
		{"SHUTDOWN_TIMEOUT", 25 * time.Second},
		{"REQUEST_TIMEOUT", 20 * time.Second},
		{"BODY_LIMIT", "2M"},
		{"JOB_CONCURRENCY", 10},
		{"OUTBOX_RETRY_AFTER", 10 * time.Minute},
		{"OUTBOX_POLL", time.Second},
		{"LOGIN_LIMIT_ACCOUNT", 10},
		{"LOGIN_LIMIT_IP", 50},
		{"LOGIN_LIMIT_WINDOW", 15 * time.Minute},
		{"AUTHZ_CACHE_SIZE", 1024},
		{"SEED_DEMO", true},
		{"TRUSTED_PROXIES", ""},
	}
	if len(tests) != len(config.Describe()) {
		t.Errorf("table covers %d settings, Config has %d", len(tests), len(config.Describe()))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := field(t, c, tt.name); got != tt.want {
				t.Errorf("default %v, want %v", got, tt.want)
			}
		})
	}
	if !c.Embedded() || c.Postgres() || len(c.ProxyCIDRs()) != 0 {
		t.Errorf("Embedded=%v Postgres=%v ProxyCIDRs=%v", c.Embedded(), c.Postgres(), c.ProxyCIDRs())
	}
}

func TestLoad_EnvironmentOverridesDefaults(t *testing.T) {
	tests := []struct {
		name, raw string
		want      any
	}{
		{"ADDR", "127.0.0.1:9000", "127.0.0.1:9000"},
		{"DATABASE_URL", "postgres://app@db:5432/manifold", "postgres://app@db:5432/manifold"},
		{"REDIS_URL", "redis://cache:6379/2", "redis://cache:6379/2"},
		{"LOG_LEVEL", "debug", "debug"},
		{"SESSION_TTL", "90m", 90 * time.Minute},
		{"OUTBOX_POLL", "250ms", 250 * time.Millisecond},
		{"JOB_CONCURRENCY", "3", 3},
		{"LOGIN_LIMIT_IP", "7", 7},
		{"SEED_DEMO", "false", false},
		{"SEED_DEMO", "0", false},
		{"BODY_LIMIT", "512K", "512K"},
		{"TRUSTED_PROXIES", "10.0.0.0/8", "10.0.0.0/8"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.raw, func(t *testing.T) {
			c := load(t, config.Prefix+tt.name, tt.raw)
			if got := field(t, c, tt.name); got != tt.want {
				t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
	c := load(t, "MANIFOLD_DATABASE_URL", "postgresql://db/m", "MANIFOLD_REDIS_URL", "rediss://cache:6380/0")
	if !c.Postgres() || c.Embedded() {
		t.Errorf("Postgres=%v Embedded=%v for postgresql:// and rediss://", c.Postgres(), c.Embedded())
	}
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "manifold.env")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad_ConfigFile(t *testing.T) {
	path := writeFile(t, `# Manifold settings
   # an indented comment

MANIFOLD_LOG_FORMAT="json"
 MANIFOLD_ADDR = 127.0.0.1:9000
MANIFOLD_DATABASE_URL=postgres://app@db/manifold?sslmode=disable
MANIFOLD_REDIS_URL="redis://:pa#ss@cache:6379/0"
MANIFOLD_JOB_CONCURRENCY=4
MANIFOLD_LOG_LEVEL=warn
MANIFOLD_SESSION_TTL=1h
`)
	c := load(t, "MANIFOLD_CONFIG_FILE", path, "MANIFOLD_LOG_LEVEL", "error", "MANIFOLD_SESSION_TTL", "2h")
	tests := []struct {
		name string
		want any
	}{
		{"LOG_FORMAT", "json"},     // quotes stripped
		{"ADDR", "127.0.0.1:9000"}, // spaces around key, = and value trimmed
		{"DATABASE_URL", "postgres://app@db/manifold?sslmode=disable"}, // split at the first =
		{"REDIS_URL", "redis://:pa#ss@cache:6379/0"},                   // # inside a value is not a comment
		{"JOB_CONCURRENCY", 4},
		{"LOG_LEVEL", "error"},                // the environment wins over the file
		{"SESSION_TTL", 2 * time.Hour},        // for every type
		{"REQUEST_TIMEOUT", 20 * time.Second}, // neither: the default
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := field(t, c, tt.name); got != tt.want {
				t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestLoad_ConfigFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		wants []string
	}{
		{"missing file", filepath.Join(t.TempDir(), "nope.env"), []string{"config file", "nope.env"}},
		{"line without =", writeFile(t, "# ok\nMANIFOLD_ADDR=:1\nMANIFOLD_LOG_LEVEL debug\n"), []string{"manifold.env:3", "KEY=VALUE"}},
		{"bad value in file", writeFile(t, "MANIFOLD_JOB_CONCURRENCY=lots\n"), []string{"MANIFOLD_JOB_CONCURRENCY", `"lots"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(env("MANIFOLD_CONFIG_FILE", tt.path))
			if err == nil {
				t.Fatalf("Load = %+v, want an error", c)
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoad_BadValuesAreReportedTogether(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want []string
	}{
		{"int", []string{"MANIFOLD_JOB_CONCURRENCY", "ten"}, []string{"MANIFOLD_JOB_CONCURRENCY"}},
		{"int with unit", []string{"MANIFOLD_AUTHZ_CACHE_SIZE", "1k"}, []string{"MANIFOLD_AUTHZ_CACHE_SIZE"}},
		{"bool", []string{"MANIFOLD_SEED_DEMO", "maybe"}, []string{"MANIFOLD_SEED_DEMO"}},
		{"duration without unit", []string{"MANIFOLD_SESSION_TTL", "12"}, []string{"MANIFOLD_SESSION_TTL"}},
		{"duration", []string{"MANIFOLD_OUTBOX_POLL", "soon"}, []string{"MANIFOLD_OUTBOX_POLL"}},
		{"all at once", []string{
			"MANIFOLD_JOB_CONCURRENCY", "ten", "MANIFOLD_SEED_DEMO", "maybe",
			"MANIFOLD_SESSION_TTL", "12", "MANIFOLD_LOGIN_LIMIT_IP", "1.5",
		}, []string{"MANIFOLD_JOB_CONCURRENCY", "MANIFOLD_LOGIN_LIMIT_IP", "MANIFOLD_SEED_DEMO", "MANIFOLD_SESSION_TTL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(env(tt.env...))
			if err == nil {
				t.Fatalf("Load = %+v, want an error", c)
			}
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if got := named(err); !slices.Equal(got, want) {
				t.Errorf("error names %v, want %v:\n%v", got, want, err)
			}
			for i := 1; i < len(tt.env); i += 2 {
				if !strings.Contains(err.Error(), `"`+tt.env[i]+`"`) {
					t.Errorf("error does not quote the bad value %q:\n%v", tt.env[i], err)
				}
			}
		})
	}
}

func TestValidate_NamesEachBadSetting(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *config.Config)
		want   string // variable named; "" means valid
	}{
		{"addr without port", func(c *config.Config) { c.Addr = "8080" }, "ADDR"},
		{"addr empty", func(c *config.Config) { c.Addr = "" }, "ADDR"},
		{"addr host and port", func(c *config.Config) { c.Addr = "0.0.0.0:80" }, ""},
		{"database mysql", func(c *config.Config) { c.DatabaseURL = "mysql://db/x" }, "DATABASE_URL"},
		{"database empty", func(c *config.Config) { c.DatabaseURL = "" }, "DATABASE_URL"},
		{"database bare path", func(c *config.Config) { c.DatabaseURL = "./var/m.db" }, "DATABASE_URL"},
		{"database postgresql", func(c *config.Config) { c.DatabaseURL = "postgresql://db/x" }, ""},
		{"database file:", func(c *config.Config) { c.DatabaseURL = "file:m.db" }, ""},
		{"redis host:port", func(c *config.Config) { c.RedisURL = "localhost:6379" }, "REDIS_URL"},
		{"redis http", func(c *config.Config) { c.RedisURL = "http://cache" }, "REDIS_URL"},
		{"redis tls", func(c *config.Config) { c.RedisURL = "rediss://cache:6380/1" }, ""},
		{"log level", func(c *config.Config) { c.LogLevel = "loud" }, "LOG_LEVEL"},
		{"log level empty", func(c *config.Config) { c.LogLevel = "" }, "LOG_LEVEL"},
		{"log level warn", func(c *config.Config) { c.LogLevel = "warn" }, ""},
		{"log format", func(c *config.Config) { c.LogFormat = "xml" }, "LOG_FORMAT"},
		{"session ttl zero", func(c *config.Config) { c.SessionTTL = 0 }, "SESSION_TTL"},
		{"shutdown negative", func(c *config.Config) { c.ShutdownTimeout = -time.Second }, "SHUTDOWN_TIMEOUT"},
		{"request timeout zero", func(c *config.Config) { c.RequestTimeout = 0 }, "REQUEST_TIMEOUT"},
		{"outbox retry zero", func(c *config.Config) { c.OutboxRetry = 0 }, "OUTBOX_RETRY_AFTER"},
		{"outbox poll negative", func(c *config.Config) { c.OutboxPoll = -1 }, "OUTBOX_POLL"},
		{"login window zero", func(c *config.Config) { c.LoginWindow = 0 }, "LOGIN_LIMIT_WINDOW"},
		{"job concurrency zero", func(c *config.Config) { c.JobConcurrency = 0 }, "JOB_CONCURRENCY"},
		{"lists poll zero", func(c *config.Config) { c.ListsPoll = 0 }, "LISTS_POLL"},
		{"rescreen batch zero", func(c *config.Config) { c.RescreenBatch = 0 }, "RESCREEN_BATCH"},
		{"rescreen period zero", func(c *config.Config) { c.RescreenPeriod = 0 }, "RESCREEN_PERIOD"},
		{"login account negative", func(c *config.Config) { c.LoginPerAccount = -1 }, "LOGIN_LIMIT_ACCOUNT"},
		{"login ip zero", func(c *config.Config) { c.LoginPerIP = 0 }, "LOGIN_LIMIT_IP"},
		{"authz cache zero", func(c *config.Config) { c.AuthzCacheSize = 0 }, "AUTHZ_CACHE_SIZE"},
		{"body limit unit", func(c *config.Config) { c.BodyLimit = "2MB" }, "BODY_LIMIT"},
		{"body limit zero", func(c *config.Config) { c.BodyLimit = "0" }, "BODY_LIMIT"},
		{"proxies not a cidr", func(c *config.Config) { c.TrustedProxies = "10.0.0.0/8, nonsense" }, "TRUSTED_PROXIES"},
		{"proxies bare ip", func(c *config.Config) { c.TrustedProxies = "10.0.0.1" }, "TRUSTED_PROXIES"},
		{"proxies list", func(c *config.Config) { c.TrustedProxies = " 10.0.0.0/8 ,, fd00::/8 " }, ""},
		{"screening mode", func(c *config.Config) { c.Screening = "auto" }, "SCREENING"},
		{"smtp relay", func(c *config.Config) { c.SMTPURL = "smtp://u:p@relay.example:587?from=noreply@m.example" }, ""},
		{"smtp without sender", func(c *config.Config) { c.SMTPURL = "smtp://relay.example" }, "SMTP_URL"},
		{"smtp password in clear", func(c *config.Config) { c.SMTPURL = "smtp://u:p@relay.example?from=a@b.example&tls=none" }, "SMTP_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t)
			tt.mutate(c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if got := named(err); !slices.Equal(got, []string{config.Prefix + tt.want}) {
				t.Errorf("Validate names %v, want [%s%s]: %v", got, config.Prefix, tt.want, err)
			}
		})
	}
	t.Run("all at once", func(t *testing.T) {
		c := load(t)
		var want []string
		for _, tt := range tests {
			if tt.want != "" {
				tt.mutate(c)
				want = append(want, config.Prefix+tt.want)
			}
		}
		// Later mutations of one field replace earlier ones; each field stays bad.
		slices.Sort(want)
		want = slices.Compact(want)
		err := c.Validate()
		if got := named(err); !slices.Equal(got, want) {
			t.Errorf("Validate names %v,\nwant %v", got, want)
		}
		if lines := strings.Count(err.Error(), "\n") + 1; lines != len(want) {
			t.Errorf("%d lines for %d bad settings:\n%v", lines, len(want), err)
		}
	})
	t.Run("proxy CIDRs are split and trimmed", func(t *testing.T) {
		c := load(t, "MANIFOLD_TRUSTED_PROXIES", " 10.0.0.0/8 ,, fd00::/8 ")
		if got := c.ProxyCIDRs(); !slices.Equal(got, []string{"10.0.0.0/8", "fd00::/8"}) {
			t.Errorf("ProxyCIDRs = %q", got)
		}
	})
}

func TestValidate_NeverEchoesADatabasePassword(t *testing.T) {
	tests := []struct {
		name, url string
	}{
		{"wrong scheme", "mysql://manifold:s3cr3t-pw@db:3306/manifold"},
		{"with query", "mysql://manifold:s3cr3t-pw@db/manifold?tls=true"},
		{"@ in password", "mysql://manifold:s3cr3t@pw@db/manifold"},
		{"scheme typo", "postgres:/manifold:s3cr3t-pw@db/manifold"},
		{"no scheme", "manifold:s3cr3t-pw@db:5432/manifold"},
		{"libpq keywords", "host=db user=manifold password=s3cr3t-pw dbname=manifold"},
		{"password parameter", "mysql://db/manifold?user=manifold&password=s3cr3t-pw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t, "MANIFOLD_DATABASE_URL", tt.url)
			err := c.Validate()
			if got := named(err); !slices.Equal(got, []string{"MANIFOLD_DATABASE_URL"}) {
				t.Fatalf("Validate names %v, want MANIFOLD_DATABASE_URL: %v", got, err)
			}
			for _, secret := range []string{"s3cr3t", "pw@", "-pw"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("message echoes the password (%q): %v", secret, err)
				}
			}
		})
	}
	t.Run("redis url", func(t *testing.T) {
		c := load(t, "MANIFOLD_REDIS_URL", "http://:s3cr3t-pw@cache:6379")
		if err := c.Validate(); err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("Validate = %v, want an error without the password", err)
		}
	})
	t.Run("host stays for diagnosis", func(t *testing.T) {
		c := load(t, "MANIFOLD_DATABASE_URL", "mysql://manifold:s3cr3t-pw@db.internal:3306/manifold")
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "db.internal:3306/manifold") {
			t.Errorf("Validate = %v, want the host and database kept", err)
		}
	})
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"1", 1, false},
		{"100", 100, false},
		{"512K", 512 << 10, false},
		{"2M", 2 << 20, false},
		{"1G", 1 << 30, false},
		{"8G", 8 << 30, false},
		{"", 0, true},
		{"0", 0, true},
		{"0M", 0, true},
		{"-1", 0, true},
		{"-2M", 0, true},
		{"M", 0, true},
		{"2MB", 0, true},
		{"1.5M", 0, true},
		{"2T", 0, true},
		{"two", 0, true},
		{"9223372036854775807", 9223372036854775807, false},
		{"9999999999G", 0, true}, // overflows int64
		{"8589934592G", 0, true}, // 2^33 GiB = 2^63 bytes: one past the largest int64
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := config.ParseSize(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseSize(%q) = %d, want an error", tt.in, got)
				}
				if !strings.Contains(err.Error(), `"`+tt.in+`"`) {
					t.Errorf("error %q does not quote the input %q", err, tt.in)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDescribe_ListsEverySetting(t *testing.T) {
	rows := config.Describe()
	rt := reflect.TypeOf(config.Config{})
	if len(rows) != rt.NumField() {
		t.Fatalf("Describe lists %d settings, Config has %d fields", len(rows), rt.NumField())
	}
	seen := map[string]bool{}
	defaults := load(t)
	for i, row := range rows {
		name, def, desc := row[0], row[1], row[2]
		if !strings.HasPrefix(name, config.Prefix) || name == config.Prefix {
			t.Errorf("row %d: name %q lacks the %s prefix", i, name, config.Prefix)
		}
		if want := config.Prefix + rt.Field(i).Tag.Get("env"); name != want {
			t.Errorf("row %d: %q, want %q (field order)", i, name, want)
		}
		if seen[name] {
			t.Errorf("%s listed twice", name)
		}
		seen[name] = true
		if strings.TrimSpace(desc) == "" {
			t.Errorf("%s has no description", name)
		}
		// The documented default is what Load gives when nothing is set.
		c := load(t, name, def)
		if def != "" && !reflect.DeepEqual(c, defaults) {
			t.Errorf("%s: setting the documented default %q changes the config", name, def)
		}
	}
}
