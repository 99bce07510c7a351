package lists

import (
	"slices"
	"strings"
	"testing"
)

func aliasNamesOf(e *Entry) []string {
	var out []string
	for _, a := range e.Aliases {
		out = append(out, a.Name)
	}
	return out
}

func TestLoadOFAC_RealRows(t *testing.T) {
	old := sdnVersion(t, "2021-07-07")
	cur := sdnVersion(t, "2024-05-03")

	t.Run("entity name with commas, address abroad, weak remark alias", func(t *testing.T) {
		e := mustEntry(t, old, "306") // BANCO NACIONAL DE CUBA
		if e.Kind != KindEntity || e.Name != "BANCO NACIONAL DE CUBA" || !slices.Equal(e.Programs, []string{"CUBA"}) {
			t.Fatalf("%+v", e)
		}
		var weak *Alias
		for i := range e.Aliases {
			if e.Aliases[i].Name == "BNC" {
				weak = &e.Aliases[i]
			}
		}
		if weak == nil || weak.Quality != QualityWeak {
			t.Errorf("BNC alias from remarks should be weak: %+v", e.Aliases)
		}
		if !slices.Contains(aliasNamesOf(e), "NATIONAL BANK OF CUBA") {
			t.Errorf("alt.csv alias missing: %v", aliasNamesOf(e))
		}
		if len(e.Addresses) == 0 || e.Addresses[0].City != "Zurich CH-8022" || e.Addresses[0].Country.ISO2 != "CH" {
			t.Errorf("address: %+v", e.Addresses)
		}
		e = mustEntry(t, old, "173")
		if e.Name != "ANGLO-CARIBBEAN CO., LTD." || e.Addresses[0].Country.ISO2 != "GB" || e.Addresses[0].Lines[0] != "Ibex House, The Minories" {
			t.Errorf("173: %+v", e)
		}
	})
	t.Run("individual SURNAME, Given with DOB, POB, passport", func(t *testing.T) {
		e := mustEntry(t, cur, "2676")
		if e.Kind != KindIndividual || e.Parts == nil || e.Parts.Family != "AL ZAWAHIRI" || !slices.Equal(e.Parts.Given, []string{"Dr.", "Ayman"}) {
			t.Fatalf("parts: %+v", e.Parts)
		}
		if len(e.BirthDates) != 1 || e.BirthDates[0].String() != "1951-06-19" {
			t.Errorf("dob: %v", e.BirthDates)
		}
		if len(e.BirthPlaces) != 1 || e.BirthPlaces[0].City != "Giza" || e.BirthPlaces[0].Country.ISO2 != "EG" {
			t.Errorf("pob: %+v", e.BirthPlaces)
		}
		if len(e.Documents) != 2 || e.Documents[0].Number != "1084010" || e.Documents[0].Country.ISO2 != "EG" || e.Documents[1].Number != "19820215" {
			t.Errorf("docs: %+v", e.Documents)
		}
	})
	t.Run("vessel with IMO, flag and former names", func(t *testing.T) {
		e := mustEntry(t, cur, "4243") // EBANO
		if e.Kind != KindVessel || e.Vessel == nil || e.Vessel.IMO != "7406784" || e.Vessel.Flag.ISO2 != "PA" || e.Vessel.Type != "General Cargo" {
			t.Fatalf("%+v %+v", e, e.Vessel)
		}
		if len(e.Aliases) != 2 || e.Aliases[0].Type != AliasFKA || e.Aliases[0].Name != "ANA I" {
			t.Errorf("aliases: %+v", e.Aliases)
		}
	})
	t.Run("comments overflow joined to remarks", func(t *testing.T) {
		e := mustEntry(t, old, "12300")
		// sdn.csv stops at "PROMO RAI", sdn_comments.csv continues "Z S.A.S.; ...".
		if !containsFact(e.Other, "Linked To", "PROMO RAIZ S.A.S") {
			t.Errorf("overflow not joined mid-word: %+v", e.Other)
		}
		if !strings.HasSuffix(e.Remarks, "Linked To: R D I S.A.") || !containsFact(e.Other, "Linked To", "R D I S.A") {
			t.Errorf("overflow tail missing: %q", e.Remarks[len(e.Remarks)-60:])
		}
	})
	t.Run("entities with addresses in several countries", func(t *testing.T) {
		n := 0
		for i := range old.Entries {
			e := &old.Entries[i]
			seen := map[string]bool{}
			for _, a := range e.Addresses {
				seen[a.Country.ISO2] = true
			}
			if e.Kind == KindEntity && len(seen) >= 3 {
				n++
			}
		}
		if n < 50 {
			t.Errorf("only %d entities with addresses in 3+ countries", n)
		}
	})
	t.Run("consolidated non-SDN", func(t *testing.T) {
		s, _ := shipped(t).Current(ListOFACCons)
		var withAlias, withAddr int
		for i := range s.Entries {
			if len(s.Entries[i].Aliases) > 0 {
				withAlias++
			}
			if len(s.Entries[i].Addresses) > 0 {
				withAddr++
			}
		}
		if withAlias < 100 || withAddr < 100 {
			t.Errorf("aliases on %d, addresses on %d of %d", withAlias, withAddr, s.Len())
		}
	})
}

func containsFact(f []Fact, label, value string) bool {
	return slices.Contains(f, Fact{Label: label, Value: value})
}

func TestLoadUN_RealRecords(t *testing.T) {
	s, _ := shipped(t).Current(ListUN)
	if got := s.VersionDate.Format("2006-01-02"); got != "2026-02-27" {
		t.Errorf("version %s", got)
	}
	e := mustEntry(t, s, "6907994")
	if e.Name != "FRANK KAKOLELE BWAMBALE" || !slices.Equal(e.Parts.Given, []string{"FRANK KAKOLELE", "BWAMBALE"}) {
		t.Errorf("name: %q %+v", e.Name, e.Parts)
	}
	if !slices.Equal(aliasNamesOf(e), []string{"FRANK KAKORERE", "FRANK KAKORERE BWAMBALE", "AIGLE BLANC"}) || e.Aliases[0].Quality != QualityStrong {
		t.Errorf("aliases: %+v", e.Aliases)
	}
	if len(e.Nationalities) != 1 || e.Nationalities[0].ISO2 != "CD" {
		t.Errorf("nationality: %+v", e.Nationalities)
	}
	if e.Addresses[0].City != "Kinshasa" || e.ListedOn.String() != "2005-11-01" || !slices.Equal(e.Programs, []string{"DRC"}) {
		t.Errorf("%+v", e)
	}
	e = mustEntry(t, s, "6907993") // ERIC BADEGE, DOB year 1971
	if len(e.BirthDates) != 1 || e.BirthDates[0].Precision != PrecisionYear || e.BirthDates[0].Year != 1971 {
		t.Errorf("dob %+v", e.BirthDates)
	}
	var between, circa, docs, weak, original int
	for i := range s.Entries {
		e := &s.Entries[i]
		for _, d := range e.BirthDates {
			if d.To != nil {
				between++
			}
			if d.Circa {
				circa++
			}
		}
		docs += len(e.Documents)
		for _, a := range e.Aliases {
			if a.Quality == QualityWeak {
				weak++
			}
			if a.Script == "original" {
				original++
			}
		}
	}
	// The file has 31 BETWEEN and 117 APPROXIMATELY dates (one of them only
	// "30-35 years old", kept as a DOB fact), 615 Low aliases, 378 original-script names.
	if between != 31 || circa != 116 || weak != 615 || original != 378 || docs < 400 {
		t.Errorf("between=%d circa=%d weak=%d original=%d docs=%d", between, circa, weak, original, docs)
	}
}

func TestLoadDPL(t *testing.T) {
	s, _ := shipped(t).Current(ListBISDPL)
	// Newest Last_Update is 2022-09-02; the 3017-08-22 typo is ignored.
	if got := s.VersionDate.Format("2006-01-02"); got != "2022-09-02" {
		t.Errorf("version %s", got)
	}
	var found *Entry
	for i := range s.Entries {
		if s.Entries[i].Name == "AARON ABRAHAM VILLA" {
			found = &s.Entries[i]
		}
	}
	if found == nil {
		t.Fatal("AARON ABRAHAM VILLA missing")
	}
	a := found.Addresses[0]
	if a.Lines[0] != "3415 RIVERA AVENUE" || a.City != "EL PASO" || a.State != "TX" || a.Postal != "79905" || found.ListedOn.String() != "2022-08-24" {
		t.Errorf("%+v %+v", found, a)
	}
	// The state shifted into Country is repaired.
	for i := range s.Entries {
		if s.Entries[i].Name == "STEPHEN EDWARD SMITH" {
			if a := s.Entries[i].Addresses[0]; a.State != "NM" || a.Country.ISO2 != "US" {
				t.Errorf("not repaired: %+v", a)
			}
		}
	}
}

func TestLoadCSL_BothLayouts(t *testing.T) {
	fx := loadFixtures(t)
	cur, old := fx[0], fx[1]
	if cur.Len() != 13 || old.Len() != 115 {
		t.Fatalf("counts %d %d", cur.Len(), old.Len())
	}
	e := mustEntry(t, cur, "1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42")
	if e.Name != "Atlas Sanatgaran" || e.Addresses[0].Country.ISO2 != "AM" || e.Addresses[0].Lines[0] != "Komitas 26/114, Yerevan, Armenia" {
		t.Errorf("%+v", e)
	}
	var passport, imo bool
	for i := range cur.Entries {
		for _, d := range cur.Entries[i].Documents {
			if d.Type == "Passport" && d.Number == "836238033" && d.Country.ISO2 == "KP" {
				passport = true
			}
		}
	}
	for i := range old.Entries {
		if v := old.Entries[i].Vessel; v != nil && v.IMO == "8898831" {
			imo = true
		}
	}
	if !passport || !imo {
		t.Errorf("passport %v imo %v", passport, imo)
	}
}

func TestLoadEU_RealSamples(t *testing.T) {
	fx := loadFixtures(t)
	s18, s24 := fx[2], fx[3]
	if s18.VersionDate.Format("2006-01-02") != "2018-12-21" || s24.VersionDate.Format("2006-01-02") != "2024-12-11" {
		t.Errorf("versions %s %s", s18.VersionDate, s24.VersionDate)
	}
	e := mustEntry(t, s24, "13")
	if e.Kind != KindIndividual || e.Name != "Saddam Hussein Al-Tikriti" || e.Parts.Family != "Hussein Al-Tikriti" || e.Gender != "Male" {
		t.Errorf("%+v %+v", e, e.Parts)
	}
	if !slices.Equal(aliasNamesOf(e), []string{"Abu Ali", "Abou Ali"}) || e.Aliases[1].Language != "FR" {
		t.Errorf("aliases %+v", e.Aliases)
	}
	if e.Citizenships[0].ISO2 != "IQ" || e.BirthDates[0].String() != "1937-04-28" || e.BirthPlaces[0].City != "al-Awja, near Tikrit" || !slices.Equal(e.Programs, []string{"IRQ"}) {
		t.Errorf("%+v", e)
	}
	m := mustEntry(t, s18, "1")
	if m.Documents[0].Number != "AD001095" || m.Documents[0].Country.ISO2 != "" || m.Title != "Former President" {
		t.Errorf("mugabe %+v", m)
	}
	if len(m.BirthPlaces) != 0 {
		t.Errorf("UNKNOWN/00 birth country must not become a place: %+v", m.BirthPlaces)
	}
	ib := mustEntry(t, s18, "207")
	if ib.Kind != KindEntity || len(ib.Aliases) != 5 || ib.Aliases[1].Language != "BG" {
		t.Errorf("ibda-c %+v", ib.Aliases)
	}
}

func TestLoadUK_RealSample(t *testing.T) {
	s := loadFixtures(t)[4]
	if s.VersionDate.Format("2006-01-02") != "2026-09-02" || s.Len() != 2 {
		t.Fatalf("%s %d", s.VersionDate, s.Len())
	}
	e := mustEntry(t, s, "AFG0001")
	if e.Kind != KindEntity || len(e.Aliases) != 2 || len(e.Addresses) != 2 || e.Addresses[1].Country.ISO2 != "AE" || e.Addresses[1].State != "Dubai" {
		t.Errorf("%+v", e)
	}
	p := mustEntry(t, s, "AFG0006")
	if p.Kind != KindIndividual || p.Name != "MOHAMMAD HASSAN AKHUND" || p.Parts.Family != "AKHUND" || len(p.BirthDates) != 2 || p.BirthDates[0].String() != "1945" {
		t.Errorf("%+v %+v", p, p.BirthDates)
	}
	if p.ListedOn.String() != "2001-01-25" {
		t.Errorf("listed %v", p.ListedOn)
	}
}
