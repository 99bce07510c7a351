package schematype

// ImportOptions are the choices a seller made when uploading a product CSV.
type ImportOptions struct {
	Encoding        string `json:"encoding"`  // auto, utf-8, windows-1252, iso-8859-1
	Delimiter       string `json:"delimiter"` // auto, comma, semicolon, tab
	ImportValidRows bool   `json:"import_valid_rows"`
}

// ImportProgress is how far the running phase of an import is.
type ImportProgress struct {
	Phase string `json:"phase"` // planning or applying
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// ImportCounts are the rows of a planned file per action, and what the apply wrote.
type ImportCounts struct {
	Rows      int `json:"rows"`
	Create    int `json:"create"`
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
	Error     int `json:"error"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Skipped   int `json:"skipped"`
}

// ImportReport is the summary of a dry run: what the file looked like and its first row
// errors (the full list is a CSV in the blob store).
type ImportReport struct {
	Encoding   string           `json:"encoding"`
	Delimiter  string           `json:"delimiter"`
	Columns    []string         `json:"columns"`
	Warnings   []string         `json:"warnings,omitempty"`
	ErrorCount int              `json:"error_count"`
	Errors     []ImportRowError `json:"errors,omitempty"`
}

// ImportRowError is one problem in one row of an imported file.
type ImportRowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"`
	SKU     string `json:"sku,omitempty"`
	Message string `json:"message"`
}
