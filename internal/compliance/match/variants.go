package match

import "strings"

// variantGroups lists common spelling variants of the same name element.
// Every member folds to the group's first spelling.
var variantGroups = [][]string{
	{"muhammad", "mohammed", "mohammad", "mohamed", "muhammed", "mohamad", "muhamad", "mohammod", "mohamud", "muhamed", "mouhamed", "mohummed", "mehmet", "mehmed", "mohd", "md", "mohamedou"},
	{"ahmad", "ahmed", "ahmet", "akhmed", "akhmad"},
	{"bin", "ibn", "ben", "bn", "bint", "binti"},
	{"abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdoul"},
	{"al", "el", "ul", "al", "il"},
	{"abu", "abou", "abo"},
	{"yusuf", "yousef", "yousuf", "yousif", "yusef", "youssef", "yossef", "yosef", "jusuf", "yusif", "yussuf"},
	{"husayn", "hussein", "husein", "hussain", "husain", "hossein", "hosein", "huseyin", "hussien", "houssein"},
	{"hasan", "hassan", "hasen", "hassen"},
	{"abdullah", "abdallah", "abdulla", "abdalla", "abdollah", "abdoullah", "abdoulah"},
	{"usama", "osama", "oussama", "ousama"},
	{"umar", "omar", "omer", "oumar"},
	{"said", "saeed", "sayed", "saied", "saeid", "saaid"},
	{"khalid", "khaled", "halid", "haled"},
	{"mahmud", "mahmoud", "mahmood", "mehmood"},
	{"mustafa", "mostafa", "moustafa", "mustapha", "mostapha"},
	{"ibrahim", "ebrahim", "ibraheem", "brahim", "ibragim"},
	{"yasin", "yassin", "yaseen", "yassine"},
	{"ali", "aly"},
	{"abbas", "abas"},
	{"jafar", "jaafar", "jafer", "dzhafar"},
	{"muhsin", "mohsen", "mohsin", "muhsen"},
	{"hamid", "hamed", "hameed"},
	{"rahman", "rehman", "rahmon"},
	{"nasir", "nasser", "naser", "nassir", "nasr"},
	{"qasim", "kasim", "qassem", "qasem", "kassem", "kasem"},
	{"aziz", "azeez"},
	{"salih", "saleh", "salah"},
	{"faisal", "faysal", "feisal"},
	{"suleiman", "sulaiman", "sulayman", "soleiman", "suleyman", "slimane"},
	{"ismail", "ismael", "esmail", "ismoil"},
	{"yaqub", "yakub", "yacoub", "yakoub", "yaqoob"},
	{"musa", "mousa", "moussa"},
	{"isa", "issa", "eisa"},
	{"zakaria", "zakariya", "zakariyya", "zakariah"},
	{"alexander", "aleksandr", "alexandr", "oleksandr", "aleksander", "alexandre"},
	{"alexei", "aleksei", "aleksey", "alexey", "oleksiy", "oleksii"},
	{"sergei", "sergey", "serhiy", "serhii", "sergiy"},
	{"yuri", "yury", "yuriy", "iurii", "yurii", "jurij", "yurij"},
	{"dmitri", "dmitry", "dmitriy", "dmytro", "dimitri", "dimitry"},
	{"andrei", "andrey", "andriy", "andrii"},
	{"nikolai", "nikolay", "mykola"},
	{"mikhail", "michail", "mykhailo", "mikhael"},
	{"evgeny", "evgeni", "evgenii", "yevgeny", "yevgeniy", "yevhen", "evgeniy", "ievgen"},
	{"vladimir", "volodymyr", "uladzimir"},
	{"georgi", "georgiy", "georgy", "heorhiy"},
	{"pavel", "pavlo", "paul"},
	{"petr", "pyotr", "petro", "peter"},
	{"grigori", "grigory", "grigoriy", "hryhoriy"},
	{"viktor", "victor"},
	{"konstantin", "kostiantyn", "konstantyn", "constantin"},
	{"natalia", "natalya", "nataliya"},
	{"yulia", "yuliya", "julia", "iuliia"},
	{"tatiana", "tatyana", "tetiana"},
	{"olga", "olha"},
	{"elena", "yelena", "olena", "jelena"},
	{"ivan", "ioann"},
}

var variantOf = func() map[string]string {
	m := map[string]string{}
	for _, g := range variantGroups {
		for _, s := range g {
			if _, ok := m[s]; !ok {
				m[s] = g[0]
			}
		}
	}
	return m
}()

// foldRules collapse transliteration variants (BGN/PCGN vs ISO 9 vs German
// and French renderings, Arabic romanisations). Applied in order.
var foldRules = strings.NewReplacer(
	"shch", "sh", "sch", "sh", "tch", "ch", "dzh", "j", "zh", "j", "dj", "j", "kh", "h", "ck", "k", "ph", "f",
	"tz", "c", "ts", "c", "x", "ks", "q", "k", "w", "v", "ou", "u", "th", "t", "dh", "d", "gh", "g", "y", "i",
)

// Fold returns the match key of a normalised token: a known variant's
// canonical spelling, else the token with transliteration variants collapsed
// (kh/h, zh/j, y/i, w/v, ou/u, doubled letters, a final h after a vowel).
func Fold(s string) string {
	if v, ok := variantOf[s]; ok {
		return v
	}
	if isDigits(s) || len(s) <= 2 {
		return s
	}
	f := foldRules.Replace(s)
	b := make([]byte, 0, len(f))
	for i := 0; i < len(f); i++ {
		c := f[i]
		if len(b) > 0 && b[len(b)-1] == c {
			continue // doubled letter
		}
		b = append(b, c)
	}
	if n := len(b); n > 3 && b[n-1] == 'h' && isVowel(b[n-2]) {
		b = b[:n-1]
	}
	if len(b) > 3 && b[0] == 'i' && b[1] == 'e' {
		b = b[1:] // Yevgeny / Evgeny
	}
	if v, ok := variantOf[string(b)]; ok {
		return v
	}
	return string(b)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// Skeleton is the consonant skeleton of a folded token, used to compare
// tokens transliterated from Arabic script (which writes no short vowels)
// with romanised spellings: vowels and the semi-vowels w/y dropped, doubled
// consonants collapsed, q = k.
func Skeleton(fold string) string {
	b := make([]byte, 0, len(fold))
	for i := 0; i < len(fold); i++ {
		c := fold[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'w', 'v':
			continue
		case 'q':
			c = 'k'
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
