package schematype

import "encoding/json"

// CheckMatch is one list entry a screening matched, with what matched and why.
type CheckMatch struct {
	List        string   `json:"list"`
	EntityID    string   `json:"entity_id"`
	Name        string   `json:"name"`         // the entry's primary name
	MatchedName string   `json:"matched_name"` // the name or alias that matched
	Score       float64  `json:"score"`
	Programs    []string `json:"programs,omitempty"`
	Why         string   `json:"why,omitempty"`
	// EntryHash identifies the entry's content; a suppression holds while it is unchanged.
	EntryHash string `json:"entry_hash"`
	// Entry is the list entry as it read when screened, for the reviewer to compare
	// with the party. Checks recorded before it existed have none.
	Entry *ListEntry `json:"entry,omitempty"`
}

// ListEntry is a list entry as screened: the identifying details a reviewer weighs
// against the party. Long lists are cut (Truncated says so); the list and entity id
// lead to the full entry.
type ListEntry struct {
	Kind          string          `json:"kind"`
	Title         string          `json:"title,omitempty"`
	Aliases       []EntryAlias    `json:"aliases,omitempty"`
	BirthDates    []string        `json:"birth_dates,omitempty"`
	BirthPlaces   []string        `json:"birth_places,omitempty"`
	Nationalities []string        `json:"nationalities,omitempty"`
	Citizenships  []string        `json:"citizenships,omitempty"`
	Gender        string          `json:"gender,omitempty"`
	Addresses     []string        `json:"addresses,omitempty"`
	Documents     []EntryDocument `json:"documents,omitempty"`
	Vessel        *EntryVessel    `json:"vessel,omitempty"`
	ListedOn      string          `json:"listed_on,omitempty"`
	Remarks       string          `json:"remarks,omitempty"`
	Truncated     bool            `json:"truncated,omitempty"`
}

// EntryAlias is one alias of a list entry.
type EntryAlias struct {
	Name    string `json:"name"`
	Type    string `json:"type"`              // aka, fka, nka
	Quality string `json:"quality,omitempty"` // strong, weak
	Script  string `json:"script,omitempty"`  // "original" for a non-Latin original
}

// EntryDocument is an identity or registration document of a list entry.
type EntryDocument struct {
	Type    string `json:"type"`
	Number  string `json:"number"`
	Country string `json:"country,omitempty"`
	Note    string `json:"note,omitempty"`
}

// EntryVessel holds a listed vessel's or aircraft's details.
type EntryVessel struct {
	IMO      string `json:"imo,omitempty"`
	MMSI     string `json:"mmsi,omitempty"`
	CallSign string `json:"call_sign,omitempty"`
	Type     string `json:"type,omitempty"`
	Flag     string `json:"flag,omitempty"`
	Owner    string `json:"owner,omitempty"`
	Tonnage  string `json:"tonnage,omitempty"`
}

// CheckDetails says what an export-control or red-flag check decided and why.
type CheckDetails struct {
	// Determinations of an order line, one per regime and destination: the
	// exportcontrol.Determination and the seller's licence coverage as JSON.
	Determinations []LineDetermination `json:"determinations,omitempty"`
	// Flags raised by the red-flag rules.
	Flags []RedFlag `json:"flags,omitempty"`
	// NoRegime: no export-control regime the engine knows governs the line (neither a
	// US nor an EU export), so nothing was determined.
	NoRegime bool `json:"no_regime,omitempty"`
}

// LineDetermination is one regime's answer for an order line to one destination.
type LineDetermination struct {
	Regime         string          `json:"regime"`
	Classification string          `json:"classification"`
	Destination    string          `json:"destination"`
	Outcome        string          `json:"outcome"`
	Determination  json.RawMessage `json:"determination"`
	Coverage       json.RawMessage `json:"licence_coverage,omitempty"`
}

// RedFlag is one red-flag rule that fired, with its evidence.
type RedFlag struct {
	Code     string            `json:"code"`
	Text     string            `json:"text"`
	Evidence map[string]string `json:"evidence,omitempty"`
}

// BeneficialOwner is a person or company that owns or controls an organization,
// declared at onboarding and screened with it.
type BeneficialOwner struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`                 // individual or entity
	Country   string `json:"country,omitempty"`    // nationality or country of incorporation, ISO 3166-1 alpha-2
	BirthDate string `json:"birth_date,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD (individuals)
	// SharePct is the ownership share in whole percent; 0 for control without shares.
	SharePct int `json:"share_pct"`
}

// ListCoverage says which kinds of data a sanctions list version's files carry (see
// lists.Coverage): a diff does not compare what either side lacks, and the screener
// borrows aliases from an older version when the current one has none.
type ListCoverage struct {
	Aliases       bool `json:"aliases"`
	Addresses     bool `json:"addresses"`
	Documents     bool `json:"documents"`
	BirthDates    bool `json:"birth_dates"`
	Nationalities bool `json:"nationalities"`
}

// RescreenFailure is one subject a rescreen could not screen, and why.
type RescreenFailure struct {
	SubjectType string `json:"subject_type"`
	SubjectID   string `json:"subject_id"`
	Error       string `json:"error"`
}
