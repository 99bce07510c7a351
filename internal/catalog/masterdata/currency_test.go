package masterdata

import "testing"

func TestCurrency(t *testing.T) {
	runCodeCases(t, Currency, []codeCase{
		{name: "euro", in: "EUR", want: "EUR"},
		{name: "lower", in: "usd", want: "USD"},
		{name: "padded", in: " jpy ", want: "JPY"},
		{name: "three decimals", in: "KWD", want: "KWD"},
		{name: "CFA franc", in: "XOF", want: "XOF"},
		{name: "empty", in: "", wantErr: "currency is required"},
		{name: "two letters", in: "EU", wantErr: "ISO 4217"},
		{name: "four letters", in: "EURO", wantErr: "ISO 4217"},
		{name: "unknown", in: "ZZZ", wantErr: "ISO 4217"},
		{name: "symbol", in: "€", wantErr: "ISO 4217"},
		{name: "gold", in: "XAU", wantErr: "trading currency"},
		{name: "test code", in: "XTS", wantErr: "trading currency"},
		{name: "no currency", in: "XXX", wantErr: "trading currency"},
		{name: "SDR", in: "xdr", wantErr: "trading currency"},
		{name: "Chilean UF fund code", in: "CLF", wantErr: "trading currency"},
	})
}

func TestCurrencyMinorUnits(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{"EUR", 2}, {"usd", 2}, {"JPY", 0}, {"KWD", 3}, {"BHD", 3},
	}
	for _, tt := range tests {
		got, err := CurrencyMinorUnits(tt.code)
		if err != nil || got != tt.want {
			t.Errorf("CurrencyMinorUnits(%q) = %d, %v; want %d", tt.code, got, err, tt.want)
		}
	}
	if _, err := CurrencyMinorUnits("XAU"); err == nil {
		t.Error("CurrencyMinorUnits(XAU) accepted a metal")
	}
}
