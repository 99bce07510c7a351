// Package masterdata validates and normalises trade master data (HS codes, countries,
// currencies, UN/LOCODEs, units, Incoterms, export classifications and party identifiers)
// for the API, the CSV import and generated documents.
//
// # Shape of the API
//
// Every code has a function that takes free text and returns its canonical form or an
// error that names the broken rule in plain words ("hs code must have 6 to 10 digits"):
//
//	HSCode, Country, Currency, UNLOCODE, UnitCode, NamedPlace, ECCN, DualUseCode,
//	EORI, VATNumber (with the organisation's country), LEI, IBAN, UNNumber
//
// Codes that carry structure also have a Parse function returning a small type with
// accessors: ParseHS (Chapter, Heading), ParseUNLOCODE (Country, Location), ParseUnit
// (Name, Deprecated), ParseECCN (Category, ProductGroup, Is600Series, Is9x515),
// ParseDualUse (Category, Listed). Incoterms and transport modes are enums in the house
// style (IncotermFOB, TransportModeSea, with String and ParseIncoterm/ParseTransportMode);
// ParseTerms checks a rule, a mode, a named place and an optional UN/LOCODE together.
//
// Every error returned by a validator matches ErrInvalid with errors.Is. Validators
// treat an empty value as missing and say so; use Check.Optional for optional fields.
//
// Normalisation is idempotent: a canonical value passes its validator unchanged. Inputs
// are upper-cased in ASCII only, so look-alike letters (Turkish dotless i, the Kelvin
// sign) are rejected rather than folded into a valid code.
//
// # Collecting field errors
//
// Check wraps problem.Fields so a request or CSV row is validated in one pass and every
// field error is reported at once:
//
//	var c masterdata.Check
//	hs := c.HSCode("/hs_code", in.HSCode)
//	origin := c.Country("/origin_country", in.Origin)
//	vat := c.Optional("/vat_number", in.VAT, func(s string) (string, error) {
//		return masterdata.VATNumber(s, origin)
//	})
//	if err := c.Err("invalid product"); err != nil {
//		return err // a problem.KindValidation error listing every field
//	}
//
// Each Check method records the error under the given field name (a JSON pointer or a
// CSV "row 3, column hs_code") and returns the normalised value, or "" on failure.
//
// # Decisions
//
//   - Countries come from golang.org/x/text/language (CLDR), limited to the 249 ISO 3166-1
//     assigned codes plus XK (Kosovo, user-assigned but used by customs and banks).
//     Groupings (EU, UN, EZ), exceptionally reserved codes (UK, EL, AC, CP, DG, EA, IC, TA)
//     and withdrawn codes (AN, CS, YU, SU, …) are rejected.
//   - Currencies reuse internal/platform/money (ISO 4217 via x/text); codes that are not
//     money for a price (precious metals, test, SDR and fund codes such as XAU, XTS, XDR,
//     CLF) are refused. The minor-unit exponent is money.MinorUnits.
//   - Units are the UN/ECE Recommendation 20 code list shipped in rec20.tsv.gz (see
//     README.md). Deleted codes are rejected with their old name; deprecated codes are
//     accepted and flagged (Unit.Deprecated). Three-letter codes starting with X that are
//     not in Rec 20 are UN/ECE Recommendation 21 package codes (XBX box, XPK package):
//     they describe packaging, not a unit of measure, and are rejected with that hint.
//   - Incoterms: FAS, FOB, CFR and CIF need sea or inland waterway transport; the error
//     names the any-mode rule to use instead (FCA, FCA, CPT, CIP). A named place is free
//     text (2–100 characters) and is never guessed to be a UN/LOCODE ("PARIS" would read
//     as PA RIS, Panama); pass the code separately.
//   - IBANs are checked against the SWIFT registry (89 countries, release 100): length,
//     account structure (digits/letters per position) and MOD 97-10. Territories use
//     their parent's prefix (an Åland IBAN starts with FI).
//   - UN numbers are accepted from UN0004 to UN3599: UN0001–0003 are unassigned and the
//     2023–2025 model regulations end below UN3600, which leaves room for new entries.
//   - VAT numbers: see vat_rules.go for the per-country patterns and which countries have
//     a check-digit test. Greece uses the prefix EL (GR is accepted and rewritten to EL);
//     Northern Ireland uses XI and is accepted for an organisation in GB.
//   - EORI: GB and XI numbers are 12 digits; EU numbers are a member-state prefix and
//     1 to 15 letters or digits. Other prefixes are refused (only the EU and the UK issue
//     EORI numbers).
package masterdata
