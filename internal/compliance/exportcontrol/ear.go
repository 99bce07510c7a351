package exportcontrol

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
)

const (
	citeChart  = "15 CFR 738 Supp. No. 1"
	citeGroups = "15 CFR 740 Supp. No. 1"
	cite744    = "15 CFR Part 744"
)

// usTerritory: shipments from the US to these are not exports under the EAR (the
// "United States" includes its territories and possessions, 15 CFR 772.1).
var usTerritory = map[string]bool{"US": true, "PR": true, "GU": true, "VI": true, "AS": true, "MP": true, "UM": true}

// embargo is a Part 746 rule that requires a licence for (nearly) all items subject to
// the EAR, EAR99 included.
type embargo struct {
	code, text, citation string
}

var embargoes = map[string]embargo{
	"CU": {"746.2", "Cuba embargo: a licence is required for all items subject to the EAR, EAR99 included, except as a licence exception of § 746.2(a)(1) authorises", "15 CFR 746.2"},
	"IR": {"746.7", "Iran sanctions: a BIS licence is required for items on the CCL, and the OFAC Iranian Transactions and Sanctions Regulations prohibit exports of virtually all US-origin items, EAR99 included, without an OFAC authorisation", "15 CFR 746.7; 31 CFR part 560"},
	"KP": {"746.4", "North Korea sanctions: a licence is required for all items subject to the EAR, except food and medicines designated EAR99", "15 CFR 746.4"},
	"SY": {"746.9", "Syria sanctions: a licence is required for items subject to the EAR other than food and medicine designated EAR99; the 2025 easing changed parts of § 746.9, so verify the current text", "15 CFR 746.9"},
	"RU": {"746.8", "Russia sanctions: a licence is required for all items on the CCL and for EAR99 items identified in Supplements No. 2, 4 and 6 to Part 746 (most industrial goods by HTS code), with a policy of denial", "15 CFR 746.8"},
	"BY": {"746.8", "Belarus sanctions: a licence is required for all items on the CCL and for EAR99 items identified in Supplements No. 2, 4 and 6 to Part 746 (most industrial goods by HTS code), with a policy of denial", "15 CFR 746.8"},
}

// Covered regions of Ukraine (15 CFR 746.6), by ISO 3166-2 code.
var ukraineCovered = map[string]string{
	"UA-43": "the Crimea region", "UA-40": "the Crimea region (Sevastopol)",
	"UA-14": "the so-called Donetsk People's Republic (DNR) region", "UA-09": "the so-called Luhansk People's Republic (LNR) region",
}

// AT controls by destination: the chart snapshot has no AT columns, so AT Column 1 is
// applied to the terrorist-supporting (E:1) and embargoed (E:2) destinations.
var atCitation = map[string]string{
	"IR": "15 CFR 742.8; 15 CFR 746.7",
	"KP": "15 CFR 742.19; 15 CFR 746.4",
	"SY": "15 CFR 742.9; 15 CFR 746.9",
	"CU": "15 CFR 746.2",
}

// CWC non-States Parties (Egypt, Israel signed but did not ratify, North Korea, South Sudan).
var cwcNonParties = map[string]bool{"EG": true, "IL": true, "KP": true, "SS": true}

// Military end-use destinations of 15 CFR 744.21(a).
var militaryEndUseDestinations = map[string]bool{"BY": true, "MM": true, "KH": true, "CN": true, "NI": true, "RU": true, "VE": true}

func (e *Engine) determineEAR(r *Request) *Determination {
	d := newDetermination(r, e.chart.Stamp.AsOf)
	c := r.country
	if usTerritory[c] {
		d.Outcome = OutcomeNotAnExport
		d.note("%s is the United States or one of its territories: a shipment there from the US is not an export under the EAR (15 CFR 772.1, \"United States\"); a reexport from there is a separate question.", c)
		return d
	}
	lc := c // the destination whose chart row and groups apply
	if c == "LI" {
		lc = "CH"
		d.note("Liechtenstein is licensed as Switzerland (Country Chart footnote 5).")
	}
	row, inChart := e.chart.Row(lc)

	embargoed := false
	if em, ok := embargoes[c]; ok {
		embargoed = true
		d.raise(OutcomeLicenceRequired)
		d.reason(em.code, fmt.Sprintf("%s (%s).", em.text, c), em.citation, false)
		d.note("Licence exceptions to this destination are limited to those Part 746 names; none is evaluated here.")
	}
	if c == "UA" {
		if name, ok := ukraineCovered[r.region]; ok {
			embargoed = true
			d.raise(OutcomeLicenceRequired)
			d.reason("746.6", fmt.Sprintf("Covered region of Ukraine (%s, %s): a licence is required for all items subject to the EAR other than food and medicine designated EAR99 and certain EAR99 or 5D992.c software for internet-based communications.", r.region, name), "15 CFR 746.6", false)
		} else {
			d.note("Ukraine itself is not embargoed, but the covered regions (Crimea UA-43 and Sevastopol UA-40, Donetsk UA-14, Luhansk UA-09) need a licence for nearly all items (15 CFR 746.6): give the region code if the consignee or end user is there.")
		}
	}

	class := masterdata.ECCNCode(r.Classification)
	switch {
	case class.IsEAR99():
		if !embargoed {
			d.raise(OutcomeNoLicenceRequired)
			d.note("EAR99 to %s: no licence required (NLR) by the Commerce Control List; the end-use and end-user prohibitions of 15 CFR Part 744 (Entity List, military end users, WMD end uses) and the General Prohibitions of Part 736 still apply.", c)
		}
	case class.Is600Series() || class.Is9x515():
		kind := "a \"600 series\" ECCN (military items moved from the USML)"
		if class.Is9x515() {
			kind = "a 9x515 ECCN (spacecraft items moved from the USML)"
		}
		d.raise(OutcomeManualReview)
		d.reason("MANUAL_REVIEW_"+strings.ToUpper(headOf(r.Classification)), fmt.Sprintf("%s is %s: licence requirements depend on the paragraph (.y items are AT-only), Country Group D:5 has a policy of denial, and most licence exceptions are restricted (15 CFR 740.2(a)(12)); review manually.", r.Classification, kind), cclCitation(headOf(r.Classification))+"; 15 CFR 742.4, 742.6", false)
	default:
		entry, ok := LookupECCN(r.Classification)
		if !ok {
			d.raise(OutcomeManualReview)
			d.reason("UNKNOWN_ECCN", fmt.Sprintf("ECCN %s is not in the engine's reference table: classify it manually against the Commerce Control List; this is not a \"no licence required\" answer.", headOf(r.Classification)), "15 CFR part 774, Supp. No. 1", false)
			break
		}
		if !inChart {
			d.raise(OutcomeManualReview)
			d.reason("DESTINATION_NOT_IN_CHART", fmt.Sprintf("%s is not a row of the Country Chart snapshot: review the destination manually.", c), citeChart, false)
			break
		}
		e.applyControls(d, r, entry, row, lc)
		if entry.Note != "" {
			d.Notes = append(d.Notes, entry.Note)
		}
		if !embargoed && d.Outcome != OutcomeProhibited {
			e.licenceExceptions(d, r, entry, lc)
		}
		if d.Outcome == "" {
			d.raise(OutcomeNoLicenceRequired)
			d.note("No X in the Country Chart for %s's reasons for control (%s) to %s: no licence required (NLR), subject to the end-use and end-user rules of 15 CFR Part 744 and the General Prohibitions of Part 736.", entry.ECCN, strings.Join(entry.Reasons(), ", "), c)
		}
	}

	if inChart {
		for _, f := range row.Footnotes {
			d.note("Country Chart footnote %d: %s", f, e.chart.Footnotes[strconv.Itoa(f)])
		}
	}
	e.endUses(d, r, class.IsEAR99())
	return d
}

// scopeOf relates a classification to a control's paragraphs.
func scopeOf(class string, ctl Control) scope {
	var s scope
	switch ctl.Mode {
	case ModeEntire:
		s = scopeYes
	case ModeOnly:
		s = paragraphScope(class, ctl.Paragraphs)
	case ModeExcept:
		switch paragraphScope(class, ctl.Paragraphs) {
		case scopeYes:
			s = scopeNo
		case scopeMaybe:
			s = scopeMaybe
		default:
			s = scopeYes
		}
	}
	if s == scopeYes && ctl.Condition != "" {
		s = scopeMaybe
	}
	return s
}

// applyControls turns each reason for control that reaches the destination into a reason.
func (e *Engine) applyControls(d *Determination, r *Request, entry ECCNEntry, row ChartRow, lc string) {
	c := r.country
	for _, ctl := range entry.Controls {
		s := scopeOf(r.Classification, ctl)
		if s == scopeNo {
			continue
		}
		may := s == scopeMaybe
		var code, citation string
		switch {
		case ctl.Column == "AT1":
			cite, ok := atCitation[c]
			if !ok {
				continue
			}
			code, citation = "AT1", cite+"; "+entry.Citation
		case ctl.Column != "":
			if !row.Has(ctl.Column) {
				continue
			}
			code, citation = string(ctl.Column), citeChart+"; "+entry.Citation
		case ctl.Reason == SpecialEI:
			if c == "CA" {
				continue
			}
			code, citation = "EI", "15 CFR 742.15; "+entry.Citation
		case ctl.Reason == SpecialCW:
			if ctl.Condition != "" && !cwcNonParties[c] {
				continue
			}
			code, citation = "CW", "15 CFR 742.18; "+entry.Citation
		case ctl.Reason == SpecialRSSemi:
			g := e.groups
			if !(g.In(lc, "D:1") || g.In(lc, "D:4") || g.In(lc, "D:5")) || g.In(lc, "A:5") || g.In(lc, "A:6") {
				continue
			}
			code, citation = "RS", "15 CFR 742.6(a)(6); "+entry.Citation
		default:
			continue
		}
		text := fmt.Sprintf("%s for %s: %s (%s).", code, c, ctl.Text, entry.ECCN)
		if may {
			cond := ctl.Condition
			if cond == "" || cond == ctl.Text {
				cond = "for paragraphs " + strings.Join(ctl.Paragraphs, ", ")
			}
			text = fmt.Sprintf("%s for %s may apply: %s (%s). Give the paragraph or confirm the parameters (%s).", code, c, ctl.Text, entry.ECCN, cond)
			if cond == ctl.Text || ctl.Mode == ModeEntire {
				text = fmt.Sprintf("%s for %s may apply: %s. Give the paragraph or confirm the parameters.", code, c, ctl.Text)
			}
			d.raise(OutcomeManualReview)
		} else {
			d.raise(OutcomeLicenceRequired)
		}
		d.reason(code, text, citation, may)
	}
}

// appliedReasons splits the reasons for control found so far into definite and possible.
func appliedReasons(d *Determination) (sure, maybe []string) {
	for _, r := range d.Reasons {
		reason := strings.TrimRight(r.Code, "123")
		if r.MayApply {
			maybe = append(maybe, reason)
		} else {
			sure = append(sure, reason)
		}
	}
	return sure, maybe
}

// blockedBy reports which of the entry's "N/A for" reasons are definitely or possibly present.
func blockedBy(notFor, sure, maybe []string) (blocked bool, possibly []string) {
	for _, n := range notFor {
		if slices.Contains(sure, n) {
			return true, nil
		}
		if slices.Contains(maybe, n) {
			possibly = append(possibly, n)
		}
	}
	return false, possibly
}

// licenceExceptions lists the candidates the entry allows for the destination. They are
// candidates to verify: each exception has conditions of its own (Part 740) and the
// restrictions of 15 CFR 740.2 apply to all of them.
func (e *Engine) licenceExceptions(d *Determination, r *Request, entry ECCNEntry, lc string) {
	if d.Outcome != OutcomeLicenceRequired && d.Outcome != OutcomeManualReview {
		return
	}
	sure, maybe := appliedReasons(d)
	blocked, possibly := blockedBy(entry.LEs.NotFor, sure, maybe)
	// LVS, GBS and TSR help only against a reason they are not "N/A" for.
	helps := slices.ContainsFunc(append(slices.Clone(sure), maybe...), func(r string) bool {
		return !slices.Contains(entry.LEs.NotFor, r) && r != "EI"
	})
	if !helps {
		blocked = true
	}
	inB := e.groups.In(lc, "B")
	caveat := ""
	if len(possibly) > 0 {
		caveat = fmt.Sprintf(" Not available if %s applies.", strings.Join(possibly, " or "))
	}
	const general = " The restrictions on all licence exceptions (15 CFR 740.2) apply."
	if inB && !blocked {
		if lvs, ok := lvsCandidate(r, entry); ok {
			d.LicenceExceptions = append(d.LicenceExceptions, Authorisation{Code: "LVS", Conditions: lvs + caveat + general, Citation: "15 CFR 740.3; " + entry.Citation})
		} else if lvs != "" {
			d.note("%s", lvs)
		}
		if entry.LEs.GBS != nil {
			switch s := gbsScope(r.Classification, entry.LEs.GBS); s {
			case scopeYes:
				d.LicenceExceptions = append(d.LicenceExceptions, Authorisation{Code: "GBS", Conditions: fmt.Sprintf("Shipment to Country Group B (%s is in it) of items the entry makes GBS-eligible.%s%s", r.country, caveat, general), Citation: "15 CFR 740.4; " + entry.Citation})
			case scopeMaybe:
				d.LicenceExceptions = append(d.LicenceExceptions, Authorisation{Code: "GBS", Conditions: fmt.Sprintf("Only for the paragraphs the entry makes GBS-eligible (%s); give the paragraph. Destination in Country Group B.%s%s", strings.Join(entry.LEs.GBS, ", "), caveat, general), Citation: "15 CFR 740.4; " + entry.Citation})
			}
		}
		if entry.LEs.TSR {
			d.LicenceExceptions = append(d.LicenceExceptions, Authorisation{Code: "TSR", Conditions: fmt.Sprintf("Software or technology to Country Group B (%s is in it) with the consignee's written assurance against reexport to D:1 or E:1/E:2 destinations (15 CFR 740.6(a)).%s%s", r.country, caveat, general), Citation: "15 CFR 740.6; " + entry.Citation})
		}
	}
	if entry.LEs.ENC && !e.groups.In(lc, "E:1") && !e.groups.In(lc, "E:2") {
		d.LicenceExceptions = append(d.LicenceExceptions, Authorisation{Code: "ENC", Conditions: "Encryption items that meet 15 CFR 740.17(b)(1), (b)(2) or (b)(3) after the classification request or self-classification report they require; shipments to \"government end users\" outside Supplement No. 3 to Part 740 need more (740.17(b)(2)/(b)(3))." + general, Citation: "15 CFR 740.17; " + entry.Citation})
	}
	if !inB && (entry.LEs.LVS != nil || entry.LEs.GBS != nil || entry.LEs.TSR) {
		d.note("%s is not in Country Group B (%s): LVS, GBS and TSR are not available.", r.country, citeGroups)
	}
}

// gbsScope relates a classification to the entry's GBS paragraphs (empty = whole entry).
func gbsScope(class string, paragraphs []string) scope {
	if len(paragraphs) == 0 {
		return scopeYes
	}
	return paragraphScope(class, paragraphs)
}

// lvsCandidate checks LVS (limited value shipments, 15 CFR 740.3). It returns the
// conditions and true for a candidate; a non-empty text with false explains why not.
func lvsCandidate(r *Request, entry ECCNEntry) (string, bool) {
	if entry.LEs.LVS == nil {
		return "", false
	}
	var limit int64
	exact := false
	for _, l := range entry.LEs.LVS {
		s := scopeYes
		if len(l.Paragraphs) > 0 {
			s = paragraphScope(r.Classification, l.Paragraphs)
		}
		switch {
		case s == scopeYes && !exact:
			limit, exact = l.USD, true
		case s == scopeMaybe && !exact && (limit == 0 || l.USD < limit):
			limit = l.USD
		}
	}
	if limit == 0 {
		return "", false
	}
	lim := fmt.Sprintf("USD %d", limit)
	if !exact {
		lim = fmt.Sprintf("USD %d or more depending on the paragraph (give the paragraph)", limit)
	}
	switch {
	case r.Value == nil:
		return fmt.Sprintf("Net value of the shipment (all items on the order of this ECCN) at most %s; destination in Country Group B.", lim), true
	case r.Value.Currency != "USD":
		return fmt.Sprintf("Net value of the shipment at most %s: convert %d minor units of %s to USD at the shipment date; destination in Country Group B.", lim, r.Value.Amount, r.Value.Currency), true
	case r.Value.Amount <= limit*100:
		return fmt.Sprintf("The line's value (USD %s) is within the LVS limit of %s; the limit counts the whole shipment of this ECCN and splitting orders is not allowed (15 CFR 740.3(c)).", usd(r.Value.Amount), lim), true
	default:
		return fmt.Sprintf("LVS is not available: the line's value (USD %s) exceeds the limit of %s.", usd(r.Value.Amount), lim), false
	}
}

func usd(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// endUses applies the end-use rules of Part 744 the caller declared.
func (e *Engine) endUses(d *Determination, r *Request, ear99 bool) {
	c := r.country
	if r.hasEndUse(EndUseNuclear) {
		d.raise(OutcomeLicenceRequired)
		d.reason("744.2", fmt.Sprintf("Declared nuclear end use: a licence is required for any item subject to the EAR (EAR99 included) for the nuclear end uses of § 744.2(a), except as § 744.2(c) exempts for certain destinations (%s).", c), "15 CFR 744.2", false)
	}
	if r.hasEndUse(EndUseMissile) {
		d.raise(OutcomeLicenceRequired)
		d.reason("744.3", fmt.Sprintf("Declared missile or unmanned-aerial-vehicle end use: a licence is required for any item subject to the EAR under § 744.3(a) (%s).", c), "15 CFR 744.3", false)
	}
	if r.hasEndUse(EndUseChemicalBiological) {
		d.raise(OutcomeLicenceRequired)
		d.reason("744.4", fmt.Sprintf("Declared chemical or biological weapons end use: a licence is required for any item subject to the EAR under § 744.4(a) (%s).", c), "15 CFR 744.4", false)
	}
	if r.hasEndUse(EndUseMilitary) {
		if militaryEndUseDestinations[c] {
			all := c == "RU" || c == "BY"
			scope := "items listed in Supplement No. 2 to Part 744"
			if all {
				scope = "any item subject to the EAR"
			}
			// EAR99 items are in Supp. No. 2 only by their HTS codes, which the engine does not see.
			may := !all && ear99
			if may {
				d.raise(OutcomeManualReview)
			} else {
				d.raise(OutcomeLicenceRequired)
			}
			d.reason("744.21", fmt.Sprintf("Declared military end use or end user in %s: a licence is required for %s (§ 744.21).", c, scope), "15 CFR 744.21", may)
		} else {
			d.note("Declared military end use: check § 744.22 (military-intelligence end users) and whether the item is a defense article under the ITAR.")
		}
	}
	if len(r.EndUses) == 0 {
		d.note("End-use and end-user controls (%s) were not evaluated: screen the parties (Entity List, Military End-User List, Unverified List) and ask for an end-use statement.", cite744)
	}
}
