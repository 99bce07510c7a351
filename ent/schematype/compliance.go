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
