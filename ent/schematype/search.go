package schematype

import (
	"database/sql/driver"
	"fmt"
)

// TSVector is a PostgreSQL tsvector in its text form ('acid':1A 'acet':2A …), built by
// the search indexer in Go so that PostgreSQL and the tests see exactly the lexemes,
// positions and weights the query side expects (no server-side parser in between).
// On SQLite the column holds an empty string: FTS5 does the text search there.
type TSVector string

// Value implements driver.Valuer: the text form, which PostgreSQL casts on input.
func (v TSVector) Value() (driver.Value, error) { return string(v), nil }

// Scan implements sql.Scanner.
func (v *TSVector) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		*v = ""
	case string:
		*v = TSVector(s)
	case []byte:
		*v = TSVector(s)
	default:
		return fmt.Errorf("schematype: cannot scan %T into TSVector", src)
	}
	return nil
}

// KeyFacts are a search entry's offer facts per offer key (see SearchEntry.key_facts):
// the Incoterms bit set and the lowest price in the entry's pub_currency (minor units,
// nil: no price) for a viewer holding that key alone.
type KeyFacts map[string][2]*int64
