// Package money represents amounts as int64 minor units of one ISO 4217 currency and
// refuses arithmetic across currencies.
package money

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"golang.org/x/text/currency"
)

// ErrCurrencyMismatch is returned when two amounts of different currencies meet.
var ErrCurrencyMismatch = errors.New("money: currency mismatch")

// ErrOverflow is returned when a result does not fit in int64 minor units.
var ErrOverflow = errors.New("money: overflow")

// Money is an amount in minor units (cents for EUR, yen for JPY) of Currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// New returns amount minor units of the ISO 4217 code cur.
func New(amount int64, cur string) (Money, error) {
	if _, err := ParseCurrency(cur); err != nil {
		return Money{}, err
	}
	return Money{Amount: amount, Currency: strings.ToUpper(cur)}, nil
}

// ParseCurrency validates an ISO 4217 alphabetic code.
func ParseCurrency(code string) (currency.Unit, error) {
	if len(code) != 3 {
		return currency.Unit{}, fmt.Errorf("money: %q is not an ISO 4217 code", code)
	}
	u, err := currency.ParseISO(code)
	if err != nil {
		return currency.Unit{}, fmt.Errorf("money: %q is not an ISO 4217 code", code)
	}
	return u, nil
}

// MinorUnits is the exponent of the currency (2 for EUR, 0 for JPY, 3 for KWD).
func MinorUnits(code string) (int, error) {
	u, err := ParseCurrency(code)
	if err != nil {
		return 0, err
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale, nil
}

func (m Money) same(o Money) error {
	if m.Currency != o.Currency {
		return fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	return nil
}

// Add returns m+o.
func (m Money) Add(o Money) (Money, error) {
	if err := m.same(o); err != nil {
		return Money{}, err
	}
	s := m.Amount + o.Amount
	if (s > m.Amount) != (o.Amount > 0) {
		return Money{}, ErrOverflow
	}
	return Money{Amount: s, Currency: m.Currency}, nil
}

// Sub returns m-o.
func (m Money) Sub(o Money) (Money, error) {
	if o.Amount == math.MinInt64 {
		return Money{}, ErrOverflow
	}
	return m.Add(Money{Amount: -o.Amount, Currency: o.Currency})
}

// Mul returns m×n (a quantity).
func (m Money) Mul(n int64) (Money, error) {
	if m.Amount != 0 && n != 0 {
		p := m.Amount * n
		if p/n != m.Amount || (m.Amount == -1 && n == math.MinInt64) || (n == -1 && m.Amount == math.MinInt64) {
			return Money{}, ErrOverflow
		}
		return Money{Amount: p, Currency: m.Currency}, nil
	}
	return Money{Amount: 0, Currency: m.Currency}, nil
}

// BasisPoints returns m × bps / 10000, rounded half away from zero (commission).
func (m Money) BasisPoints(bps int64) (Money, error) {
	p, err := m.Mul(bps)
	if err != nil {
		return Money{}, err
	}
	q, r := p.Amount/10000, p.Amount%10000
	if r >= 5000 {
		q++
	} else if r <= -5000 {
		q--
	}
	return Money{Amount: q, Currency: m.Currency}, nil
}

// Cmp compares m and o: -1, 0 or 1.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.same(o); err != nil {
		return 0, err
	}
	switch {
	case m.Amount < o.Amount:
		return -1, nil
	case m.Amount > o.Amount:
		return 1, nil
	}
	return 0, nil
}

// IsZero reports a zero amount.
func (m Money) IsZero() bool { return m.Amount == 0 }

// String formats as "12.34 EUR" using the currency's exponent.
func (m Money) String() string {
	exp, err := MinorUnits(m.Currency)
	if err != nil || exp == 0 {
		return fmt.Sprintf("%d %s", m.Amount, m.Currency)
	}
	sign, a := "", m.Amount
	if a < 0 {
		sign = "-"
	}
	ua := uint64(a)
	if a < 0 {
		ua = uint64(-(a + 1)) + 1
	}
	pow := uint64(math.Pow10(exp))
	return fmt.Sprintf("%s%d.%0*d %s", sign, ua/pow, exp, ua%pow, m.Currency)
}
