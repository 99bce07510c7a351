package masterdata

import (
	"regexp"
	"strings"
)

// vatRule is the shape of the national part of a VAT number (after the prefix) and,
// where the algorithm is published and well documented, its check digits.
type vatRule struct {
	pattern *regexp.Regexp
	format  string                   // the pattern in plain words, for error messages
	pad     func(body string) string // optional: restores leading zeros people drop
	check   func(body string) bool   // nil: shape only
}

// vatRules by VAT prefix: the 27 EU member states (EL for Greece), XI for Northern
// Ireland and GB for the United Kingdom.
//
// With check digits: AT BE DE DK EE EL FI FR (numeric key) HR HU IT LU NL PL PT RO SE
// SI SK, GB and XI. Shape only: BG CY CZ ES IE LT LV MT, and FR with a letter key —
// their algorithms depend on the kind of taxpayer (person or company) or are not
// published in a form we can test against real numbers.
var vatRules = map[string]vatRule{
	"AT": {rx(`^U[0-9]{8}$`), "U and 8 digits", nil, atVAT},
	"BE": {rx(`^[01][0-9]{9}$`), "10 digits starting with 0 or 1", padZeros(10, 9), beVAT},
	"BG": {rx(`^[0-9]{9,10}$`), "9 or 10 digits", nil, nil},
	"CY": {rx(`^[0-9]{8}[A-Z]$`), "8 digits and a letter", nil, nil},
	"CZ": {rx(`^[0-9]{8,10}$`), "8 to 10 digits", nil, nil},
	"DE": {rx(`^[1-9][0-9]{8}$`), "9 digits, not starting with 0", nil, iso7064Mod1110},
	"DK": {rx(`^[1-9][0-9]{7}$`), "8 digits, not starting with 0", nil, dkVAT},
	"EE": {rx(`^10[0-9]{7}$`), "9 digits starting with 10", nil, eeVAT},
	"EL": {rx(`^[0-9]{9}$`), "9 digits", padZeros(9, 8), elVAT},
	"ES": {rx(`^([A-Z][0-9]{7}[0-9A-Z]|[0-9]{8}[A-Z])$`), "9 characters: a letter or digit, 7 digits and a letter or digit", nil, nil},
	"FI": {rx(`^[0-9]{8}$`), "8 digits", nil, fiVAT},
	"FR": {rx(`^[0-9A-HJ-NP-Z]{2}[0-9]{9}$`), "2 key characters and the 9-digit SIREN", nil, frVAT},
	"HR": {rx(`^[0-9]{11}$`), "11 digits", nil, iso7064Mod1110},
	"HU": {rx(`^[0-9]{8}$`), "8 digits", nil, huVAT},
	"IE": {rx(`^([0-9]{7}[A-W][A-IW]?|[0-9][A-Z][0-9]{5}[A-W])$`), "7 digits and 1 or 2 letters", nil, nil},
	"IT": {rx(`^[0-9]{11}$`), "11 digits", nil, itVAT},
	"LT": {rx(`^([0-9]{9}|[0-9]{12})$`), "9 or 12 digits", nil, nil},
	"LU": {rx(`^[0-9]{8}$`), "8 digits", nil, luVAT},
	"LV": {rx(`^[0-9]{11}$`), "11 digits", nil, nil},
	"MT": {rx(`^[1-9][0-9]{7}$`), "8 digits, not starting with 0", nil, nil},
	"NL": {rx(`^[0-9]{9}B[0-9]{2}$`), "9 digits, B and 2 digits", padNL, nlVAT},
	"PL": {rx(`^[0-9]{10}$`), "10 digits", nil, plVAT},
	"PT": {rx(`^[1-9][0-9]{8}$`), "9 digits, not starting with 0", nil, ptVAT},
	"RO": {rx(`^[1-9][0-9]{1,9}$`), "2 to 10 digits, not starting with 0", nil, roVAT},
	"SE": {rx(`^[0-9]{10}01$`), "12 digits ending in 01", nil, seVAT},
	"SI": {rx(`^[1-9][0-9]{7}$`), "8 digits, not starting with 0", nil, siVAT},
	"SK": {rx(`^[1-9][0-9][2-47-9][0-9]{7}$`), "10 digits", nil, skVAT},
	"XI": {rx(`^([0-9]{9}|[0-9]{12}|GD[0-4][0-9]{2}|HA[5-9][0-9]{2})$`), "9 or 12 digits, or GD or HA and 3 digits", nil, gbVAT},
	"GB": {rx(`^([0-9]{9}|[0-9]{12}|GD[0-4][0-9]{2}|HA[5-9][0-9]{2})$`), "9 or 12 digits, or GD or HA and 3 digits", nil, gbVAT},
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// padZeros left-pads an all-digit body of length short to length full.
func padZeros(full, short int) func(string) string {
	return func(b string) string {
		if len(b) == short && isDigits(b) {
			return strings.Repeat("0", full-short) + b
		}
		return b
	}
}

// padNL restores the leading zeros of "NL4495445B01".
func padNL(b string) string {
	i := strings.IndexByte(b, 'B')
	if i > 0 && i < 9 && isDigits(b[:i]) {
		return strings.Repeat("0", 9-i) + b
	}
	return b
}

func atVAT(b string) bool { // U + 7 digits + check
	sum := 0
	for i := 1; i <= 7; i++ {
		d := int(b[i] - '0')
		if i%2 == 0 { // 2nd, 4th, 6th digit: doubled, digits summed
			d = d/5 + (2*d)%10
		}
		sum += d
	}
	return (10-(sum+4)%10)%10 == int(b[8]-'0')
}

func beVAT(b string) bool { return 97-atoi(b[:8])%97 == atoi(b[8:]) }

func dkVAT(b string) bool { return weightedSum(b, 2, 7, 6, 5, 4, 3, 2, 1)%11 == 0 }

func eeVAT(b string) bool { return weightedSum(b, 3, 7, 1, 3, 7, 1, 3, 7, 1)%10 == 0 }

func elVAT(b string) bool {
	return weightedSum(b, 256, 128, 64, 32, 16, 8, 4, 2)%11%10 == int(b[8]-'0')
}

func fiVAT(b string) bool {
	r := weightedSum(b, 7, 9, 10, 5, 8, 4, 2) % 11
	if r == 1 {
		return false // the check digit would be 10
	}
	return (11-r)%11 == int(b[7]-'0')
}

// frVAT checks a numeric key: key = (12 + 3 × (SIREN mod 97)) mod 97. Letter keys
// (issued to some foreign companies) use an unpublished scheme and are shape only.
func frVAT(b string) bool {
	if !isDigits(b[:2]) {
		return true
	}
	return atoi(b[:2]) == (12+3*(atoi(b[2:])%97))%97
}

func huVAT(b string) bool { return weightedSum(b, 9, 7, 3, 1, 9, 7, 3, 1)%10 == 0 }

// itVAT: Luhn over the 11 digits; digits 8–10 are the issuing office (001–100, or
// 120, 121, 888, 999) and the first seven are not all zero.
func itVAT(b string) bool {
	office := atoi(b[7:10])
	if atoi(b[:7]) == 0 || !(office >= 1 && office <= 100 || office == 120 || office == 121 || office == 888 || office == 999) {
		return false
	}
	return luhn(b)
}

func luVAT(b string) bool { return atoi(b[:6])%89 == atoi(b[6:]) }

// nlVAT accepts the classic "omzetbelastingnummer" (mod 11 over the 9 digits) and the
// 2020 "btw-id" of sole proprietors (ISO 7064 MOD 97-10 over "NL" and the number).
func nlVAT(b string) bool {
	if b[10:] == "00" {
		return false
	}
	r := weightedSum(b, 9, 8, 7, 6, 5, 4, 3, 2) % 11
	return (r < 10 && r == int(b[8]-'0')) || mod97("NL"+b) == 1
}

func plVAT(b string) bool {
	r := weightedSum(b, 6, 5, 7, 2, 3, 4, 5, 6, 7) % 11
	return r < 10 && r == int(b[9]-'0')
}

func ptVAT(b string) bool {
	c := 11 - weightedSum(b, 9, 8, 7, 6, 5, 4, 3, 2)%11
	if c >= 10 {
		c = 0
	}
	return c == int(b[8]-'0')
}

func roVAT(b string) bool {
	p := strings.Repeat("0", 10-len(b)) + b
	return weightedSum(p, 7, 5, 3, 2, 1, 7, 5, 3, 2)*10%11%10 == int(p[9]-'0')
}

func seVAT(b string) bool { return luhn(b[:10]) }

func siVAT(b string) bool {
	c := 11 - weightedSum(b, 8, 7, 6, 5, 4, 3, 2)%11
	switch c {
	case 11:
		return false
	case 10:
		c = 0
	}
	return c == int(b[7]-'0')
}

func skVAT(b string) bool { return atoi(b)%11 == 0 }

// gbVAT checks 9- and 12-digit UK numbers (the 12-digit form adds a branch code):
// weights 8…2 over the first seven digits plus the two check digits must be a multiple
// of 97, or of 97 after adding 55 (numbers issued from 2010). GD and HA numbers have
// no check digits.
func gbVAT(b string) bool {
	if !isDigits(b) {
		return true
	}
	s := weightedSum(b, 8, 7, 6, 5, 4, 3, 2) + atoi(b[7:9])
	return s%97 == 0 || (s+55)%97 == 0
}
