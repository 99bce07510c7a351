package pricing

import (
	"math"
	"testing"
)

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in   string
		want Quantity
		ok   bool
	}{
		{"25", kg(25), true},
		{"25.5", 25500, true},
		{"0.001", 1, true},
		{"007.250", 7250, true},
		{"0", 0, true},
		{"9223372036854775.807", math.MaxInt64, true},
		{"9223372036854775.808", 0, false},
		{"9223372036854776", 0, false},
		{"0.0001", 0, false},
		{"", 0, false},
		{".5", 0, false},
		{"5.", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"1e3", 0, false},
		{"1,5", 0, false},
		{" 1", 0, false},
		{"1.2.3", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseQuantity(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseQuantity(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseUnitPrice(t *testing.T) {
	tests := []struct {
		in   string
		want UnitPrice
		ok   bool
	}{
		{"1.2345", up(12345, 4), true},
		{"1.50", up(150, 2), true},
		{"7", up(7, 0), true},
		{"0.000000001", up(1, 9), true},
		{"0.0000000001", UnitPrice{}, false},
		{"9223372036854775807", up(math.MaxInt64, 0), true},
		{"9223372036854775808", UnitPrice{}, false},
		{"-1", UnitPrice{}, false},
		{"", UnitPrice{}, false},
	}
	for _, tt := range tests {
		got, err := ParseUnitPrice(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseUnitPrice(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestDecimalStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{kg(25).String(), "25"},
		{Quantity(25500).String(), "25.5"},
		{Quantity(1).String(), "0.001"},
		{Quantity(0).String(), "0"},
		{Quantity(-1500).String(), "-1.5"},
		{Quantity(math.MinInt64).String(), "-9223372036854775.808"},
		{up(12345, 4).String(), "1.2345"},
		{up(150, 2).String(), "1.50"},
		{up(7, 0).String(), "7"},
		{up(5, 3).String(), "0.005"},
		{up(-5, 1).String(), "-0.5"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestUnitPriceCmp_IgnoresScale(t *testing.T) {
	tests := []struct {
		a, b UnitPrice
		want int
	}{
		{up(150, 2), up(1500, 3), 0},
		{up(12345, 4), up(123, 2), 1},
		{up(1, 9), up(0, 0), 1},
		{up(math.MaxInt64, 0), up(math.MaxInt64, 1), 1},
		{up(-1, 0), up(0, 9), -1},
	}
	for _, tt := range tests {
		if got := tt.a.Cmp(tt.b); got != tt.want {
			t.Errorf("%v.Cmp(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.b.Cmp(tt.a); got != -tt.want {
			t.Errorf("%v.Cmp(%v) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestLineTotal_RoundsHalfUpOnce(t *testing.T) {
	tests := []struct {
		name  string
		p     UnitPrice
		q     Quantity
		minor int
		want  int64
	}{
		{"just below half", up(4999, 3), Unit, 2, 500},   // 4.999 → 5.00 (499.9 cents)
		{"exactly half", up(5, 3), Unit, 2, 1},           // 0.005 → 0.01
		{"half on an even digit", up(25, 3), Unit, 2, 3}, // 0.025 → 0.03 (half-even would say 0.02)
		{"below half", up(4, 3), Unit, 2, 0},
		{"grams", up(1, 2), 1, 2, 0},                             // 1 g at 0.01/kg = 0.00001
		{"rounds the line, not the unit", up(1, 3), kg(5), 2, 1}, // 0.001 × 5 = 0.005 → 0.01, not 5 × 0.00
		{"JPY", up(5, 1), Unit, 0, 1},
		{"KWD", up(5, 4), Unit, 3, 1},
		{"negative rounds away from zero", up(-5, 3), Unit, 2, -1},
	}
	for _, tt := range tests {
		got, ok := lineTotal(tt.p, tt.q, tt.minor)
		if !ok || got != tt.want {
			t.Errorf("%s: lineTotal(%v, %v, %d) = %d, %v; want %d", tt.name, tt.p, tt.q, tt.minor, got, ok, tt.want)
		}
	}
	if _, ok := lineTotal(up(math.MaxInt64, 0), Quantity(math.MaxInt64), 3); ok {
		t.Error("overflow not reported")
	}
}
