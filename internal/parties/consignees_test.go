package parties

import (
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/ent/schematype"
)

func TestConsigneeInput_Validate(t *testing.T) {
	good := func() ConsigneeInput {
		return ConsigneeInput{Name: "Acme Receiving",
			Address: schematype.PostalAddress{Line1: "1 Quay", City: "Rotterdam", Country: "nl", UNLOCODE: "NLRTM"},
			Contact: Contact{Email: "a@b.nl", Phone: "+31 10 123 4567"},
			EndUser: EndUserInput{IsConsignee: true, EndUse: "QC", Industry: "Chemicals"}}
	}
	other := &schematype.PostalAddress{Line1: "2 Lab Rd", City: "Delft", Country: "NL"}
	for name, tc := range map[string]struct {
		edit func(*ConsigneeInput)
		want string
	}{
		"valid":                 {func(*ConsigneeInput) {}, ""},
		"blank name":            {func(in *ConsigneeInput) { in.Name = " " }, "/name"},
		"locode elsewhere":      {func(in *ConsigneeInput) { in.Address.UNLOCODE = "DEHAM" }, "/address/unlocode"},
		"bad locode":            {func(in *ConsigneeInput) { in.Address.UNLOCODE = "NL10" }, "/address/unlocode"},
		"no city":               {func(in *ConsigneeInput) { in.Address.City = "" }, "/address/city"},
		"bad email":             {func(in *ConsigneeInput) { in.Contact.Email = "nope" }, "/contact/email"},
		"bad phone":             {func(in *ConsigneeInput) { in.Contact.Phone = "ring" }, "/contact/phone"},
		"unknown industry":      {func(in *ConsigneeInput) { in.EndUser.Industry = "arms" }, "/end_user/industry"},
		"no end use":            {func(in *ConsigneeInput) { in.EndUser.EndUse = "" }, "/end_user/end_use"},
		"self with a name":      {func(in *ConsigneeInput) { in.EndUser.Name = "X" }, "/end_user/name"},
		"other without address": {func(in *ConsigneeInput) { in.EndUser.IsConsignee, in.EndUser.Name = false, "Lab" }, "/end_user/address"},
		"other without name":    {func(in *ConsigneeInput) { in.EndUser.IsConsignee, in.EndUser.Address = false, other }, "/end_user/name"},
		"other with bad country": {func(in *ConsigneeInput) {
			in.EndUser.IsConsignee, in.EndUser.Name, in.EndUser.Address = false, "Lab", &schematype.PostalAddress{Line1: "x", City: "y", Country: "ZZ"}
		}, "/end_user/address/country"},
		"unknown status": {func(in *ConsigneeInput) { in.Status = "deleted" }, "/status"},
		"other end user is valid": {func(in *ConsigneeInput) {
			in.EndUser.IsConsignee, in.EndUser.Name, in.EndUser.Address = false, "Lab", other
		}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			in := good()
			tc.edit(&in)
			err := in.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected %v (%s)", err, fieldNames(err))
				}
				return
			}
			if !strings.Contains(fieldNames(err), tc.want) {
				t.Fatalf("want %s, got %v (%s)", tc.want, err, fieldNames(err))
			}
		})
	}
	in := good()
	if err := in.Validate(); err != nil || in.Address.Country != "NL" || in.Status != ConsigneeActive ||
		in.EndUser.Name != "Acme Receiving" || in.EndUser.Address.Country != "NL" || in.EndUser.Industry != "chemicals" {
		t.Fatalf("normalised: %v %+v", err, in)
	}
}

func TestHubAndRegionInput_Validate(t *testing.T) {
	hub := HubInput{Name: "Hamburg", Address: schematype.PostalAddress{Line1: "Kai 1", City: "Hamburg", Country: "DE", UNLOCODE: "de ham"},
		Capabilities: []string{"Bonded", "bonded", "hazmat"}}
	if err := hub.Validate(); err != nil || hub.Address.UNLOCODE != "DEHAM" || len(hub.Capabilities) != 2 || !*hub.Active {
		t.Fatalf("hub: %v %+v", err, hub)
	}
	for name, tc := range map[string]struct {
		edit func(*HubInput)
		want string
	}{
		"no locode":       {func(in *HubInput) { in.Address.UNLOCODE = "" }, "/address/unlocode"},
		"locode country":  {func(in *HubInput) { in.Address.UNLOCODE = "NLRTM" }, "/address/unlocode"},
		"bad capability":  {func(in *HubInput) { in.Capabilities = []string{"ambient", "warp"} }, "/capabilities/1"},
		"blank name":      {func(in *HubInput) { in.Name = "" }, "/name"},
		"unknown country": {func(in *HubInput) { in.Address.Country = "XX" }, "/address/country"},
	} {
		t.Run(name, func(t *testing.T) {
			in := hub
			in.Address = hub.Address
			tc.edit(&in)
			if got := fieldNames(in.Validate()); !strings.Contains(got, tc.want) {
				t.Fatalf("want %s, got %q", tc.want, got)
			}
		})
	}
	r := RegionInput{Name: "DACH", Countries: []string{"de", "AT", "DE"}}
	if err := r.Validate(); err != nil || strings.Join(r.Countries, ",") != "DE,AT" {
		t.Fatalf("region: %v %+v", err, r)
	}
	r = RegionInput{Name: "", Countries: nil}
	if got := fieldNames(r.Validate()); got != "/name /countries" {
		t.Fatalf("empty region: %q", got)
	}
}
