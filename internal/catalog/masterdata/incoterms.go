package masterdata

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Incoterm is an Incoterms® 2020 rule.
type Incoterm string

// Rules for any mode of transport.
const (
	IncotermEXW Incoterm = "EXW"
	IncotermFCA Incoterm = "FCA"
	IncotermCPT Incoterm = "CPT"
	IncotermCIP Incoterm = "CIP"
	IncotermDAP Incoterm = "DAP"
	IncotermDPU Incoterm = "DPU"
	IncotermDDP Incoterm = "DDP"
)

// Rules for sea and inland waterway transport only.
const (
	IncotermFAS Incoterm = "FAS"
	IncotermFOB Incoterm = "FOB"
	IncotermCFR Incoterm = "CFR"
	IncotermCIF Incoterm = "CIF"
)

var incoterms = map[Incoterm]bool{ // value: sea and inland waterway only
	IncotermEXW: false, IncotermFCA: false, IncotermCPT: false, IncotermCIP: false,
	IncotermDAP: false, IncotermDPU: false, IncotermDDP: false,
	IncotermFAS: true, IncotermFOB: true, IncotermCFR: true, IncotermCIF: true,
}

// Rules of earlier editions that people still write, with what replaced them.
var formerIncoterms = map[string]string{
	"DAT": "DAT was replaced by DPU in Incoterms 2020",
	"DAF": "DAF was withdrawn in Incoterms 2010; use DAP",
	"DES": "DES was withdrawn in Incoterms 2010; use DAP",
	"DEQ": "DEQ was withdrawn in Incoterms 2010; use DPU",
	"DDU": "DDU was withdrawn in Incoterms 2010; use DAP",
}

// Incoterms lists the eleven rules in the order of the ICC publication.
func Incoterms() []Incoterm {
	return []Incoterm{
		IncotermEXW, IncotermFCA, IncotermCPT, IncotermCIP, IncotermDAP, IncotermDPU,
		IncotermDDP, IncotermFAS, IncotermFOB, IncotermCFR, IncotermCIF,
	}
}

func (t Incoterm) String() string { return string(t) }

// SeaOnly reports whether the rule is for sea and inland waterway transport only.
func (t Incoterm) SeaOnly() bool { return incoterms[t] }

// Allows reports whether the rule may be used with the transport mode.
func (t Incoterm) Allows(m TransportMode) bool {
	if _, ok := incoterms[t]; !ok || !m.valid() {
		return false
	}
	return !t.SeaOnly() || m == TransportModeSea || m == TransportModeInlandWaterway
}

// ParseIncoterm accepts a three-letter Incoterms 2020 rule in any case ("fob" → FOB).
func ParseIncoterm(s string) (Incoterm, error) {
	c := compact(s, "")
	if c == "" {
		return "", invalid("incoterm is required")
	}
	if _, ok := incoterms[Incoterm(c)]; ok {
		return Incoterm(c), nil
	}
	if msg, ok := formerIncoterms[c]; ok {
		return "", invalid("incoterm must be an Incoterms 2020 rule: %s", msg)
	}
	return "", invalid("incoterm must be an Incoterms 2020 rule: EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR or CIF")
}

// TransportMode is the main mode of transport of a shipment.
type TransportMode string

const (
	TransportModeSea            TransportMode = "sea"
	TransportModeInlandWaterway TransportMode = "inland_waterway"
	TransportModeAir            TransportMode = "air"
	TransportModeRoad           TransportMode = "road"
	TransportModeRail           TransportMode = "rail"
	TransportModeMultimodal     TransportMode = "multimodal"
)

// TransportModes lists the modes.
func TransportModes() []TransportMode {
	return []TransportMode{
		TransportModeSea, TransportModeInlandWaterway, TransportModeAir,
		TransportModeRoad, TransportModeRail, TransportModeMultimodal,
	}
}

func (m TransportMode) String() string { return string(m) }

func (m TransportMode) valid() bool {
	switch m {
	case TransportModeSea, TransportModeInlandWaterway, TransportModeAir,
		TransportModeRoad, TransportModeRail, TransportModeMultimodal:
		return true
	}
	return false
}

// ParseTransportMode accepts a mode in any case, with a space or hyphen for the
// underscore ("Inland Waterway" → inland_waterway).
func ParseTransportMode(s string) (TransportMode, error) {
	t := strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_'
	}), "_"))
	if t == "" {
		return "", invalid("transport mode is required")
	}
	if m := TransportMode(t); m.valid() {
		return m, nil
	}
	return "", invalid("transport mode must be one of sea, inland_waterway, air, road, rail or multimodal")
}

// Named places are short: a port, a terminal, an address line.
const (
	namedPlaceMin = 2
	namedPlaceMax = 100
)

// NamedPlace normalises the named place of an Incoterm: white space is collapsed and
// trimmed; it must have 2 to 100 characters, at least one letter or digit and no
// control characters.
func NamedPlace(s string) (string, error) {
	p := strings.Join(strings.Fields(s), " ")
	if p == "" {
		return "", invalid("named place is required")
	}
	if !utf8.ValidString(p) {
		return "", invalid("named place must be valid UTF-8 text")
	}
	n, alnum := 0, false
	for _, r := range p {
		n++
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "", invalid("named place must not contain control characters")
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			alnum = true
		}
	}
	switch {
	case n < namedPlaceMin || n > namedPlaceMax:
		return "", invalid("named place must have 2 to 100 characters")
	case !alnum:
		return "", invalid("named place must contain letters or digits")
	}
	return p, nil
}

// Terms is an Incoterms 2020 rule with its transport mode and named place, as agreed
// on an offer or an order ("FOB Hamburg", sea).
type Terms struct {
	Rule  Incoterm
	Mode  TransportMode
	Place string
	// PlaceLOCODE optionally pins the named place to a UN/LOCODE ("DEHAM").
	PlaceLOCODE string
}

// TermsError reports each invalid part of a Terms; nil parts were valid.
type TermsError struct {
	Rule, Mode, Place, PlaceLOCODE error
}

func (e *TermsError) Error() string {
	return errors.Join(e.Rule, e.Mode, e.Place, e.PlaceLOCODE).Error()
}

func (e *TermsError) Is(target error) bool { return target == ErrInvalid }

// ParseTerms validates an Incoterm, the transport mode and the named place together:
// FAS, FOB, CFR and CIF are for sea and inland waterway transport only. placeLOCODE is
// optional; when it is given the place text may be blank and defaults to the code.
// A place is never guessed to be a UN/LOCODE: "Lagos" or "PARIS" read as codes would
// be valid ones (LA GOS in Laos, PA RIS in Panama).
func ParseTerms(rule, mode, place, placeLOCODE string) (Terms, error) {
	var t Terms
	var e TermsError
	t.Rule, e.Rule = ParseIncoterm(rule)
	t.Mode, e.Mode = ParseTransportMode(mode)
	if strings.TrimSpace(placeLOCODE) != "" {
		t.PlaceLOCODE, e.PlaceLOCODE = UNLOCODE(placeLOCODE)
		if strings.TrimSpace(place) == "" {
			place = t.PlaceLOCODE
		}
	}
	if strings.TrimSpace(place) != "" || e.PlaceLOCODE == nil {
		t.Place, e.Place = NamedPlace(place)
	}
	if e.Rule == nil && e.Mode == nil && !t.Rule.Allows(t.Mode) {
		e.Rule = invalid("incoterm %s is for sea and inland waterway transport only; use %s for %s",
			t.Rule, seaRuleAlternative[t.Rule], t.Mode)
	}
	if e.Rule != nil || e.Mode != nil || e.Place != nil || e.PlaceLOCODE != nil {
		return Terms{}, &e
	}
	return t, nil
}

// The any-mode rule that allocates cost and risk closest to each sea-only rule.
var seaRuleAlternative = map[Incoterm]Incoterm{
	IncotermFAS: IncotermFCA, IncotermFOB: IncotermFCA,
	IncotermCFR: IncotermCPT, IncotermCIF: IncotermCIP,
}
