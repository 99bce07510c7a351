package schematype

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
