package masterdata

// euMembers are the 27 member states of the European Union by ISO 3166-1 code.
var euMembers = map[string]bool{
	"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "ES": true, "FI": true, "FR": true, "GR": true, "HR": true, "HU": true,
	"IE": true, "IT": true, "LT": true, "LU": true, "LV": true, "MT": true, "NL": true,
	"PL": true, "PT": true, "RO": true, "SE": true, "SI": true, "SK": true,
}

// IsEUMember reports whether a canonical country code is an EU member state.
func IsEUMember(country string) bool { return euMembers[country] }
