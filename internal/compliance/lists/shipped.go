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

// ShippedVersion is one list version shipped in the binary.
type ShippedVersion struct {
	List   ListID
	Source string
	Load   func(ctx context.Context, fsys fs.FS, opts LoadOptions) (*Snapshot, error)
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
		{ListOFACSDN, "OFAC SDN list, legacy CSV set (sdn, add, alt, sdn_comments) of 2021-07-07; US Treasury, public domain; via moov-io/watchman test/testdata/bench @05de7744",
			func(ctx context.Context, fsys fs.FS, o LoadOptions) (*Snapshot, error) {
				o.Version = date("2021-07-07")
				return LoadOFAC(ctx, ListOFACSDN, OFACFiles{
					Primary:   FSInput(fsys, "us_ofac_sdn_2021-07/sdn.csv.gz"),
					Addresses: FSInput(fsys, "us_ofac_sdn_2021-07/add.csv"),
					Aliases:   FSInput(fsys, "us_ofac_sdn_2021-07/alt.csv"),
					Comments:  FSInput(fsys, "us_ofac_sdn_2021-07/sdn_comments.csv"),
				}, o)
			}},
		{ListOFACSDN, "OFAC SDN list, primary file sdn.csv only, of 2024-05-03 (no add/alt files of that date: aliases from remarks only, no addresses); US Treasury, public domain; via jackdwyer/specially-designated-nationals-list @a5ec3c5",
			func(ctx context.Context, fsys fs.FS, o LoadOptions) (*Snapshot, error) {
				o.Version = date("2024-05-03")
				return LoadOFAC(ctx, ListOFACSDN, OFACFiles{Primary: FSInput(fsys, "us_ofac_sdn_2024-05/sdn.csv.gz")}, o)
			}},
		{ListOFACCons, "OFAC consolidated non-SDN list (cons_prim, cons_add, cons_alt, cons_comments) of 2025-12-19; US Treasury, public domain; via moov-io/watchman test/testdata @fca231b0",
			func(ctx context.Context, fsys fs.FS, o LoadOptions) (*Snapshot, error) {
				o.Version = date("2025-12-19")
				return LoadOFAC(ctx, ListOFACCons, OFACFiles{
					Primary:   FSInput(fsys, "us_ofac_cons_2025-12/cons_prim.csv"),
					Addresses: FSInput(fsys, "us_ofac_cons_2025-12/cons_add.csv"),
					Aliases:   FSInput(fsys, "us_ofac_cons_2025-12/cons_alt.csv"),
					Comments:  FSInput(fsys, "us_ofac_cons_2025-12/cons_comments.csv"),
				}, o)
			}},
		{ListUN, "UN Security Council Consolidated List XML, dateGenerated 2026-02-27; UN, free reuse; via moov-io/watchman test/testdata/UN_consolidated.xml",
			func(ctx context.Context, fsys fs.FS, o LoadOptions) (*Snapshot, error) {
				return LoadUN(ctx, FSInput(fsys, "un_2026-02-27/un_consolidated.xml.gz"), o)
			}},
		{ListBISDPL, "BIS Denied Persons List (dpl.txt), newest update 2022-09-02; US Commerce, public domain; via moov-io/watchman test/testdata/bench/dpl.txt",
			func(ctx context.Context, fsys fs.FS, o LoadOptions) (*Snapshot, error) {
				return LoadDPL(ctx, FSInput(fsys, "us_bis_dpl_2022-09/dpl.txt"), o)
			}},
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
	fsys := ShippedFS()
	versions := ShippedVersions()
	snaps := make([]*Snapshot, len(versions))
	errs := make([]error, len(versions))
	var wg sync.WaitGroup
	for i, v := range versions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i], errs[i] = v.Load(ctx, fsys, LoadOptions{Source: v.Source})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("lists: shipped %s: %w", versions[i].List, err)
		}
	}
	for _, s := range snaps {
		if _, err := reg.Publish(s); err != nil {
			return err
		}
	}
	return nil
}
