package masterdata

// Check-digit algorithms shared by IBAN, LEI and VAT numbers. Inputs are canonical:
// upper-case ASCII letters and digits only.

// mod97 is the ISO 7064 MOD 97-10 remainder of s with letters read as 10 (A) to 35 (Z).
// A valid IBAN (after moving the first four characters to the end) and a valid LEI
// give 1.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case 'A' <= c && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97
		default:
			return -1
		}
	}
	return r
}

// iso7064Mod1110 checks the last digit of a digit string with ISO 7064 MOD 11,10
// (German USt-IdNr, Croatian OIB).
func iso7064Mod1110(digits string) bool {
	p := 10
	for i := 0; i < len(digits)-1; i++ {
		s := (int(digits[i]-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	check := (11 - p) % 10
	return check == int(digits[len(digits)-1]-'0')
}

// luhn checks a digit string whose last digit is a Luhn check digit.
func luhn(digits string) bool {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// weightedSum multiplies the leading digits by the weights and adds the products.
func weightedSum(digits string, weights ...int) int {
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	return sum
}

func atoi(digits string) int {
	n := 0
	for i := 0; i < len(digits); i++ {
		n = n*10 + int(digits[i]-'0')
	}
	return n
}
