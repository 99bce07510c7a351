package exportcontrol

import (
	"fmt"
	"strings"

	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
)

const citeEU = "Regulation (EU) 2021/821"

// annexIVEntry is an Annex IV item: an authorisation is needed even for a transfer
// inside the Union (Article 11(1)).
type annexIVEntry struct {
	code, what, part string
}

// annexIV is an abridged Annex IV of Regulation (EU) 2021/821 for Categories 0, 1, 2, 3,
// 5 and the missile items that share their codes; see docs/exportcontrol.md.
var annexIV = []annexIVEntry{
	// Part II: nuclear items (Category 0 and the NSG items named there).
	{"0A001", "nuclear reactors and equipment and components for them", "Part II"},
	{"0B001", "plant for the separation of isotopes of natural uranium, depleted uranium or special fissile materials", "Part II"},
	{"0B002", "auxiliary systems, equipment and components for isotope separation plant", "Part II"},
	{"0B003", "plant for the conversion of uranium", "Part II"},
	{"0B004", "plant for the production or concentration of heavy water, deuterium and deuterium compounds", "Part II"},
	{"0B005", "plant for the fabrication of nuclear reactor fuel elements", "Part II"},
	{"0B006", "plant for the reprocessing of irradiated nuclear reactor fuel elements", "Part II"},
	{"0C001", "natural uranium, depleted uranium or thorium (except the small quantities Annex IV excludes)", "Part II"},
	{"0C002", "special fissile materials (except the small quantities Annex IV excludes)", "Part II"},
	{"0C003", "deuterium, heavy water and deuterium compounds", "Part II"},
	{"0C004", "graphite of nuclear grade", "Part II"},
	{"0C005", "specially prepared compounds or powders for the manufacture of gaseous diffusion barriers", "Part II"},
	{"0D001", "software for the development, production or use of Category 0 goods", "Part II"},
	{"0E001", "technology for the development, production or use of Category 0 goods", "Part II"},
	{"1B226", "electromagnetic isotope separators", "Part II"},
	{"1C012", "materials for nuclear heat sources (plutonium, previously separated neptunium-237)", "Part II"},
	{"1C233", "lithium enriched in lithium-6", "Part II"},
	{"1C235", "tritium, tritium compounds and mixtures", "Part II"},
	// Part I: stealth, CWC, cryptanalytic and MTCR items.
	{"1C001", "materials specially designed for absorbing electromagnetic radiation (stealth)", "Part I"},
	{"1C101", "materials and devices for reduced observables (stealth)", "Part I"},
	{"1C351.d.4", "ricin (CWC Schedule 1)", "Part I"},
	{"1C351.d.5", "saxitoxin (CWC Schedule 1)", "Part I"},
	{"5A004.a", "equipment designed or modified to perform cryptanalytic functions", "Part I"},
	{"7A117", "guidance sets usable in missiles", "Part I"},
	{"9A004", "space launch vehicles", "Part I"},
	{"9A005", "liquid rocket propulsion systems usable in 9A004 vehicles", "Part I"},
	{"9A009.a", "hybrid rocket propulsion systems with a total impulse capacity exceeding 1,1 MNs", "Part I"},
	{"9A011", "ramjet, scramjet or combined cycle engines", "Part I"},
	{"9A104", "sounding rockets", "Part I"},
}

// eu001Exclusion is an item Annex II Section A Part 2 keeps out of EU001 (by reference to
// Annex IIg, which also excludes every Annex IV item).
type eu001Exclusion struct{ code, what string }

var eu001Exclusions = []eu001Exclusion{
	{"0C001", "natural uranium, depleted uranium or thorium"},
	{"0C002", "special fissile materials"},
	{"0D001", "software for 0C001 or 0C002 items"},
	{"0E001", "technology for 0C001 or 0C002 items"},
	{"1A102", "resaturated pyrolised carbon-carbon components for space launch vehicles or sounding rockets"},
	{"1C351", "human pathogens, zoonoses and toxins"},
	{"1C353", "genetic elements and genetically modified organisms"},
	{"1C354", "plant pathogens"},
	{"1C450.a.1", "amiton"},
	{"1C450.a.2", "PFIB"},
	{"7E104", "technology for the integration of flight control, guidance and propulsion data"},
	{"9A009.a", "hybrid rocket propulsion systems with a total impulse capacity exceeding 1,1 MNs"},
	{"9A117", "staging and separation mechanisms and interstages usable in missiles"},
}

// EU001 destinations (Annex II Section A Part 3).
var eu001Destinations = map[string]bool{
	"AU": true, "CA": true, "IS": true, "JP": true, "NZ": true, "NO": true,
	"CH": true, "LI": true, "GB": true, "US": true,
}

const eu001Conditions = "Union General Export Authorisation EU001 for Annex I items (other than those Annex II Section A Part 2 excludes) to Australia, Canada, Iceland, Japan, New Zealand, Norway, Switzerland with Liechtenstein, the United Kingdom and the United States. Conditions to verify: register or notify before first use as the Member State requires; not usable if the competent authority has informed you that the items are or may be intended for a WMD or military end use (Article 4(1)) or you are aware of such a use; not usable for an export to a customs free zone or free warehouse in the destination; keep the records and make the reports the Member State asks for, and name EU001 in the export declaration."

// euSanction is an EU sanctions regime that prohibits (or restricts) exports of dual-use
// items to a destination.
type euSanction struct {
	code       string
	prohibited bool
	text       string
	citation   string
	// unlisted is the note for items outside Annex I: the regulation reaches further.
	unlisted string
}

var euSanctions = map[string]euSanction{
	"RU": {"EU-833/2014", true, "Russia: the sale, supply, transfer or export of dual-use items (Annex I of 2021/821) to any person in Russia or for use in Russia is prohibited; derogations (e.g. humanitarian, medical, pre-existing contracts) need the competent authority's authorisation",
		"Council Regulation (EU) No 833/2014, Art. 2(1)", "Regulation (EU) No 833/2014 also prohibits exports to Russia of goods outside Annex I (Annex VII advanced technology, Annex XXIII industrial goods, luxury goods of Annex XVIII and more, by CN code): check the item's CN code"},
	"BY": {"EU-765/2006", true, "Belarus: the sale, supply, transfer or export of dual-use items (Annex I of 2021/821) to any person in Belarus or for use in Belarus is prohibited; derogations need the competent authority's authorisation",
		"Council Regulation (EC) No 765/2006, Art. 1e", "Regulation (EC) No 765/2006 also prohibits exports to Belarus of many goods outside Annex I (advanced technology, industrial goods, by CN code): check the item's CN code"},
	"KP": {"EU-2017/1509", true, "North Korea: the export of dual-use items (Annex I of 2021/821) to the DPRK is prohibited",
		"Council Regulation (EU) 2017/1509, Art. 3", "Regulation (EU) 2017/1509 prohibits exports of many goods outside Annex I to the DPRK (by CN code, luxury goods and more): review manually"},
	"IR": {"EU-267/2012", true, "Iran: the export of the dual-use items the Iran regulation lists (Annex I items, as reinstated after the 2025 UN snapback) is prohibited; other dual-use items need an authorisation. Verify the current annexes of Regulation 267/2012",
		"Council Regulation (EU) No 267/2012, Art. 2 and 3", "Regulations (EU) No 267/2012, 359/2011 and 2023/1529 restrict exports of goods outside Annex I to Iran (nuclear, missile, drone, internal-repression items): review manually"},
	"SY": {"EU-36/2012", false, "Syria: Regulation 36/2012 restricts exports of equipment for internal repression and chemical-weapons-related items; the 2025 easing lifted most economic measures, so verify the current text",
		"Council Regulation (EU) No 36/2012", "Regulation (EU) No 36/2012 may still restrict the item (internal repression, chemical-weapons-related goods): review manually"},
	"MM": {"EU-401/2013", false, "Myanmar/Burma: the export of dual-use items for military use or to military end users or the Border Guard Police is prohibited",
		"Council Regulation (EU) No 401/2013, Art. 3a", ""},
}

// Occupied regions of Ukraine the EU regulations cover, by ISO 3166-2 code.
var euUkraineRegions = map[string]string{
	"UA-43": "Council Regulation (EU) No 692/2014 (Crimea and Sevastopol)",
	"UA-40": "Council Regulation (EU) No 692/2014 (Crimea and Sevastopol)",
	"UA-14": "Council Regulation (EU) 2022/263 (non-government-controlled areas of Donetsk, Luhansk, Kherson and Zaporizhzhia)",
	"UA-09": "Council Regulation (EU) 2022/263 (non-government-controlled areas of Donetsk, Luhansk, Kherson and Zaporizhzhia)",
	"UA-65": "Council Regulation (EU) 2022/263 (non-government-controlled areas of Donetsk, Luhansk, Kherson and Zaporizhzhia)",
	"UA-23": "Council Regulation (EU) 2022/263 (non-government-controlled areas of Donetsk, Luhansk, Kherson and Zaporizhzhia)",
}

func annexIVScope(class string) (scope, annexIVEntry) {
	best, hit := scopeNo, annexIVEntry{}
	for _, a := range annexIV {
		switch s := paragraphScope(class, []string{a.code}); s {
		case scopeYes:
			return s, a
		case scopeMaybe:
			best, hit = s, a
		}
	}
	return best, hit
}

func eu001Scope(class string) (scope, string) {
	best, what := scopeNo, ""
	for _, x := range eu001Exclusions {
		switch paragraphScope(class, []string{x.code}) {
		case scopeYes:
			return scopeYes, x.code + " (" + x.what + ")"
		case scopeMaybe:
			best, what = scopeMaybe, x.code+" ("+x.what+")"
		}
	}
	if s, a := annexIVScope(class); s == scopeYes || (s == scopeMaybe && best == scopeNo) {
		return s, a.code + " (Annex IV: " + a.what + ")"
	}
	return best, what
}

func (e *Engine) determineEU(r *Request) *Determination {
	d := newDetermination(r, "")
	c := r.country
	listed := masterdata.DualUse(r.Classification).Listed()
	sanction, sanctioned := euSanctions[c]
	region := euUkraineRegions[r.region]
	if c == "UA" && r.region != "" && region == "" {
		d.note("%s is not one of the occupied regions the EU regulations name; Ukraine is treated as a third country.", r.region)
	}

	if !listed {
		switch {
		case sanctioned && sanction.unlisted != "":
			d.raise(OutcomeManualReview)
			d.reason(sanction.code, sanction.unlisted+".", sanction.citation, true)
		case region != "":
			d.raise(OutcomeManualReview)
			d.reason("EU-UA-REGIONS", fmt.Sprintf("%s prohibits exports of listed goods to %s: check the item's CN code.", region, r.region), region, true)
		default:
			d.raise(OutcomeNoLicenceRequired)
		}
		d.note("Not listed in Annex I: no authorisation under Article 3 of %s. The catch-all of Article 4 still applies (WMD or missile end use, military end use in an arms-embargoed destination, use as parts of illegally exported military items) as do Article 5 (cyber-surveillance) and national measures under Article 9.", citeEU)
		e.euEndUses(d, r, false)
		return d
	}

	d.note("The engine checks the shape of the Annex I code, not that the entry exists; Annex IV and the EU001 exclusions are abridged to Categories 0, 1, 2, 3, 5 and the missile items sharing their codes (docs/exportcontrol.md).")
	if masterdata.IsEUMember(c) {
		s, a := annexIVScope(r.Classification)
		switch s {
		case scopeYes:
			d.raise(OutcomeLicenceRequired)
			d.reason("EU-ANNEX-IV", fmt.Sprintf("%s is an Annex IV item (%s, %s): a transfer within the Union to %s needs an authorisation.", r.Classification, a.what, a.part, c), citeEU+", Art. 11(1) and Annex IV", false)
		case scopeMaybe:
			d.raise(OutcomeManualReview)
			d.reason("EU-ANNEX-IV", fmt.Sprintf("%s may be an Annex IV item: Annex IV lists %s (%s); give the paragraph. Annex IV items need an authorisation even within the Union.", r.Classification, a.code, a.what), citeEU+", Art. 11(1) and Annex IV", true)
		default:
			d.raise(OutcomeNoLicenceRequired)
			d.note("%s is an EU Member State: an intra-Union transfer of an Annex I item that is not in Annex IV needs no authorisation (Art. 11(1) of %s); the commercial documents must say the items are controlled if exported from the Union. Member States may require authorisation for other items under Art. 11(2).", c, citeEU)
		}
		e.euEndUses(d, r, true)
		return d
	}

	d.raise(OutcomeLicenceRequired)
	d.reason("EU-ART3", fmt.Sprintf("%s is listed in Annex I: an export authorisation is required to leave the customs territory of the Union for %s.", r.Classification, c), citeEU+", Art. 3(1) and Annex I", false)
	if sanctioned {
		if sanction.prohibited {
			d.raise(OutcomeProhibited)
		}
		d.reason(sanction.code, sanction.text+".", sanction.citation, !sanction.prohibited)
	}
	if region != "" {
		d.reason("EU-UA-REGIONS", fmt.Sprintf("%s restricts exports to %s: check the prohibitions for the item before applying for an authorisation.", region, r.region), region, true)
	}
	if eu001Destinations[c] && d.Outcome != OutcomeProhibited {
		s, what := eu001Scope(r.Classification)
		switch s {
		case scopeYes:
			d.note("EU001 does not cover %s: Annex II Section A Part 2 excludes %s. An individual or global authorisation is needed.", r.Classification, what)
		case scopeMaybe:
			d.GeneralAuthorisations = append(d.GeneralAuthorisations, Authorisation{Code: "EU001",
				Conditions: fmt.Sprintf("Not for %s, which Annex II Section A Part 2 excludes: give the paragraph. %s", what, eu001Conditions),
				Citation:   citeEU + ", Art. 12(1)(a) and Annex II Section A"})
		default:
			d.GeneralAuthorisations = append(d.GeneralAuthorisations, Authorisation{Code: "EU001", Conditions: eu001Conditions,
				Citation: citeEU + ", Art. 12(1)(a) and Annex II Section A"})
		}
	} else if d.Outcome != OutcomeProhibited {
		d.note("Other Union general export authorisations (EU002 to EU008, Annex II Sections B to H) and national general authorisations may apply; they are not evaluated here.")
	}
	e.euEndUses(d, r, true)
	return d
}

// euEndUses applies the catch-all of Article 4 to the declared end uses.
func (e *Engine) euEndUses(d *Determination, r *Request, listed bool) {
	var wmd []string
	for _, u := range []string{EndUseNuclear, EndUseChemicalBiological, EndUseMissile} {
		if r.hasEndUse(u) {
			wmd = append(wmd, strings.ReplaceAll(u, "_", "/"))
		}
	}
	if len(wmd) > 0 {
		d.raise(OutcomeLicenceRequired)
		d.reason("EU-ART4", fmt.Sprintf("Declared %s end use: an exporter aware of a WMD or missile end use must notify the competent authority, which decides whether an authorisation is required (Art. 4(1)(a) and 4(2)); treat the export as needing one.", strings.Join(wmd, ", ")), citeEU+", Art. 4", false)
		d.GeneralAuthorisations = []Authorisation{} // EU001 Part 3: not usable with such knowledge
	}
	if r.hasEndUse(EndUseMilitary) {
		d.raise(OutcomeManualReview)
		d.reason("EU-ART4", "Declared military end use: an authorisation is required if the destination is subject to an EU, OSCE or UN arms embargo (Art. 4(1)(b)); check the destination's embargoes.", citeEU+", Art. 4(1)(b)", !listed)
	}
}
