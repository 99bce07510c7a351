package lists

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"
)

// Format names a list file format and its loader (the --format of `manifold lists
// load`). A stored list version keeps its format and its files, so that any process
// can load it again byte for byte with Load.
type Format string

// The formats Manifold loads.
const (
	FormatOFAC     Format = "ofac"      // OFAC SDN legacy CSV set: sdn.csv, add.csv, alt.csv, sdn_comments.csv
	FormatOFACCons Format = "ofac_cons" // OFAC consolidated non-SDN CSV set: cons_prim, cons_add, cons_alt, cons_comments
	FormatUN       Format = "un"        // UN Security Council consolidated list XML
	FormatDPL      Format = "dpl"       // BIS Denied Persons List, tab-separated
	FormatCSL      Format = "csl"       // trade.gov Consolidated Screening List CSV
	FormatEU       Format = "eu"        // EU financial sanctions (FSF) XML
	FormatUK       Format = "uk"        // UK Sanctions List (FCDO) XML
)

// Formats lists every format in a stable order.
var Formats = []Format{FormatOFAC, FormatOFACCons, FormatUN, FormatDPL, FormatCSL, FormatEU, FormatUK}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("lists: unknown format %q: want ofac, ofac_cons, un, dpl, csl, eu or uk", s)
}

// List is the list a format's files are a version of.
func (f Format) List() ListID {
	switch f {
	case FormatOFAC:
		return ListOFACSDN
	case FormatOFACCons:
		return ListOFACCons
	case FormatUN:
		return ListUN
	case FormatDPL:
		return ListBISDPL
	case FormatCSL:
		return ListCSL
	case FormatEU:
		return ListEU
	case FormatUK:
		return ListUK
	}
	return ""
}

// Arrange puts a version's files in the order the loader reads and hashes them. The
// OFAC formats take the primary file first and then, recognised by name, the address
// (add), alias (alt) and remarks overflow (comments) files, each at most once; every
// other format takes exactly one file.
func Arrange(f Format, inputs []Input) ([]Input, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("lists: %s: no file", f)
	}
	switch f {
	case FormatOFAC, FormatOFACCons:
		files, err := ofacFiles(inputs)
		if err != nil {
			return nil, err
		}
		return files.inputs(), nil
	case FormatUN, FormatDPL, FormatCSL, FormatEU, FormatUK:
		if len(inputs) != 1 {
			return nil, fmt.Errorf("lists: %s takes one file, got %d", f, len(inputs))
		}
		return inputs, nil
	}
	_, err := ParseFormat(string(f))
	return nil, err
}

// ofacFiles assigns the files of an OFAC set to their roles: the first is the primary
// file, the others are told apart by name.
func ofacFiles(inputs []Input) (OFACFiles, error) {
	var f OFACFiles
	for i, in := range inputs {
		base := strings.ToLower(path.Base(strings.ReplaceAll(in.Name, `\`, "/")))
		var slot *Input
		switch {
		case i == 0:
			slot = &f.Primary
		case strings.Contains(base, "add"):
			slot = &f.Addresses
		case strings.Contains(base, "alt"):
			slot = &f.Aliases
		case strings.Contains(base, "comments"):
			slot = &f.Comments
		default:
			return OFACFiles{}, fmt.Errorf("lists: cannot tell what %s is (the primary file comes first; then add, alt or comments in the name)", in.Name)
		}
		if slot.Open != nil {
			return OFACFiles{}, fmt.Errorf("lists: %s: a second file of the same kind as %s", in.Name, slot.Name)
		}
		*slot = in
	}
	return f, nil
}

// Load parses a version of a list from its files with the format's loader. A
// malformed or truncated file fails the whole load with a *ParseError naming the file
// and the line or element; no snapshot is returned.
func Load(ctx context.Context, f Format, inputs []Input, opts LoadOptions) (*Snapshot, error) {
	ordered, err := Arrange(f, inputs)
	if err != nil {
		return nil, err
	}
	switch f {
	case FormatOFAC, FormatOFACCons:
		files, err := ofacFiles(inputs)
		if err != nil {
			return nil, err
		}
		return LoadOFAC(ctx, f.List(), files, opts)
	case FormatUN:
		return LoadUN(ctx, ordered[0], opts)
	case FormatDPL:
		return LoadDPL(ctx, ordered[0], opts)
	case FormatCSL:
		return LoadCSL(ctx, ordered[0], opts)
	case FormatEU:
		return LoadEU(ctx, ordered[0], opts)
	case FormatUK:
		return LoadUK(ctx, ordered[0], opts)
	}
	return nil, fmt.Errorf("lists: unknown format %q", f)
}

// Hash is the content hash Load would give these files (Snapshot.Hash), computed
// without parsing or decompressing them: SHA-256 over each file's name, a NUL and its
// raw bytes, in the loader's order. It lets a process tell whether a version is
// already stored before paying for a parse.
func Hash(f Format, inputs []Input) (string, error) {
	ordered, err := Arrange(f, inputs)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, in := range ordered {
		if in.Open == nil {
			return "", &ParseError{File: in.Name, Err: ErrMissingFile}
		}
		rc, err := in.Open()
		if err != nil {
			return "", &ParseError{File: in.Name, Err: err}
		}
		fmt.Fprintf(h, "%s\x00", in.Name)
		_, err = io.Copy(h, rc)
		if cerr := rc.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", &ParseError{File: in.Name, Err: err}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
