// Catalog fixtures for tests.

import type { Organization, Product, ProductRevision } from '../api/types';
import { SELLER_ORG } from './render';

let n = 0;

export function product(overrides: Partial<Product> = {}): Product {
  n += 1;
  return {
    id: `0190bbbb-0000-7000-8000-${String(n).padStart(12, '0')}`,
    sku: `SKU-${n}`,
    seller_id: SELLER_ORG,
    curation_status: 'approved',
    revision: 1,
    approved_revision: 1,
    created_at: '2025-02-01T00:00:00Z',
    updated_at: '2025-02-01T00:00:00Z',
    name: `Product ${n}`,
    hs_code: '291521',
    country_of_origin: 'DE',
    eu_classification: 'not_listed',
    us_classification: 'EAR99',
    unit: 'KGM',
    ...overrides,
  };
}

export function revision(overrides: Partial<ProductRevision> = {}): ProductRevision {
  return {
    number: 1,
    status: 'submitted',
    data: { name: 'Acetic acid', hs_code: '291521', country_of_origin: 'DE', unit: 'KGM' },
    changes: [],
    created_at: '2025-02-01T00:00:00Z',
    submitted_at: '2025-02-02T00:00:00Z',
    ...overrides,
  };
}

export function seller(id: string, legalName: string): Organization {
  return {
    id,
    kind: 'seller',
    legal_name: legalName,
    country: 'DE',
    onboarding_status: 'approved',
    screening_status: 'clear',
    invited: false,
    created_at: '2025-01-01T00:00:00Z',
  };
}
