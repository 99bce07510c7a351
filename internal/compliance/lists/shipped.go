package lists

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sync"
	"time"
)

// shippedFS holds the list files that ship with the binary so that screening
// works offline on first start. See docs/compliance.md for provenance and
// data/SHA256SUMS for checksums.
//
//go:embed data
var shippedFS embed.FS

// ShippedFS returns the embedded list files (rooted at the data folder).
func ShippedFS() fs.FS {
	sub, err := fs.Sub(shippedFS, "data")
	if err != nil {
		panic(err) // the embed directive guarantees the folder exists
	}
	return sub
}

// ShippedVersion is one list version shipped in the binary: its format, its files in
// the shipped file system (in the order Load takes them) and, for formats whose files
// carry no date, its version date.
type ShippedVersion struct {
	List    ListID
	Format  Format
	Files   []string
	Version string // YYYY-MM-DD; "" when the files carry their date
	Source  string
}

// Inputs returns the version's files in fsys.
func (v ShippedVersion) Inputs(fsys fs.FS) []Input {
	out := make([]Input, len(v.Files))
	for i, f := range v.Files {
		out[i] = FSInput(fsys, f)
	}
	return out
}

// Options are the load options of the version (its date and source).
func (v ShippedVersion) Options() LoadOptions {
	o := LoadOptions{Source: v.Source}
	if v.Version != "" {
		o.Version = date(v.Version)
	}
	return o
}

// Load parses the version from fsys.
func (v ShippedVersion) Load(ctx context.Context, fsys fs.FS) (*Snapshot, error) {
	return Load(ctx, v.Format, v.Inputs(fsys), v.Options())
}

// Hash is the version's content hash without parsing it (see Hash).
func (v ShippedVersion) Hash(fsys fs.FS) (string, error) {
	return Hash(v.Format, v.Inputs(fsys))
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// ShippedVersions lists the shipped versions in load order. For the SDN list
// two versions ship: the consistent 2021-07-07 set (sdn, add, alt, comments)
// and the newer 2024-05-03 sdn.csv, which has no matching add/alt files. The
// 2024-05 version is loaded last and becomes current; it carries only the
// weak a.k.a. aliases from its remarks and no addresses (its Coverage says
// so). Alias or address files of another date are never mixed into it.
func ShippedVersions() []ShippedVersion {
	return []ShippedVersion{
		{ListOFACSDN, FormatOFAC, []string{"us_ofac_sdn_2021-07/sdn.csv.gz", "us_ofac_sdn_2021-07/add.csv",
			"us_ofac_sdn_2021-07/alt.csv", "us_ofac_sdn_2021-07/sdn_comments.csv"}, "2021-07-07",
			"OFAC SDN list, legacy CSV set (sdn, add, alt, sdn_comments) of 2021-07-07; US Treasury, public domain; via moov-io/watchman test/testdata/bench @05de7744"},
		{ListOFACSDN, FormatOFAC, []string{"us_ofac_sdn_2024-05/sdn.csv.gz"}, "2024-05-03",
			"OFAC SDN list, primary file sdn.csv only, of 2024-05-03 (no add/alt files of that date: aliases from remarks only, no addresses); US Treasury, public domain; via jackdwyer/specially-designated-nationals-list @a5ec3c5"},
		{ListOFACCons, FormatOFACCons, []string{"us_ofac_cons_2025-12/cons_prim.csv", "us_ofac_cons_2025-12/cons_add.csv",
			"us_ofac_cons_2025-12/cons_alt.csv", "us_ofac_cons_2025-12/cons_comments.csv"}, "2025-12-19",
			"OFAC consolidated non-SDN list (cons_prim, cons_add, cons_alt, cons_comments) of 2025-12-19; US Treasury, public domain; via moov-io/watchman test/testdata @fca231b0"},
		{ListUN, FormatUN, []string{"un_2026-02-27/un_consolidated.xml.gz"}, "",
			"UN Security Council Consolidated List XML, dateGenerated 2026-02-27; UN, free reuse; via moov-io/watchman test/testdata/UN_consolidated.xml"},
		{ListBISDPL, FormatDPL, []string{"us_bis_dpl_2022-09/dpl.txt"}, "",
			"BIS Denied Persons List (dpl.txt), newest update 2022-09-02; US Commerce, public domain; via moov-io/watchman test/testdata/bench/dpl.txt"},
	}
}

// LoadShipped loads every shipped list version into a new registry. Lists are
// parsed concurrently; versions of one list are published in date order so the
// newest is current and the older ones are in the history for diffs.
func LoadShipped(ctx context.Context) (*Registry, error) {
	reg := NewRegistry(0)
	if err := LoadShippedInto(ctx, reg); err != nil {
		return nil, err
	}
	return reg, nil
}

// LoadShippedInto loads the shipped versions into reg (see LoadShipped).
func LoadShippedInto(ctx context.Context, reg *Registry) error {
	snaps, err := LoadVersions(ctx, ShippedFS(), ShippedVersions())
	if err != nil {
		return err
	}
	for _, s := range snaps {
		if _, err := reg.Publish(s); err != nil {
			return err
		}
	}
	return nil
}

// LoadVersions parses versions from fsys concurrently and returns their snapshots in
// the same order.
func LoadVersions(ctx context.Context, fsys fs.FS, versions []ShippedVersion) ([]*Snapshot, error) {
	snaps := make([]*Snapshot, len(versions))
	errs := make([]error, len(versions))
	var wg sync.WaitGroup
	for i, v := range versions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i], errs[i] = v.Load(ctx, fsys)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("lists: shipped %s: %w", versions[i].List, err)
		}
	}
	return snaps, nil
}
