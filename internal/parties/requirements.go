package parties

import (
	"regexp"
	"slices"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Onboarding document types every marketplace knows. A tenant may require further
// types of its own in its settings; those become uploadable for the kinds that need them.
const (
	DocCertificateOfIncorporation = "certificate_of_incorporation"
	DocExportLicence              = "export_licence"
	DocBankLetter                 = "bank_letter"
	DocEndUseStatement            = "end_use_statement"
	DocTaxRegistration            = "tax_registration"
	DocProofOfAddress             = "proof_of_address"
	DocInsuranceCertificate       = "insurance_certificate"
	DocOther                      = "other"
)

// documentLabels names the known types for people.
var documentLabels = map[string]string{
	DocCertificateOfIncorporation: "certificate of incorporation (or trade register extract)",
	DocExportLicence:              "export licence",
	DocBankLetter:                 "bank letter confirming the account",
	DocEndUseStatement:            "end-use statement",
	DocTaxRegistration:            "VAT or tax registration certificate",
	DocProofOfAddress:             "proof of address",
	DocInsuranceCertificate:       "liability insurance certificate",
	DocOther:                      "other document",
}

// DocumentLabel describes a document type; a tenant's own types read as their name.
func DocumentLabel(t string) string {
	if l, ok := documentLabels[t]; ok {
		return l
	}
	return strings.ReplaceAll(t, "_", " ")
}

// defaultRequired are the documents submission needs when the tenant's settings say
// nothing for the kind. Curated marketplaces ask most: sellers show an export licence,
// buyers an end-use statement. Distributors that invoice buyers (distributor-led) give a
// bank letter like sellers do.
var defaultRequired = map[tenant.Model]map[string][]string{
	tenant.ModelCurated: {
		"seller":      {DocCertificateOfIncorporation, DocExportLicence, DocBankLetter},
		"buyer":       {DocCertificateOfIncorporation, DocEndUseStatement},
		"distributor": {DocCertificateOfIncorporation, DocInsuranceCertificate},
	},
	tenant.ModelClosedPortal: {
		"seller":      {DocCertificateOfIncorporation, DocBankLetter},
		"buyer":       {DocCertificateOfIncorporation},
		"distributor": {DocCertificateOfIncorporation},
	},
	tenant.ModelDistributorLed: {
		"seller":      {DocCertificateOfIncorporation, DocBankLetter},
		"buyer":       {DocCertificateOfIncorporation},
		"distributor": {DocCertificateOfIncorporation, DocBankLetter},
	},
}

var docTypeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,63}$`)

// RequiredDocuments returns the document types an organization of kind must upload
// before it can submit. A tenant overrides the defaults per kind in its settings:
//
//	{"onboarding": {"required_documents": {"seller": ["certificate_of_incorporation", "haccp_certificate"]}}}
//
// A kind listed there (even with an empty list) replaces the default for that kind;
// entries that are not lower_snake_case type names are ignored.
func RequiredDocuments(model tenant.Model, settings map[string]any, kind string) []string {
	if list, ok := settingsRequired(settings, kind); ok {
		return list
	}
	return slices.Clone(defaultRequired[model][kind])
}

func settingsRequired(settings map[string]any, kind string) ([]string, bool) {
	onb, _ := settings["onboarding"].(map[string]any)
	req, _ := onb["required_documents"].(map[string]any)
	raw, ok := req[kind]
	if !ok {
		return nil, false
	}
	items, ok := raw.([]any)
	if !ok {
		return nil, false
	}
	out := []string{}
	for _, it := range items {
		if s, ok := it.(string); ok && docTypeRE.MatchString(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, true
}

// uploadable reports whether an organization of kind may upload a document of type t:
// any known type, and the tenant's own required types for that kind.
func uploadable(model tenant.Model, settings map[string]any, kind, t string) bool {
	if _, ok := documentLabels[t]; ok {
		return true
	}
	return slices.Contains(RequiredDocuments(model, settings, kind), t)
}

// KnownDocumentTypes lists the built-in document types, sorted.
func KnownDocumentTypes() []string {
	out := make([]string, 0, len(documentLabels))
	for t := range documentLabels {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}
