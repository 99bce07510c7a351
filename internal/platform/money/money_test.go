package money

import (
	"errors"
	"math"
	"testing"
)

func TestNew_RejectsUnknownCurrency(t *testing.T) {
	for _, c := range []string{"", "EU", "EURO", "XYZ1", "ZZZ"} {
		if _, err := New(1, c); err == nil {
			t.Errorf("New(1, %q) accepted", c)
		}
	}
	if m, err := New(100, "eur"); err != nil || m.Currency != "EUR" {
		t.Fatalf("New(100, eur) = %v, %v", m, err)
	}
}

func TestArithmetic_RefusesMixedCurrencies(t *testing.T) {
	eur, usd := Money{100, "EUR"}, Money{100, "USD"}
	if _, err := eur.Add(usd); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("Add: %v", err)
	}
	if _, err := eur.Sub(usd); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("Sub: %v", err)
	}
	if _, err := eur.Cmp(usd); !errors.Is(err, ErrCurrencyMismatch) {
		t.Fatalf("Cmp: %v", err)
	}
}

func TestArithmetic(t *testing.T) {
	tests := []struct {
		name string
		got  func() (Money, error)
		want Money
		err  error
	}{
		{"add", func() (Money, error) { return Money{150, "EUR"}.Add(Money{250, "EUR"}) }, Money{400, "EUR"}, nil},
		{"sub negative", func() (Money, error) { return Money{150, "EUR"}.Sub(Money{250, "EUR"}) }, Money{-100, "EUR"}, nil},
		{"mul", func() (Money, error) { return Money{1999, "USD"}.Mul(3) }, Money{5997, "USD"}, nil},
		{"mul zero", func() (Money, error) { return Money{1999, "USD"}.Mul(0) }, Money{0, "USD"}, nil},
		{"add overflow", func() (Money, error) { return Money{math.MaxInt64, "EUR"}.Add(Money{1, "EUR"}) }, Money{}, ErrOverflow},
		{"sub overflow", func() (Money, error) { return Money{math.MinInt64, "EUR"}.Sub(Money{1, "EUR"}) }, Money{}, ErrOverflow},
		{"mul overflow", func() (Money, error) { return Money{math.MaxInt64 / 2, "EUR"}.Mul(3) }, Money{}, ErrOverflow},
		{"commission rounds half up", func() (Money, error) { return Money{1050, "EUR"}.BasisPoints(500) }, Money{53, "EUR"}, nil},
		{"commission rounds down", func() (Money, error) { return Money{1049, "EUR"}.BasisPoints(500) }, Money{52, "EUR"}, nil},
		{"commission negative", func() (Money, error) { return Money{-1050, "EUR"}.BasisPoints(500) }, Money{-53, "EUR"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestString_UsesCurrencyExponent(t *testing.T) {
	tests := []struct {
		m    Money
		want string
	}{
		{Money{123456, "EUR"}, "1234.56 EUR"},
		{Money{-5, "EUR"}, "-0.05 EUR"},
		{Money{1500, "JPY"}, "1500 JPY"},
		{Money{1500, "KWD"}, "1.500 KWD"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.m, got, tt.want)
		}
	}
}
