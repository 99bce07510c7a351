import { describe, expect, it } from 'vitest';
import { commentableFields, expandChanges, fieldLabel, formatHS, formatSpec, isDualUse } from './productFields';

describe('productFields', () => {
  it('names pointers, CoA cells included', () => {
    expect(fieldLabel('/hs_code')).toBe('HS code');
    expect(fieldLabel('/packaging/net_qty')).toBe('Net quantity per package');
    expect(fieldLabel('/coa_spec/1/max')).toBe('CoA row 2 · Max');
    expect(fieldLabel('/coa_spec/0')).toBe('CoA row 1');
    expect(fieldLabel('/mystery')).toBe('/mystery');
  });

  it('expands top-level changes into per-field ones in form order', () => {
    const out = expandChanges([
      { field: '/unit', before: 'KGM', after: 'LTR' },
      {
        field: '/coa_spec',
        before: [{ parameter: 'Assay', min: '99' }],
        after: [{ parameter: 'Assay', min: '99.5' }, { parameter: 'Water', max: '0.1' }],
      },
      { field: '/packaging', before: { type: '3H1', per_pallet: 24 }, after: { type: '3H1', per_pallet: 30 } },
      { field: '/description', before: '', after: null },
      { field: '/name', before: 'Acid', after: 'Acetic acid' },
    ]);
    expect(out).toEqual([
      { field: '/name', before: 'Acid', after: 'Acetic acid' },
      { field: '/unit', before: 'KGM', after: 'LTR' },
      { field: '/packaging/per_pallet', before: 24, after: 30 },
      { field: '/coa_spec/0/min', before: '99', after: '99.5' },
      { field: '/coa_spec/1', before: undefined, after: { parameter: 'Water', max: '0.1' } },
    ]);
  });

  it('offers every field and CoA cell for comments', () => {
    const fields = commentableFields({ name: '', hs_code: '', country_of_origin: '', unit: '', coa_spec: [{ parameter: 'A' }] });
    expect(fields).toContain('/hs_code');
    expect(fields).toContain('/coa_spec/0');
    expect(fields).toContain('/coa_spec/0/text');
    expect(fields).not.toContain('/coa_spec/1');
  });

  it('formats codes and specs', () => {
    expect(formatHS('291521')).toBe('2915.21');
    expect(formatHS('8542310000')).toBe('8542.31.00.00');
    expect(formatSpec({ parameter: 'x', min: '1', max: '2' })).toBe('1 – 2');
    expect(formatSpec({ parameter: 'x', max: '0.1' })).toBe('≤ 0.1');
    expect(formatSpec({ parameter: 'x', text: 'clear' })).toBe('clear');
  });

  it.each([
    ['not_listed', 'EAR99', false],
    ['1C350', 'EAR99', true],
    ['not_listed', '5A992.c', true],
    [undefined, undefined, false],
  ])('dual-use %s / %s → %s', (eu, us, want) => {
    expect(isDualUse({ eu_classification: eu, us_classification: us })).toBe(want);
  });
});
