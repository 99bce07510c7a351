package pricing

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// QuantityScale is the number of decimals a Quantity carries: quantities are counted in
// thousandths of the product's unit (grams of a product sold per kg, millilitres of one
// sold per litre). Sellers say which steps are orderable with Offer.Increment, so a
// product sold by the piece has an increment of one Unit and fractions are refused.
const QuantityScale = 3

// Unit is one whole unit of the product (1 kg, 1 piece): 25 kg is 25 * Unit.
const Unit Quantity = 1000

// MaxPriceScale bounds UnitPrice.Scale: nine decimals are enough for any unit price
// (0.000000001 EUR per gram) and keep intermediate arithmetic small.
const MaxPriceScale = 9

// Quantity is an amount of a product in thousandths of its unit (UN/ECE Rec 20 code on
// the product). An integer keeps comparisons, MOQ and increment checks exact.
type Quantity int64

// String formats q as a plain decimal without trailing zeros: "25", "25.5", "0.001".
func (q Quantity) String() string {
	return formatDecimal(int64(q), QuantityScale, true)
}

// ParseQuantity reads a non-negative decimal such as "25", "25.5" or "0.125" with at
// most QuantityScale decimals. No sign, exponent, spaces or thousands separators.
func ParseQuantity(s string) (Quantity, error) {
	v, frac, err := parseDecimal(s, QuantityScale)
	if err != nil {
		return 0, fmt.Errorf("pricing: quantity %w", err)
	}
	for ; frac < QuantityScale; frac++ {
		if v > math.MaxInt64/10 {
			return 0, errors.New("pricing: quantity is too large")
		}
		v *= 10
	}
	return Quantity(v), nil
}

// UnitPrice is a price per whole unit of the product with its own precision:
// UnitPrice{Amount: 12345, Scale: 4} is 1.2345 (EUR, say) per kg. The currency is the
// price list's. Only a line total is rounded to the currency's minor units, once.
type UnitPrice struct {
	Amount int64
	Scale  uint8
}

// ParseUnitPrice reads a non-negative decimal such as "1.2345"; the scale is the number
// of decimals written (at most MaxPriceScale), so "1.50" keeps Scale 2.
func ParseUnitPrice(s string) (UnitPrice, error) {
	v, frac, err := parseDecimal(s, MaxPriceScale)
	if err != nil {
		return UnitPrice{}, fmt.Errorf("pricing: unit price %w", err)
	}
	return UnitPrice{Amount: v, Scale: uint8(frac)}, nil
}

// String formats p with exactly Scale decimals: "1.2345", "12.50", "7".
func (p UnitPrice) String() string {
	return formatDecimal(p.Amount, int(p.Scale), false)
}

// Cmp compares the values of p and o regardless of scale: -1, 0 or 1.
func (p UnitPrice) Cmp(o UnitPrice) int {
	a := new(big.Int).Mul(big.NewInt(p.Amount), pow10(int(o.Scale)))
	b := new(big.Int).Mul(big.NewInt(o.Amount), pow10(int(p.Scale)))
	return a.Cmp(b)
}

// lineTotal is amount × qty in minor units of a currency with exponent minor, rounded
// half up (half away from zero) once; ok is false when the result overflows int64.
func lineTotal(p UnitPrice, q Quantity, minor int) (int64, bool) {
	num := new(big.Int).Mul(big.NewInt(p.Amount), big.NewInt(int64(q)))
	num.Mul(num, pow10(minor))
	den := pow10(int(p.Scale) + QuantityScale)
	quo, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	rem.Abs(rem).Lsh(rem, 1)
	if rem.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			quo.Sub(quo, big.NewInt(1))
		} else {
			quo.Add(quo, big.NewInt(1))
		}
	}
	if !quo.IsInt64() {
		return 0, false
	}
	return quo.Int64(), true
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// parseDecimal returns the digits of s as an integer and the number of decimals.
func parseDecimal(s string, maxFrac int) (v int64, frac int, err error) {
	intPart, fracPart, dot := strings.Cut(s, ".")
	if intPart == "" || (dot && fracPart == "") {
		return 0, 0, fmt.Errorf("%q is not a decimal number", s)
	}
	if len(fracPart) > maxFrac {
		return 0, 0, fmt.Errorf("%q has more than %d decimals", s, maxFrac)
	}
	for _, c := range intPart + fracPart {
		if c < '0' || c > '9' {
			return 0, 0, fmt.Errorf("%q is not a decimal number", s)
		}
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, 0, fmt.Errorf("%q is too large", s)
		}
		v = v*10 + d
	}
	return v, len(fracPart), nil
}

// formatDecimal writes v / 10^scale; trim drops trailing fractional zeros.
func formatDecimal(v int64, scale int, trim bool) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	digits := fmt.Sprintf("%0*d", scale+1, u)
	ip, fp := digits[:len(digits)-scale], digits[len(digits)-scale:]
	if trim {
		fp = strings.TrimRight(fp, "0")
	}
	s := ip
	if fp != "" {
		s += "." + fp
	}
	if neg {
		s = "-" + s
	}
	return s
}
