package masterdata

import "testing"

func TestCheckDigitAlgorithms(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"luhn 79927398713", luhn("79927398713")},
		{"luhn rejects 79927398710", !luhn("79927398710")},
		{"iso7064 mod 11,10 DE 136695976", iso7064Mod1110("136695976")},
		{"iso7064 mod 11,10 rejects 136695977", !iso7064Mod1110("136695977")},
		{"mod97 IBAN rearranged", mod97("370400440532013000DE89") == 1},
		{"mod97 rejects punctuation", mod97("12-3") == -1},
		{"weighted sum", weightedSum("123", 3, 2, 1) == 10},
		{"atoi", atoi("0042") == 42},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("%s failed", tt.name)
		}
	}
}
