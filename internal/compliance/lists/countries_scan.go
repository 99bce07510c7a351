package lists

// entryCountries returns every Country value of an entry (for coverage checks).
func entryCountries(e *Entry) []Country {
	var out []Country
	out = append(out, e.Nationalities...)
	out = append(out, e.Citizenships...)
	for _, a := range e.Addresses {
		if a.Country.Name != "" {
			out = append(out, a.Country)
		}
	}
	for _, p := range e.BirthPlaces {
		if p.Country.Name != "" {
			out = append(out, p.Country)
		}
	}
	for _, d := range e.Documents {
		if d.Country.Name != "" {
			out = append(out, d.Country)
		}
	}
	if e.Vessel != nil && e.Vessel.Flag.Name != "" {
		out = append(out, e.Vessel.Flag)
	}
	return out
}
