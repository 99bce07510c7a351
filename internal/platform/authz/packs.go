package authz

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

//go:embed packs/*.csv
var packFiles embed.FS

// Pack returns the policy a new tenant of the given marketplace model starts with.
// The rules carry no domain; InstallPack writes them under the tenant's id.
func Pack(m tenant.Model) ([]Rule, error) {
	if _, ok := tenant.ParseModel(string(m)); !ok {
		return nil, fmt.Errorf("authz: unknown marketplace model %q", m)
	}
	b, err := packFiles.ReadFile("packs/" + string(m) + ".csv")
	if err != nil {
		return nil, fmt.Errorf("authz: pack %s: %w", m, err)
	}
	rules, err := parsePack(string(b))
	if err != nil {
		return nil, fmt.Errorf("authz: pack %s: %w", m, err)
	}
	return rules, nil
}

// parsePack reads casbin CSV lines without a domain: "p, role, resource, action" and
// "g, role, parent". Blank lines and # comments are skipped; duplicates are errors
// because they always mean an editing mistake.
func parsePack(text string) ([]Rule, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	var out []Rule
	seen := make(map[Rule]bool)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		var rule Rule
		switch {
		case rec[0] == string(RuleAllow) && len(rec) == 4:
			rule = Allow(rec[1], rec[2], rec[3])
		case rec[0] == string(RuleInherit) && len(rec) == 3:
			rule = Inherit(rec[1], rec[2])
		default:
			return nil, fmt.Errorf("line %d: want \"p, role, resource, action\" or \"g, role, parent\", got %q",
				line, strings.Join(rec, ", "))
		}
		if err := rule.Validate(); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if seen[rule] {
			return nil, fmt.Errorf("line %d: duplicate rule %s", line, rule)
		}
		seen[rule] = true
		out = append(out, rule)
	}
	return out, nil
}
