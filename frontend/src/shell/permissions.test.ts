import { describe, expect, it } from 'vitest';
import type { Me, MarketplaceModel, Role } from '../api/types';
import {
  canCurate,
  canEditProducts,
  canReadChecks,
  canReadProducts,
  canReviewChecks,
  canScreenNames,
  seesCurationStatus,
  seesPrivateData,
  submitLabel,
} from './permissions';

function me(role: Role, model: MarketplaceModel = 'curated', kind: Me['organizations'][number]['kind'] = 'seller'): Me {
  return {
    tenant: { id: 't', slug: 's', name: 'n', model, default_currency: 'EUR', commission_bps: 0, compliance_level: 'standard', created_at: '' },
    organizations: [{ id: 'o', kind, legal_name: 'Org', role }],
    roles: [role],
  };
}

describe('catalog permissions', () => {
  it('follows the default packs for reading the catalog', () => {
    expect(canReadProducts(me('buyer_purchaser', 'curated', 'buyer'))).toBe(true);
    expect(canReadProducts(me('seller_ops'))).toBe(true);
    expect(canReadProducts(me('ops_agent', 'curated', 'operator'))).toBe(true);
    expect(canReadProducts(me('distributor_ops', 'curated', 'distributor'))).toBe(false);
    expect(canReadProducts(me('distributor_ops', 'distributor_led', 'distributor'))).toBe(true);
  });

  it('lets only catalog roles edit and only curated marketplace admins curate', () => {
    expect(canEditProducts(me('seller_catalog'))).toBe(true);
    expect(canEditProducts(me('seller_admin'))).toBe(true);
    expect(canEditProducts(me('seller_ops'))).toBe(false);
    expect(canCurate(me('marketplace_admin', 'curated', 'operator'))).toBe(true);
    expect(canCurate(me('marketplace_admin', 'closed_portal', 'operator'))).toBe(false);
    expect(canCurate(me('compliance_officer', 'curated', 'operator'))).toBe(false);
  });

  it('shows curation states to sellers and staff, not buyers', () => {
    expect(seesCurationStatus(me('seller_ops'))).toBe(true);
    expect(seesCurationStatus(me('compliance_officer', 'curated', 'operator'))).toBe(true);
    expect(seesCurationStatus(me('buyer_admin', 'curated', 'buyer'))).toBe(false);
  });

  it('names the submit action after the model', () => {
    expect(submitLabel(me('seller_catalog', 'curated'))).toBe('Submit for review');
    expect(submitLabel(me('seller_catalog', 'closed_portal'))).toBe('Publish');
  });

  it("follows the marketplace's current policy from /me when it is there", () => {
    const ops = { ...me('ops_agent', 'curated', 'operator'), permissions: ['product:read', 'product:curate'] };
    expect(canCurate(ops)).toBe(true); // granted by this marketplace, not by the default pack
    const admin = { ...me('marketplace_admin', 'curated', 'operator'), permissions: ['product:read'] };
    expect(canCurate(admin)).toBe(false); // withdrawn
    const distributor = { ...me('distributor_ops', 'curated', 'distributor'), permissions: ['product:read'] };
    expect(canReadProducts(distributor)).toBe(true);
    const seller = { ...me('seller_catalog'), permissions: ['product:read'] };
    expect(canEditProducts(seller)).toBe(false);
  });
});

describe('compliance permissions', () => {
  it('follows the default packs: officers review and screen, staff read', () => {
    for (const model of ['curated', 'closed_portal', 'distributor_led'] as const) {
      const officer = me('compliance_officer', model, 'operator');
      expect(canReadChecks(officer)).toBe(true);
      expect(canReviewChecks(officer)).toBe(true);
      expect(canScreenNames(officer)).toBe(true);
      const ops = me('ops_agent', model, 'operator');
      expect(canReadChecks(ops)).toBe(true);
      expect(canReviewChecks(ops)).toBe(false);
      expect(canScreenNames(ops)).toBe(false);
      expect(canReadChecks(me('buyer_admin', model, 'buyer'))).toBe(false);
      expect(canReadChecks(me('seller_admin', model, 'seller'))).toBe(false);
    }
  });

  it('lets marketplace admins decide except in curated marketplaces', () => {
    const curated = me('marketplace_admin', 'curated', 'operator');
    expect(canReadChecks(curated)).toBe(true);
    expect(canReviewChecks(curated)).toBe(false);
    expect(canScreenNames(curated)).toBe(false);
    for (const model of ['closed_portal', 'distributor_led'] as const) {
      const admin = me('marketplace_admin', model, 'operator');
      expect(canReviewChecks(admin)).toBe(true);
      expect(canScreenNames(admin)).toBe(true);
    }
  });

  it("follows the marketplace's current policy from /me when it is there", () => {
    const ops = { ...me('ops_agent', 'curated', 'operator'), permissions: ['compliance_check:read', 'compliance_check:review'] };
    expect(canReviewChecks(ops)).toBe(true);
    expect(canScreenNames(ops)).toBe(false);
    const officer = { ...me('compliance_officer', 'curated', 'operator'), permissions: ['screening:create'] };
    expect(canReadChecks(officer)).toBe(false);
    expect(canReviewChecks(officer)).toBe(false);
    expect(canScreenNames(officer)).toBe(true);
  });
});

describe('private organization data', () => {
  it('is for the organization’s members and operator staff (parties.Insider)', () => {
    expect(seesPrivateData(me('buyer_purchaser', 'curated', 'buyer'), 'o')).toBe(true);
    expect(seesPrivateData(me('buyer_purchaser', 'curated', 'buyer'), 'another')).toBe(false);
    expect(seesPrivateData(me('ops_agent', 'curated', 'operator'), 'another')).toBe(true);
  });
});
