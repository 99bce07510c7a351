package exportcontrol

import (
	"fmt"
	"slices"
)

// ControlMode says which part of an ECCN a control covers.
type ControlMode int

const (
	// ModeEntire: the whole entry.
	ModeEntire ControlMode = iota
	// ModeOnly: only the listed paragraphs.
	ModeOnly
	// ModeExcept: the whole entry except the listed paragraphs.
	ModeExcept
)

// Special (non-chart) licence requirements an ECCN can carry.
const (
	// SpecialEI: encryption items, licence required to every destination except Canada
	// (15 CFR 742.15).
	SpecialEI = "EI"
	// SpecialCW: Chemical Weapons Convention controls (15 CFR 742.18): Schedule 2 and 3
	// chemicals to destinations that are not States Parties.
	SpecialCW = "CW"
	// SpecialRSSemi: advanced-semiconductor manufacturing controls (15 CFR 742.6(a)(6)),
	// required to Country Groups D:1, D:4 and D:5 other than A:5 and A:6.
	SpecialRSSemi = "RS-742.6(a)(6)"
)

// Control is one reason for control of an ECCN and where it applies.
type Control struct {
	// Reason is the reason for control: NS, MT, NP, CB, RS, CC, AT, or a Special code.
	Reason string
	// Column is the Country Chart column ("NS2"), "AT1" (applied by rule: the chart
	// snapshot has no AT columns) or "" for a special requirement.
	Column Column
	Mode   ControlMode
	// Paragraphs for ModeOnly and ModeExcept, as full codes ("3A001.a.1.a").
	Paragraphs []string
	// Condition is a technical or end-use condition the engine cannot check ("when
	// usable in missiles"); a control with a condition is reported as "may apply".
	Condition string
	// Text is the CCL's wording of the control, for the reason text.
	Text string
}

// LVSLimit is a License Exception LVS value limit (USD, whole dollars) for some paragraphs.
type LVSLimit struct {
	// Paragraphs the limit is for; empty means the whole entry.
	Paragraphs []string
	USD        int64
}

// Exceptions are the licence exceptions an ECCN's "List Based License Exceptions" allow.
type Exceptions struct {
	// LVS limits; nil means LVS: N/A.
	LVS []LVSLimit
	// GBS: nil means N/A; an empty non-nil slice means the whole entry; otherwise the
	// paragraphs it is available for.
	GBS []string
	// TSR (technology and software under restriction, 15 CFR 740.6).
	TSR bool
	// ENC (encryption, 15 CFR 740.17).
	ENC bool
	// NotFor lists reasons for control that make LVS, GBS and TSR unavailable ("N/A for MT").
	NotFor []string
	// Text is a short summary of the entry's exception paragraph.
	Text string
}

// ECCNEntry is one row of the ECCN reference table.
type ECCNEntry struct {
	ECCN     string
	Heading  string
	Controls []Control
	LEs      Exceptions
	Citation string
	// Note is an extra caveat shown with every determination for the entry.
	Note string
}

// Reasons lists the entry's reasons for control in table order.
func (e ECCNEntry) Reasons() []string {
	var out []string
	for _, c := range e.Controls {
		if !slices.Contains(out, c.Reason) {
			out = append(out, c.Reason)
		}
	}
	return out
}

func cclCitation(eccn string) string {
	return fmt.Sprintf("15 CFR part 774, Supp. No. 1, ECCN %s", eccn)
}

func entire(reason string, col Column) Control {
	return Control{Reason: reason, Column: col, Mode: ModeEntire, Text: reason + " applies to entire entry"}
}

func only(reason string, col Column, text, cond string, paragraphs ...string) Control {
	return Control{Reason: reason, Column: col, Mode: ModeOnly, Paragraphs: paragraphs, Condition: cond, Text: text}
}

// anywhere is a control the engine cannot place in the entry's paragraphs: the CCL ties
// it to a technical parameter or to the item the software or technology is for. It is
// always reported as "may apply".
func anywhere(reason string, col Column, text string) Control {
	return Control{Reason: reason, Column: col, Mode: ModeEntire, Condition: text, Text: text}
}

var (
	at1 = entire("AT", "AT1")
	ei  = Control{Reason: SpecialEI, Mode: ModeEntire, Text: "EI applies to entire entry: licence required to all destinations except Canada (15 CFR 742.15)"}
)

// eccnTable is the ECCN reference table: the entries the demo catalog uses and common
// entries of Categories 1, 2, 3 and 5 Part 2, transcribed from 15 CFR part 774 Supp. No. 1.
// Where the CCL ties a control to a technical parameter the engine cannot see, the control
// is a "may apply" (see anywhere). Extend it as docs/exportcontrol.md describes.
var eccnTable = []ECCNEntry{
	// Category 1: special materials and related equipment.
	{
		ECCN:    "1A004",
		Heading: "Protective and detection equipment and \"components\", not \"specially designed\" for military use",
		Controls: []Control{
			entire("NS", "NS2"),
			anywhere("CB", "CB2", "CB applies to the 1A004 protective and detection items the entry names (biological agents, chemical warfare agents); give the paragraph and check the entry"),
			at1,
		},
		Citation: cclCitation("1A004"),
	},
	{
		ECCN:    "1C010",
		Heading: "\"Fibrous or filamentary materials\" that may be used in composite structures or laminates",
		Controls: []Control{
			entire("NS", "NS2"),
			anywhere("MT", "MT1", "MT applies to 1C010 materials that also meet the parameters of ECCN 1C110 or 1C210 (missile uses)"),
			anywhere("NP", "NP1", "NP applies to 1C010 materials that also meet the parameters of ECCN 1C210 (nuclear uses)"),
			at1,
		},
		LEs:      Exceptions{NotFor: []string{"MT", "NP"}, Text: "LVS and GBS: see the entry; N/A for MT or NP"},
		Citation: cclCitation("1C010"),
	},
	{
		ECCN:    "1C011",
		Heading: "Metals and compounds (metal powders for fuels, boron and boron compounds)",
		Controls: []Control{
			entire("NS", "NS2"),
			anywhere("MT", "MT1", "MT applies to 1C011 metal fuels and boron compounds usable in missiles (see the entry and ECCN 1C111)"),
			at1,
		},
		LEs:      Exceptions{NotFor: []string{"MT"}, Text: "LVS: N/A for MT"},
		Citation: cclCitation("1C011"),
	},
	{
		ECCN:     "1C111",
		Heading:  "Propellants and constituent chemicals for propellants, other than those specified in 1C011",
		Controls: []Control{entire("MT", "MT1"), at1},
		LEs:      Exceptions{NotFor: []string{"MT"}, Text: "LVS: N/A; GBS: N/A"},
		Citation: cclCitation("1C111"),
	},
	{
		ECCN:    "1C350",
		Heading: "Chemicals that may be used as precursors for toxic chemical agents",
		Controls: []Control{
			entire("CB", "CB2"),
			{Reason: "CW", Mode: ModeEntire, Condition: "CWC Schedule 2 and 3 chemicals to a destination that is not a CWC State Party (end-use certificate for Schedule 3)", Text: "CW applies to the Schedule 2 and 3 chemicals of 1C350 (15 CFR 742.18)"},
			at1,
		},
		LEs:      Exceptions{Text: "LVS: N/A; GBS: N/A (mixtures below the entry's concentration thresholds are outside 1C350)"},
		Citation: cclCitation("1C350"),
		Note:     "1C350 covers the listed precursors and mixtures at or above the entry's concentration thresholds; a mixture below them is classified elsewhere (often EAR99 or 1C995).",
	},
	{
		ECCN:    "1C351",
		Heading: "Human and animal pathogens and \"toxins\"",
		Controls: []Control{
			entire("CB", "CB1"),
			only("CW", "", "CW applies to 1C351.d.4 (ricin) and 1C351.d.5 (saxitoxin): CWC Schedule 1, licence required to all destinations including Canada (15 CFR 742.18)", "", "1C351.d.4", "1C351.d.5"),
			at1,
		},
		LEs:      Exceptions{Text: "LVS: N/A; GBS: N/A"},
		Citation: cclCitation("1C351"),
	},
	{
		ECCN:    "1C991",
		Heading: "Vaccines, immunotoxins, medical products, diagnostic and food testing kits",
		Controls: []Control{
			anywhere("CB", "CB3", "CB applies to the 1C991 medical products and kits containing controlled toxins or genetic elements (see the entry's paragraphs)"),
			at1,
		},
		Citation: cclCitation("1C991"),
	},

	// Category 2: materials processing.
	{
		ECCN:    "2B001",
		Heading: "Machine tools and any combination thereof, for removing (or cutting) metals, ceramics or \"composites\"",
		Controls: []Control{
			entire("NS", "NS2"),
			anywhere("MT", "MT1", "MT applies to 2B001 machine tools that meet the parameters of ECCN 2B109 or 2B201 for missile uses (see the entry)"),
			anywhere("NP", "NP1", "NP applies to 2B001 machine tools that meet or exceed the parameters of ECCN 2B201"),
			at1,
		},
		LEs:      Exceptions{NotFor: []string{"MT", "NP"}, Text: "LVS and GBS: see the entry; N/A for MT or NP"},
		Citation: cclCitation("2B001"),
	},
	{
		ECCN:     "2B350",
		Heading:  "Chemical manufacturing facilities and equipment",
		Controls: []Control{entire("CB", "CB2"), at1},
		LEs:      Exceptions{Text: "LVS: N/A; GBS: N/A"},
		Citation: cclCitation("2B350"),
	},
	{
		ECCN:     "2B351",
		Heading:  "Toxic gas monitors and monitoring systems, and their dedicated detecting components",
		Controls: []Control{entire("CB", "CB2"), at1},
		LEs:      Exceptions{Text: "LVS: N/A; GBS: N/A"},
		Citation: cclCitation("2B351"),
	},
	{
		ECCN:     "2B352",
		Heading:  "Equipment capable of use in handling biological materials",
		Controls: []Control{entire("CB", "CB2"), at1},
		LEs:      Exceptions{Text: "LVS: N/A; GBS: N/A"},
		Citation: cclCitation("2B352"),
	},
	{
		ECCN:     "2B991",
		Heading:  "Numerical control units for machine tools and \"numerically controlled\" machine tools, n.e.s.",
		Controls: []Control{at1},
		Citation: cclCitation("2B991"),
	},

	// Category 3: electronics.
	{
		ECCN:    "3A001",
		Heading: "Electronic items (integrated circuits, microwave and millimeter-wave items, acoustic wave devices, superconductive items, power supplies, batteries, capacitors, switches)",
		Controls: []Control{
			entire("NS", "NS2"),
			only("MT", "MT1", "MT applies to 3A001.a.1.a when usable in \"missiles\"; to 3A001.a.5.a when \"designed or modified\" for military use, hermetically sealed and rated for operation from below -54 °C to above +125 °C",
				"when usable in missiles (3A001.a.1.a) or military-rated and hermetically sealed (3A001.a.5.a)", "3A001.a.1.a", "3A001.a.5.a"),
			only("NP", "NP1", "NP applies to pulse discharge capacitors in 3A001.e.2 and superconducting solenoidal electromagnets in 3A001.e.3 that meet or exceed the parameters of 3A201.a and .b",
				"when the parameters of 3A201.a or .b are met or exceeded", "3A001.e.2", "3A001.e.3"),
			at1,
		},
		LEs: Exceptions{
			LVS: []LVSLimit{
				{Paragraphs: []string{"3A001.c"}, USD: 1500},
				{Paragraphs: []string{"3A001.b.1", "3A001.b.2", "3A001.b.3", "3A001.b.9", "3A001.d", "3A001.e", "3A001.f", "3A001.g"}, USD: 3000},
				{Paragraphs: []string{"3A001.a", "3A001.b.4", "3A001.b.5", "3A001.b.6", "3A001.b.7", "3A001.b.12", "3A001.h", "3A001.i"}, USD: 5000},
			},
			GBS:    []string{"3A001.a.1.b", "3A001.a.2", "3A001.a.3", "3A001.a.4", "3A001.a.5", "3A001.a.6", "3A001.a.7", "3A001.a.8", "3A001.a.9", "3A001.a.10", "3A001.a.11", "3A001.a.12", "3A001.a.13", "3A001.a.14", "3A001.b.2", "3A001.b.8", "3A001.b.9", "3A001.b.10", "3A001.g", "3A001.h", "3A001.i"},
			NotFor: []string{"MT", "NP"},
			Text:   "LVS: N/A for MT or NP; USD 1,500 for 3A001.c; USD 3,000 for 3A001.b.1-.b.3, .b.9, .d, .e, .f, .g; USD 5,000 otherwise. GBS for listed paragraphs of 3A001.a, .b, .g, .h, .i (not when MT applies)",
		},
		Citation: cclCitation("3A001"),
	},
	{
		ECCN:    "3A002",
		Heading: "General purpose \"electronic assemblies\", modules and equipment (recorders, oscilloscopes, signal analyzers, signal generators, network analyzers, atomic frequency standards)",
		Controls: []Control{
			entire("NS", "NS2"),
			anywhere("MT", "MT1", "MT applies to the 3A002 items that also meet the parameters of ECCN 3A101 or 3A102 (e.g. atomic frequency standards usable in missiles); see the entry"),
			at1,
		},
		LEs:      Exceptions{NotFor: []string{"MT"}, Text: "LVS and GBS: see the entry; N/A for MT"},
		Citation: cclCitation("3A002"),
	},
	{
		ECCN:     "3A991",
		Heading:  "Electronic devices, and \"components\" not controlled by 3A001",
		Controls: []Control{at1},
		Citation: cclCitation("3A991"),
	},
	{
		ECCN:    "3B001",
		Heading: "Equipment for the manufacturing of semiconductor devices, materials or related equipment",
		Controls: []Control{
			entire("NS", "NS2"),
			{Reason: SpecialRSSemi, Mode: ModeEntire, Condition: "for the advanced-node paragraphs of 3B001 named in 15 CFR 742.6(a)(6)", Text: "RS applies to certain 3B001 paragraphs (advanced semiconductor manufacturing equipment): licence required to Country Groups D:1, D:4 and D:5 other than A:5 and A:6"},
			at1,
		},
		Citation: cclCitation("3B001"),
		Note:     "Advanced semiconductor manufacturing equipment also carries end-use controls (15 CFR 744.23) and Foreign Direct Product rules not evaluated here.",
	},
	{
		ECCN:     "3B991",
		Heading:  "Equipment not controlled by 3B001 for the manufacture of electronic \"parts\", \"components\" and materials",
		Controls: []Control{at1},
		Citation: cclCitation("3B991"),
	},
	{
		ECCN:     "3C002",
		Heading:  "Resist materials and substrates coated with resists",
		Controls: []Control{entire("NS", "NS2"), at1},
		Citation: cclCitation("3C002"),
	},
	{
		ECCN:    "3D001",
		Heading: "\"Software\" \"specially designed\" for the \"development\" or \"production\" of commodities controlled by 3A001.b to 3A002.h or 3B",
		Controls: []Control{
			anywhere("NS", "NS1", "NS applies to \"software\" for commodities controlled by 3A001.b to 3A002.h or 3B for NS reasons"),
			anywhere("MT", "MT1", "MT applies to \"software\" for commodities controlled for MT reasons"),
			anywhere("NP", "NP1", "NP applies to \"software\" for commodities controlled for NP reasons"),
			at1,
		},
		LEs:      Exceptions{TSR: true, NotFor: []string{"MT", "NP"}, Text: "TSR: yes, except N/A for MT (and NP)"},
		Citation: cclCitation("3D001"),
	},
	{
		ECCN:    "3E001",
		Heading: "\"Technology\" according to the General Technology Note for the \"development\" or \"production\" of equipment or materials controlled by 3A (except 3A980, 3A981, 3A991, 3A992, 3A999), 3B (except 3B991, 3B992) or 3C (except 3C992)",
		Controls: []Control{
			anywhere("NS", "NS1", "NS applies to \"technology\" for items controlled by 3A001, 3A002, 3A003, 3B001, 3B002 or 3C001 to 3C006 for NS reasons"),
			anywhere("MT", "MT1", "MT applies to \"technology\" for equipment controlled for MT reasons"),
			anywhere("NP", "NP1", "NP applies to \"technology\" for equipment controlled for NP reasons"),
			at1,
		},
		LEs:      Exceptions{TSR: true, NotFor: []string{"MT", "NP"}, Text: "TSR: yes, except N/A for MT (and NP) and certain 3E001 technology named in the entry"},
		Citation: cclCitation("3E001"),
	},

	// Category 5 Part 2: information security.
	{
		ECCN:    "5A002",
		Heading: "\"Information security\" systems, equipment and \"components\" (cryptographic)",
		Controls: []Control{
			entire("NS", "NS1"),
			ei,
			at1,
		},
		LEs:      Exceptions{ENC: true, Text: "LVS: N/A; GBS: N/A; ENC (15 CFR 740.17) may apply"},
		Citation: cclCitation("5A002"),
	},
	{
		ECCN:     "5A992",
		Heading:  "Equipment not controlled by 5A002 (mass market encryption, 15 CFR 740.17(b)(1))",
		Controls: []Control{at1},
		Citation: cclCitation("5A992"),
		Note:     "5A992.c is mass-market encryption: it qualifies only after the classification or self-classification steps of 15 CFR 740.17(b)(1).",
	},
	{
		ECCN:    "5D002",
		Heading: "\"Software\" for information security",
		Controls: []Control{
			entire("NS", "NS1"),
			ei,
			at1,
		},
		LEs:      Exceptions{ENC: true, Text: "TSR: N/A; ENC (15 CFR 740.17) may apply"},
		Citation: cclCitation("5D002"),
	},
	{
		ECCN:     "5D992",
		Heading:  "\"Information security\" \"software\" not controlled by 5D002",
		Controls: []Control{at1},
		Citation: cclCitation("5D992"),
	},
	{
		ECCN:    "5E002",
		Heading: "\"Technology\" for the \"development\", \"production\" or \"use\" of information security items controlled by 5A002, 5A004, 5B002 or 5D002",
		Controls: []Control{
			entire("NS", "NS1"),
			ei,
			at1,
		},
		LEs:      Exceptions{ENC: true, Text: "TSR: N/A; ENC (15 CFR 740.17(b)(2)) may apply to some technology"},
		Citation: cclCitation("5E002"),
	},
}

// eccnIndex maps an ECCN head to its table row.
var eccnIndex = func() map[string]int {
	m := make(map[string]int, len(eccnTable))
	for i, e := range eccnTable {
		m[e.ECCN] = i
	}
	return m
}()

// LookupECCN returns the reference-table row for a classification's head ("3A001.a.1" →
// 3A001), or false when the table does not know it.
func LookupECCN(classification string) (ECCNEntry, bool) {
	i, ok := eccnIndex[headOf(classification)]
	if !ok {
		return ECCNEntry{}, false
	}
	return eccnTable[i], true
}

// ECCNs lists the table's ECCNs in table order.
func ECCNs() []string {
	out := make([]string, len(eccnTable))
	for i, e := range eccnTable {
		out[i] = e.ECCN
	}
	return out
}
