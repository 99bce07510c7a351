// What the catalog screens offer follows the marketplace's current policy: /me lists the
// caller's permissions ("resource:action"). Ownership (which seller's products) still
// comes from the memberships. Without a permissions list (an older server) this falls
// back to the default policy packs for the user's roles; the server decides every call.

import type { Me, Role } from '../api/types';

type Who = Pick<Me, 'roles' | 'organizations' | 'tenant'> & Partial<Pick<Me, 'permissions'>>;

/** The policy's answer for a permission, or undefined when /me carried no list. */
function may(me: Who, permission: string): boolean | undefined {
  return me.permissions ? me.permissions.includes(permission) : undefined;
}

/** Marketplace staff: see every product in every state (catalog.operatorSide). */
const STAFF_ROLES: readonly Role[] = ['marketplace_admin', 'compliance_officer', 'ops_agent'];
/** Roles that edit and submit their seller's products (catalog.sellerRoles). */
const CATALOG_ROLES: readonly Role[] = ['seller_admin', 'seller_catalog'];
const SELLER_ROLES: readonly Role[] = ['seller_admin', 'seller_catalog', 'seller_ops'];
/** product:read in every model. */
const READ_ROLES: readonly Role[] = [
  ...STAFF_ROLES,
  ...SELLER_ROLES,
  'buyer_admin',
  'buyer_purchaser',
  'buyer_approver',
];
/** Distributors read the catalog only where they run last-mile delivery. */
const DISTRIBUTOR_READ_ROLES: readonly Role[] = ['distributor_admin', 'distributor_ops'];

function allRoles(me: Who): Role[] {
  return [...(me.roles ?? []), ...(me.organizations ?? []).map((o) => o.role)];
}

function hasAny(me: Who, roles: readonly Role[]): boolean {
  return allRoles(me).some((r) => roles.includes(r));
}

/** product:read — may browse the catalog. */
export function canReadProducts(me: Who): boolean {
  return (
    may(me, 'product:read') ??
    (hasAny(me, READ_ROLES) || (me.tenant.model === 'distributor_led' && hasAny(me, DISTRIBUTOR_READ_ROLES)))
  );
}

/** Sees every product in every state. */
export function isCatalogStaff(me: Who): boolean {
  return hasAny(me, STAFF_ROLES);
}

/** Sees curation states: staff, and sellers (their own products in every state). */
export function seesCurationStatus(me: Who): boolean {
  return isCatalogStaff(me) || hasAny(me, SELLER_ROLES);
}

/** The seller organizations whose catalogs the user edits (product:create/update/submit). */
export function catalogSellers(me: Pick<Me, 'organizations'>) {
  const seen = new Set<string>();
  return (me.organizations ?? []).filter((o) => {
    if (!CATALOG_ROLES.includes(o.role) || seen.has(o.id)) return false;
    seen.add(o.id);
    return true;
  });
}

export function canEditProducts(me: Who): boolean {
  return catalogSellers(me).length > 0 && (may(me, 'product:update') ?? true);
}

/** May edit this product: a catalog role in the product's seller. */
export function canEditProduct(me: Who, sellerId: string): boolean {
  return catalogSellers(me).some((o) => o.id === sellerId);
}

/** Sees a product's revision history: staff and members of its seller (buyers get 404). */
export function canSeeHistory(me: Who, sellerId: string): boolean {
  return isCatalogStaff(me) || (me.organizations ?? []).some((o) => o.id === sellerId);
}

/** product:curate — only marketplace admins of curated marketplaces. */
export function canCurate(me: Who): boolean {
  return may(me, 'product:curate') ?? (me.tenant.model === 'curated' && hasAny(me, ['marketplace_admin']));
}

/** The label of the button that sends a draft on: curation or immediate publication. */
export function submitLabel(me: Pick<Me, 'tenant'>): string {
  return me.tenant.model === 'curated' ? 'Submit for review' : 'Publish';
}

// ---- parties and onboarding -------------------------------------------------------------
// Ownership comes from the membership (its organization and role in it); the policy's
// permission, when /me lists it, can only take an action away.

function memberAs(me: Who, orgId: string, roles: readonly Role[]): boolean {
  return (me.organizations ?? []).some((o) => o.id === orgId && roles.includes(o.role));
}

/** The buyer organizations whose consignees the user reads (any buyer role). */
export function consigneeOrgs(me: Pick<Me, 'organizations'>) {
  return (me.organizations ?? []).filter((o) => o.kind === 'buyer');
}

/** consignee:create/update/delete — the buyer's admins. */
export function canManageConsignees(me: Who, orgId: string): boolean {
  return memberAs(me, orgId, ['buyer_admin']) && (may(me, 'consignee:update') ?? true);
}

/** The distributor organizations of the user. */
export function distributorOrgs(me: Pick<Me, 'organizations'>) {
  return (me.organizations ?? []).filter((o) => o.kind === 'distributor');
}

/** distributor_hub:create/update/delete (hubs and service regions) — the distributor's admins. */
export function canManageHubs(me: Who, orgId: string): boolean {
  return memberAs(me, orgId, ['distributor_admin']) && (may(me, 'distributor_hub:update') ?? true);
}

/** distributor_link:read for operator staff: every link of the marketplace. */
export function canSeeAllDistributorLinks(me: Who): boolean {
  return isCatalogStaff(me) && (may(me, 'distributor_link:read') ?? true);
}

/** distributor_link:create/update — marketplace admins. */
export function canManageDistributorLinks(me: Who): boolean {
  return may(me, 'distributor_link:create') ?? hasAny(me, ['marketplace_admin']);
}

const ORG_ADMIN_ROLES: readonly Role[] = ['seller_admin', 'buyer_admin', 'distributor_admin'];

/** The organizations whose onboarding the user runs (their admin). */
export function onboardingOrgs(me: Pick<Me, 'organizations'>) {
  return (me.organizations ?? []).filter((o) => ORG_ADMIN_ROLES.includes(o.role));
}

/**
 * Sees an organization's private data (payout references, beneficial owners): its members
 * and operator staff (parties.Insider); the server leaves the fields out for anyone else.
 */
export function seesPrivateData(me: Pick<Me, 'organizations'>, orgId: string): boolean {
  return (me.organizations ?? []).some((o) => o.id === orgId || o.kind === 'operator');
}

/** organization:update on this organization — its admin (the state decides the rest). */
export function canEditOnboarding(me: Who, orgId: string): boolean {
  return memberAs(me, orgId, ORG_ADMIN_ROLES) && (may(me, 'organization:update') ?? true);
}

// ---- compliance ---------------------------------------------------------------------------
// The default packs: compliance officers read and review checks and screen names; ops agents
// read checks; marketplace admins inherit the ops agent everywhere and the compliance officer
// except in curated marketplaces (heightened compliance: only officers decide there).

/** Roles that decide checks and screen names under the model's default pack. */
function complianceDeciders(model: Me['tenant']['model']): readonly Role[] {
  return model === 'curated' ? ['compliance_officer'] : ['compliance_officer', 'marketplace_admin'];
}

/** compliance_check:read — sees the review queue and past checks. */
export function canReadChecks(me: Who): boolean {
  return may(me, 'compliance_check:read') ?? hasAny(me, STAFF_ROLES);
}

/** compliance_check:review — clears a potential match as a false positive or confirms it. */
export function canReviewChecks(me: Who): boolean {
  return may(me, 'compliance_check:review') ?? hasAny(me, complianceDeciders(me.tenant.model));
}

/** screening:create — screens a name ad hoc. */
export function canScreenNames(me: Who): boolean {
  return may(me, 'screening:create') ?? hasAny(me, complianceDeciders(me.tenant.model));
}
