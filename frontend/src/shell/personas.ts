// Which back-office areas a user sees follows from their roles (DESIGN.md §3) and the kinds
// of organizations they belong to. The server still decides every action; this only
// shapes navigation.

import type { MarketplaceModel, Me, OrganizationKind, Role } from '../api/types';

export type Persona = 'operator' | 'seller' | 'buyer' | 'distributor';

export const PERSONAS: readonly Persona[] = ['operator', 'seller', 'buyer', 'distributor'];

export const PERSONA_LABELS: Record<Persona, string> = {
  operator: 'Operator',
  seller: 'Seller',
  buyer: 'Buyer',
  distributor: 'Distributor',
};

const ROLE_PERSONA: Record<Role, Persona> = {
  platform_admin: 'operator',
  marketplace_admin: 'operator',
  compliance_officer: 'operator',
  ops_agent: 'operator',
  seller_admin: 'seller',
  seller_catalog: 'seller',
  seller_ops: 'seller',
  buyer_admin: 'buyer',
  buyer_purchaser: 'buyer',
  buyer_approver: 'buyer',
  distributor_admin: 'distributor',
  distributor_ops: 'distributor',
};

export const ROLE_LABELS: Record<Role, string> = {
  platform_admin: 'Platform admin',
  marketplace_admin: 'Marketplace admin',
  compliance_officer: 'Compliance officer',
  ops_agent: 'Ops agent',
  seller_admin: 'Seller admin',
  seller_catalog: 'Catalog manager',
  seller_ops: 'Seller operations',
  buyer_admin: 'Buyer admin',
  buyer_purchaser: 'Purchaser',
  buyer_approver: 'Approver',
  distributor_admin: 'Distributor admin',
  distributor_ops: 'Distributor operations',
};

export const ROLE_DUTIES: Record<Role, string> = {
  platform_admin: 'Administers the platform across marketplaces.',
  marketplace_admin: 'Runs the marketplace: settings, policy, curation and onboarding approvals.',
  compliance_officer: 'Reviews screening hits and export-control holds; releases or blocks with a reason.',
  ops_agent: 'Watches exceptions, shipments and playbooks.',
  seller_admin: 'Manages the seller company, its users, licences and payouts.',
  seller_catalog: 'Maintains products, offers and price lists.',
  seller_ops: 'Accepts seller orders, prepares documents and ships.',
  buyer_admin: 'Manages the buyer company, its users and consignees.',
  buyer_purchaser: 'Searches across sellers, builds carts and sends RFQs.',
  buyer_approver: 'Approves orders in the purchasing pipeline.',
  distributor_admin: 'Manages the distributor company and its users.',
  distributor_ops: 'Takes over hand-offs and runs last-mile delivery.',
};

export const MODEL_LABELS: Record<MarketplaceModel, string> = {
  closed_portal: 'Closed portal',
  curated: 'Curated marketplace',
  distributor_led: 'Distributor-led',
};

export const MODEL_DESCRIPTIONS: Record<MarketplaceModel, string> = {
  closed_portal: 'Buyers join by invitation only; sellers sell to the invited buyer base.',
  curated: 'Sellers and their products are reviewed by the operator before buyers see them.',
  distributor_led: 'A distributor receives each hand-off and runs last-mile delivery.',
};

const KIND_PERSONA: Record<OrganizationKind, Persona> = {
  operator: 'operator',
  seller: 'seller',
  buyer: 'buyer',
  distributor: 'distributor',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

export function roleDuties(role: string): string {
  return ROLE_DUTIES[role as Role] ?? '';
}

export function modelLabel(model: string): string {
  return MODEL_LABELS[model as MarketplaceModel] ?? model;
}

export function personaOfRole(role: string): Persona | undefined {
  return ROLE_PERSONA[role as Role];
}

/** The personas of a user, in the fixed nav order. */
export function personasOf(me: Pick<Me, 'roles' | 'organizations'>): Persona[] {
  const found = new Set<Persona>();
  for (const r of me.roles ?? []) {
    const p = personaOfRole(r);
    if (p) found.add(p);
  }
  for (const o of me.organizations ?? []) {
    const p = personaOfRole(o.role) ?? KIND_PERSONA[o.kind];
    if (p) found.add(p);
  }
  return PERSONAS.filter((p) => found.has(p));
}

/** Memberships that belong to a persona (an operator org, or a role of that persona). */
export function membershipsFor(me: Pick<Me, 'organizations'>, persona: Persona) {
  return (me.organizations ?? []).filter((o) => (personaOfRole(o.role) ?? KIND_PERSONA[o.kind]) === persona);
}
