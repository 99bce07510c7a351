package authz

import "slices"

// Resource types. A resource names a kind of object, never one object: whether a seller
// may edit this product is the catalog service's question, not casbin's.
const (
	ResourceTenant              = "tenant"
	ResourceOrganization        = "organization"
	ResourceConsignee           = "consignee"        // a buyer's ship-to parties with their end users
	ResourceDistributorHub      = "distributor_hub"  // a distributor's hubs and service regions
	ResourceDistributorLink     = "distributor_link" // a distributor serving a seller or buyer
	ResourceUser                = "user"
	ResourceMembership          = "membership"
	ResourceAPIKey              = "api_key"
	ResourcePolicy              = "policy"
	ResourceAudit               = "audit"
	ResourceProduct             = "product"
	ResourceOffer               = "offer"
	ResourceBuyerGroup          = "buyer_group" // who offers are shown to and priced for
	ResourceOrder               = "order"
	ResourceRFQ                 = "rfq"
	ResourceQuote               = "quote"
	ResourceComplianceCheck     = "compliance_check"
	ResourceScreening           = "screening"
	ResourceExportDetermination = "export_determination"
	ResourcePayment             = "payment"
	ResourcePayout              = "payout"
	ResourceInvoice             = "invoice"
	ResourceDispute             = "dispute"
	ResourceShipment            = "shipment"
	ResourceDocument            = "document"
	ResourceException           = "exception"
	ResourceWebhook             = "webhook"
	ResourceKPI                 = "kpi"
	ResourceJob                 = "job" // platform jobs; no tenant role holds it
)

// Actions. The four CRUD verbs plus the domain verbs that need their own grant because
// the business gives them to different people than plain updates.
const (
	ActionRead   = "read"
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"

	ActionApprove  = "approve"  // organization (KYB), order (buyer-side approval), document
	ActionInvite   = "invite"   // organization: bring a party into a closed marketplace
	ActionRegister = "register" // organization: self-registration of one's own company
	ActionSubmit   = "submit"   // product: send for curation / publish
	ActionCurate   = "curate"   // product: approve, request changes or reject a submission
	ActionCancel   = "cancel"   // order, rfq
	ActionReview   = "review"   // compliance_check, screening: release or block with a reason
	ActionHandoff  = "handoff"  // shipment: distributor takes over last-mile
	ActionRefund   = "refund"   // payment
	ActionAccept   = "accept"   // quote: accepting creates the order
	ActionResolve  = "resolve"  // dispute, exception

	// ActionAll in a policy rule grants every action on the resource. It is never a
	// request action.
	ActionAll = "*"
)

// Tenant roles, as held in memberships and API keys. platform_admin is not among them:
// platform admins act through a system context, outside any tenant's domain.
const (
	RoleMarketplaceAdmin  = "marketplace_admin"
	RoleComplianceOfficer = "compliance_officer"
	RoleOpsAgent          = "ops_agent"
	RoleSellerAdmin       = "seller_admin"
	RoleSellerCatalog     = "seller_catalog"
	RoleSellerOps         = "seller_ops"
	RoleBuyerAdmin        = "buyer_admin"
	RoleBuyerPurchaser    = "buyer_purchaser"
	RoleBuyerApprover     = "buyer_approver"
	RoleDistributorAdmin  = "distributor_admin"
	RoleDistributorOps    = "distributor_ops"
)

var crud = []string{ActionRead, ActionCreate, ActionUpdate, ActionDelete}

// catalog lists every resource with the actions that exist for it, in display order.
var catalog = []struct {
	resource string
	actions  []string
}{
	{ResourceTenant, []string{ActionRead, ActionUpdate}},
	{ResourceOrganization, append(slices.Clone(crud), ActionApprove, ActionInvite, ActionRegister)},
	{ResourceConsignee, crud},
	{ResourceDistributorHub, crud},
	{ResourceDistributorLink, []string{ActionRead, ActionCreate, ActionUpdate}},
	{ResourceUser, crud},
	{ResourceMembership, crud},
	{ResourceAPIKey, []string{ActionRead, ActionCreate, ActionDelete}},
	{ResourcePolicy, []string{ActionRead, ActionUpdate}},
	{ResourceAudit, []string{ActionRead}},
	{ResourceProduct, append(slices.Clone(crud), ActionSubmit, ActionCurate)},
	{ResourceOffer, crud},
	{ResourceBuyerGroup, crud},
	{ResourceOrder, []string{ActionRead, ActionCreate, ActionUpdate, ActionApprove, ActionCancel}},
	{ResourceRFQ, []string{ActionRead, ActionCreate, ActionUpdate, ActionCancel}},
	{ResourceQuote, []string{ActionRead, ActionCreate, ActionUpdate, ActionAccept}},
	{ResourceComplianceCheck, []string{ActionRead, ActionCreate, ActionReview}},
	{ResourceScreening, []string{ActionRead, ActionCreate, ActionReview}},
	{ResourceExportDetermination, []string{ActionRead, ActionCreate}},
	{ResourcePayment, []string{ActionRead, ActionCreate, ActionRefund}},
	{ResourcePayout, []string{ActionRead, ActionCreate}},
	{ResourceInvoice, []string{ActionRead, ActionCreate, ActionUpdate}},
	{ResourceDispute, []string{ActionRead, ActionCreate, ActionUpdate, ActionResolve}},
	{ResourceShipment, []string{ActionRead, ActionCreate, ActionUpdate, ActionHandoff}},
	{ResourceDocument, append(slices.Clone(crud), ActionApprove)},
	{ResourceException, []string{ActionRead, ActionCreate, ActionUpdate, ActionResolve}},
	{ResourceWebhook, crud},
	{ResourceKPI, []string{ActionRead}},
	{ResourceJob, []string{ActionRead, ActionCreate}},
}

var roles = []string{
	RoleMarketplaceAdmin, RoleComplianceOfficer, RoleOpsAgent,
	RoleSellerAdmin, RoleSellerCatalog, RoleSellerOps,
	RoleBuyerAdmin, RoleBuyerPurchaser, RoleBuyerApprover,
	RoleDistributorAdmin, RoleDistributorOps,
}

// Permission is one (resource, action) pair of the catalog.
type Permission struct {
	Resource string
	Action   string
}

func (p Permission) String() string { return p.Resource + ":" + p.Action }

// validPermissions answers Valid without scanning the catalog.
var validPermissions = func() map[Permission]struct{} {
	out := make(map[Permission]struct{})
	for _, c := range catalog {
		for _, a := range c.actions {
			out[Permission{c.resource, a}] = struct{}{}
		}
	}
	return out
}()

// Resources returns every resource type in catalog order.
func Resources() []string {
	out := make([]string, len(catalog))
	for i, c := range catalog {
		out[i] = c.resource
	}
	return out
}

// Actions returns the actions that exist for resource, or nil for an unknown resource.
func Actions(resource string) []string {
	for _, c := range catalog {
		if c.resource == resource {
			return slices.Clone(c.actions)
		}
	}
	return nil
}

// Permissions returns every (resource, action) pair in catalog order.
func Permissions() []Permission {
	out := make([]Permission, 0, len(validPermissions))
	for _, c := range catalog {
		for _, a := range c.actions {
			out = append(out, Permission{c.resource, a})
		}
	}
	return out
}

// Valid reports whether action exists for resource. ActionAll is not a request action,
// so Valid(r, "*") is false.
func Valid(resource, action string) bool {
	_, ok := validPermissions[Permission{resource, action}]
	return ok
}

// Roles returns the tenant roles in a stable order (operator, seller, buyer,
// distributor).
func Roles() []string { return slices.Clone(roles) }
