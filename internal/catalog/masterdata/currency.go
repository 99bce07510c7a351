package masterdata

import (
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/money"
)

// ISO 4217 codes that money accepts but that are not money for a price: precious metals,
// test and "no currency" codes, IMF/ADB units of account and fund (index) codes.
var notTradeCurrencies = map[string]bool{
	"XAU": true, "XAG": true, "XPD": true, "XPT": true, // metals
	"XTS": true, "XXX": true, // testing, no currency
	"XDR": true, "XSU": true, "XUA": true, // units of account
	"XBA": true, "XBB": true, "XBC": true, "XBD": true, // bond-market units
	"BOV": true, "CHE": true, "CHW": true, "CLF": true, "COU": true, // funds
	"MXV": true, "USN": true, "UYI": true, "UYW": true,
}

// Currency validates an ISO 4217 alphabetic code ("eur" → "EUR") with
// money.ParseCurrency and refuses codes that are not trading currencies.
func Currency(s string) (string, error) {
	c := upperASCII(strings.TrimSpace(s))
	if c == "" {
		return "", invalid("currency is required")
	}
	if _, err := money.ParseCurrency(c); err != nil || !isUpperAlpha(c) {
		return "", invalid("currency must be an ISO 4217 code such as EUR or USD")
	}
	if notTradeCurrencies[c] {
		return "", invalid("currency must be a trading currency, not a metal, fund or test code")
	}
	return c, nil
}

// CurrencyMinorUnits is the minor-unit exponent of a currency (2 for EUR, 0 for JPY,
// 3 for KWD), as money uses it for amounts.
func CurrencyMinorUnits(code string) (int, error) {
	c, err := Currency(code)
	if err != nil {
		return 0, err
	}
	return money.MinorUnits(c)
}
