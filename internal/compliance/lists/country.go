package lists

import (
	"strings"
	"sync"
)

// countryTable maps every country spelling the shipped lists use to ISO 3166-1
// alpha-2. One line per code: "CODE|name|variant|...". Names are matched
// case-insensitively after trimming spaces and a trailing full stop. Variants
// come from OFAC ("Korea, North", "Burma", "Congo, Democratic Republic of the"),
// the UN ("Iran (Islamic Republic of)", "Türkiye"), the EU (upper case ISO names)
// and the UK list. TestCountries_ShippedDataAllMapped fails on any unmapped name.
const countryTable = `
AD|Andorra
AE|United Arab Emirates|UAE|U.A.E.
AF|Afghanistan
AG|Antigua and Barbuda
AI|Anguilla
AL|Albania
AM|Armenia
AO|Angola
AQ|Antarctica
AR|Argentina
AS|American Samoa
AT|Austria
AU|Australia
AW|Aruba
AX|Aland Islands|Åland Islands
AZ|Azerbaijan
BA|Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnia & Herzegovina
BB|Barbados
BD|Bangladesh
BE|Belgium
BF|Burkina Faso
BG|Bulgaria
BH|Bahrain
BI|Burundi
BJ|Benin
BL|Saint Barthelemy|Saint Barthélemy
BM|Bermuda
BN|Brunei|Brunei Darussalam
BO|Bolivia|Bolivia (Plurinational State of)|Plurinational State of Bolivia
BQ|Bonaire, Sint Eustatius and Saba|Bonaire
BR|Brazil
BS|Bahamas|Bahamas, The|The Bahamas
BT|Bhutan
BW|Botswana
BY|Belarus
BZ|Belize
CA|Canada
CC|Cocos (Keeling) Islands
CD|Congo, Democratic Republic of the|Democratic Republic of the Congo|Congo (Democratic Republic)|Congo, The Democratic Republic of the|DRC|Democratic Republic of Congo|Congo (Kinshasa)|Congo, Democratic Republic
CF|Central African Republic
CG|Congo, Republic of the|Congo|Republic of the Congo|Congo (Brazzaville)|Republic of Congo
CH|Switzerland
CI|Cote d'Ivoire|Côte d'Ivoire|Ivory Coast|Cote d Ivoire
CK|Cook Islands
CL|Chile
CM|Cameroon
CN|China|People's Republic of China|PRC|China, People's Republic of
CO|Colombia
CR|Costa Rica
CU|Cuba
CV|Cabo Verde|Cape Verde
CW|Curacao|Curaçao
CX|Christmas Island
CY|Cyprus
CZ|Czech Republic|Czechia
DE|Germany
DJ|Djibouti
DK|Denmark
DM|Dominica
DO|Dominican Republic
DZ|Algeria
EC|Ecuador
EE|Estonia
EG|Egypt
EH|Western Sahara
ER|Eritrea
ES|Spain
ET|Ethiopia
FI|Finland
FJ|Fiji
FK|Falkland Islands|Falkland Islands (Malvinas)
FM|Micronesia, Federated States of|Micronesia|Micronesia (Federated States of)
FO|Faroe Islands
FR|France
GA|Gabon
GB|United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|U.K.|Great Britain|England|Scotland|Wales|Northern Ireland
GD|Grenada
GE|Georgia
GF|French Guiana
GG|Guernsey
GH|Ghana
GI|Gibraltar
GL|Greenland
GM|Gambia|Gambia, The|The Gambia
GN|Guinea
GP|Guadeloupe
GQ|Equatorial Guinea
GR|Greece
GT|Guatemala
GU|Guam
GW|Guinea-Bissau|Guinea Bissau
GY|Guyana
HK|Hong Kong|China, Hong Kong Special Administrative Region|Hong Kong Special Administrative Region|Hong Kong SAR|Hong Kong, China
HN|Honduras
HR|Croatia
HT|Haiti
HU|Hungary
ID|Indonesia
IE|Ireland
IL|Israel
IM|Man, Isle of|Isle of Man
IN|India
IQ|Iraq
IR|Iran|Iran (Islamic Republic of)|Islamic Republic of Iran|Iran, Islamic Republic of
IS|Iceland
IT|Italy
JE|Jersey
JM|Jamaica
JO|Jordan
JP|Japan
KE|Kenya
KG|Kyrgyzstan|Kyrgyz Republic
KH|Cambodia
KI|Kiribati
KM|Comoros
KN|Saint Kitts and Nevis|St. Kitts & Nevis|Saint Kitts & Nevis|St. Kitts and Nevis
KP|Korea, North|North Korea|Democratic People's Republic of Korea|Korea, Democratic People's Republic of|DPRK|Korea (North)
KR|Korea, South|South Korea|Republic of Korea|Korea, Republic of|Korea (South)
KW|Kuwait
KY|Cayman Islands
KZ|Kazakhstan
LA|Laos|Lao People's Democratic Republic
LB|Lebanon
LC|Saint Lucia|St. Lucia
LI|Liechtenstein
LK|Sri Lanka
LR|Liberia
LS|Lesotho
LT|Lithuania
LU|Luxembourg
LV|Latvia
LY|Libya|Libyan Arab Jamahiriya
MA|Morocco
MC|Monaco
MD|Moldova|Republic of Moldova|Moldova, Republic of
ME|Montenegro
MF|Saint Martin (French part)
MG|Madagascar
MH|Marshall Islands
MK|North Macedonia|North Macedonia, The Republic of|Macedonia|Macedonia, The Former Yugoslav Republic of|Macedonia, The Republic of|The former Yugoslav Republic of Macedonia|Republic of North Macedonia
ML|Mali
MM|Burma|Myanmar
MN|Mongolia
MO|Macau|Macao
MP|Northern Mariana Islands
MQ|Martinique
MR|Mauritania
MS|Montserrat
MT|Malta
MU|Mauritius
MV|Maldives
MW|Malawi
MX|Mexico
MY|Malaysia
MZ|Mozambique
NA|Namibia
NC|New Caledonia
NE|Niger
NG|Nigeria
NI|Nicaragua
NL|Netherlands|The Netherlands|Holland
NO|Norway
NP|Nepal
NR|Nauru
NZ|New Zealand
OM|Oman
PA|Panama
PE|Peru
PF|French Polynesia
PG|Papua New Guinea
PH|Philippines
PK|Pakistan
PL|Poland
PM|Saint Pierre and Miquelon
PR|Puerto Rico
PS|Palestinian|State of Palestine|Palestine|Palestinian Territories|Palestinian Territory, Occupied|West Bank|Gaza|West Bank and Gaza|Occupied Palestinian Territory
PT|Portugal
PW|Palau
PY|Paraguay
QA|Qatar
RE|Reunion|Réunion
RO|Romania
RS|Serbia
RU|Russia|Russian Federation
RW|Rwanda
SA|Saudi Arabia
SB|Solomon Islands
SC|Seychelles
SD|Sudan
SE|Sweden
SG|Singapore
SH|Saint Helena
SI|Slovenia
SK|Slovakia|Slovak Republic
SL|Sierra Leone
SM|San Marino
SN|Senegal
SO|Somalia
SR|Suriname
SS|South Sudan
ST|Sao Tome and Principe|São Tomé and Príncipe
SV|El Salvador
SX|Sint Maarten|Sint Maarten (Dutch part)
SY|Syria|Syrian Arab Republic
SZ|Eswatini|Swaziland
TC|Turks and Caicos Islands
TD|Chad
TG|Togo
TH|Thailand
TJ|Tajikistan
TL|Timor-Leste|East Timor
TM|Turkmenistan
TN|Tunisia
TO|Tonga
TR|Turkey|Türkiye|Turkiye
TT|Trinidad and Tobago
TV|Tuvalu
TW|Taiwan|Taiwan, Province of China|Chinese Taipei
TZ|Tanzania|United Republic of Tanzania|Tanzania, United Republic of
UA|Ukraine
UG|Uganda
US|United States|United States of America|USA|U.S.A.|US|U.S.
UY|Uruguay
UZ|Uzbekistan
VA|Holy See|Vatican City|Vatican
VC|Saint Vincent and the Grenadines|St. Vincent and the Grenadines
VE|Venezuela|Venezuela (Bolivarian Republic of)|Bolivarian Republic of Venezuela
VG|Virgin Islands, British|British Virgin Islands|Islands, British Virgin
VI|Virgin Islands, U.S.|US Virgin Islands|United States Virgin Islands
VN|Vietnam|Viet Nam
VU|Vanuatu
WS|Samoa
XK|Kosovo
YE|Yemen
YT|Mayotte
ZA|South Africa
ZM|Zambia
ZW|Zimbabwe
`

// notCountries are strings that appear in country positions but denote no
// country (the EU's "UNKNOWN" with code "00", OFAC's regional qualifiers).
// They map to "" without being reported as unmapped.
var notCountries = map[string]bool{
	"unknown": true, "00": true, "none identified": true, "undetermined": true,
	// Historical or disputed designations with no single current code.
	"former soviet union": true, "netherlands antilles": true, "region: kafia kingi": true,
}

// regions are OFAC "Region: X" qualifiers naming part of a country.
var regions = map[string]string{
	"crimea": "UA", "northern mali": "ML", "gaza": "PS", "west bank": "PS",
}

var (
	countryOnce  sync.Once
	countryIndex map[string]string // normalised name -> ISO2
	iso2Valid    map[string]bool
)

func loadCountries() {
	countryIndex = make(map[string]string, 600)
	iso2Valid = make(map[string]bool, 260)
	for _, line := range strings.Split(countryTable, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fields := strings.Split(line, "|")
		code := fields[0]
		iso2Valid[code] = true
		for _, n := range fields[1:] {
			countryIndex[countryKey(n)] = code
		}
	}
}

func countryKey(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ".")
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "’", "'")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// CountryCode maps a country name or ISO2 code as the lists write it to ISO
// 3166-1 alpha-2. ok is false when the string is not known.
func CountryCode(name string) (iso2 string, ok bool) {
	countryOnce.Do(loadCountries)
	k := countryKey(name)
	if k == "" {
		return "", false
	}
	if c, found := countryIndex[k]; found {
		return c, true
	}
	if len(k) == 2 {
		up := strings.ToUpper(k)
		if iso2Valid[up] {
			return up, true
		}
	}
	// "Region: Gaza" and similar: OFAC qualifies a region within a country.
	if rest, found := strings.CutPrefix(k, "region: "); found {
		if c, found := countryIndex[rest]; found {
			return c, true
		}
		if c, found := regions[rest]; found {
			return c, true
		}
	}
	// "possibly Palestinian": hedged statements map to the country named; the
	// hedge stays visible in Country.Name.
	if rest, found := strings.CutPrefix(k, "possibly "); found {
		if c, found := countryIndex[rest]; found {
			return c, true
		}
	}
	return "", false
}

// NewCountry builds a Country from a published name or code; ISO2 is empty if
// the name is unmapped or a "not a country" marker.
func NewCountry(name string) Country {
	name = strings.TrimSpace(name)
	c, _ := CountryCode(name)
	return Country{Name: name, ISO2: c}
}

// isCountryPlaceholder reports strings in country positions that mean "none".
func isCountryPlaceholder(name string) bool {
	return notCountries[countryKey(name)]
}
