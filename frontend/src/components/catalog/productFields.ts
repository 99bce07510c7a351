// Product fields by JSON pointer: the names the API uses in field errors, revision
// changes and curation comments ("/hs_code", "/packaging/net_qty", "/coa_spec/1/max").

import type { CoASpec, CurationStatus, ProductChange, ProductData } from '../../api/types';

const LABELS: Record<string, string> = {
  '/sku': 'SKU',
  '/seller_id': 'Seller',
  '/name': 'Name',
  '/description': 'Description',
  '/hs_code': 'HS code',
  '/country_of_origin': 'Country of origin',
  '/eu_classification': 'EU dual-use (Annex I)',
  '/us_classification': 'US ECCN',
  '/unit': 'Unit',
  '/net_weight_g': 'Net weight (g)',
  '/gross_weight_g': 'Gross weight (g)',
  '/length_mm': 'Length (mm)',
  '/width_mm': 'Width (mm)',
  '/height_mm': 'Height (mm)',
  '/hazmat_un_number': 'UN number',
  '/shelf_life_days': 'Shelf life (days)',
  '/packaging': 'Packaging',
  '/packaging/type': 'Package type',
  '/packaging/description': 'Package description',
  '/packaging/net_qty': 'Net quantity per package',
  '/packaging/per_pallet': 'Packages per pallet',
  '/coa_spec': 'CoA specification',
};

export const COA_COLUMNS: { key: keyof CoASpec; label: string }[] = [
  { key: 'parameter', label: 'Parameter' },
  { key: 'method', label: 'Method' },
  { key: 'unit', label: 'Unit' },
  { key: 'min', label: 'Min' },
  { key: 'max', label: 'Max' },
  { key: 'text', label: 'Text requirement' },
];

/** The top-level and packaging fields in form order (CoA rows are added per row). */
export const PRODUCT_FIELDS: string[] = [
  '/name',
  '/description',
  '/hs_code',
  '/country_of_origin',
  '/unit',
  '/eu_classification',
  '/us_classification',
  '/net_weight_g',
  '/gross_weight_g',
  '/length_mm',
  '/width_mm',
  '/height_mm',
  '/shelf_life_days',
  '/hazmat_un_number',
  '/packaging/type',
  '/packaging/description',
  '/packaging/net_qty',
  '/packaging/per_pallet',
  '/coa_spec',
];

const COA_RE = /^\/coa_spec\/(\d+)(?:\/(\w+))?$/;

/** A readable name for a pointer: "/coa_spec/1/max" → "CoA row 2 · Max". */
export function fieldLabel(pointer: string): string {
  const known = LABELS[pointer];
  if (known) return known;
  const m = COA_RE.exec(pointer);
  if (m) {
    const row = `CoA row ${Number(m[1]) + 1}`;
    if (!m[2]) return row;
    return `${row} · ${COA_COLUMNS.find((c) => c.key === m[2])?.label ?? m[2]}`;
  }
  return pointer;
}

/** Every pointer a curator can comment on for this data: fields, then each CoA row's cells. */
export function commentableFields(data: ProductData | undefined): string[] {
  const out = ['/sku', ...PRODUCT_FIELDS];
  (data?.coa_spec ?? []).forEach((_, i) => {
    out.push(`/coa_spec/${i}`);
    for (const c of COA_COLUMNS) out.push(`/coa_spec/${i}/${c.key}`);
  });
  return out;
}

export function isDualUseEU(code: string | undefined): boolean {
  return !!code && code !== 'not_listed';
}

export function isControlledUS(code: string | undefined): boolean {
  return !!code && code.toUpperCase() !== 'EAR99';
}

export function isDualUse(p: Pick<ProductData, 'eu_classification' | 'us_classification'>): boolean {
  return isDualUseEU(p.eu_classification) || isControlledUS(p.us_classification);
}

/** HS code digits grouped as customs tariffs print them: 291521 → "2915.21", 8542310000 → "8542.31.00.00". */
export function formatHS(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (!/^\d{6,10}$/.test(code)) return code;
  const parts = [code.slice(0, 4), ...(code.slice(4).match(/\d{1,2}/g) ?? [])];
  return parts.join('.');
}

/** Grams as kg when large enough: 25000 → "25 kg", 850 → "850 g". */
export function formatGrams(g: number | undefined): string | undefined {
  if (g === undefined || g === null) return undefined;
  if (Math.abs(g) >= 1000) return `${(g / 1000).toLocaleString('en', { maximumFractionDigits: 3 })} kg`;
  return `${g.toLocaleString('en')} g`;
}

export function formatDimensions(d: Pick<ProductData, 'length_mm' | 'width_mm' | 'height_mm'>): string | undefined {
  const parts = [d.length_mm, d.width_mm, d.height_mm];
  if (parts.every((v) => v === undefined || v === null)) return undefined;
  return `${parts.map((v) => (v === undefined || v === null ? '?' : v.toLocaleString('en'))).join(' × ')} mm`;
}

/** A CoA row's requirement: "≥ 99.8", "≤ 0.15", "99.5 – 100.5" or its text. */
export function formatSpec(s: CoASpec): string {
  if (s.min && s.max) return `${s.min} – ${s.max}`;
  if (s.min) return `≥ ${s.min}`;
  if (s.max) return `≤ ${s.max}`;
  return s.text ?? '';
}

export const CURATION_STATUS_LABELS: Record<CurationStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  changes_requested: 'Changes requested',
  rejected: 'Rejected',
};

/** A value from a revision or a change as short text; undefined for "nothing". */
export function formatValue(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(formatValue).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.parameter === 'string') {
      const spec = o as unknown as CoASpec;
      return [spec.parameter, spec.method, spec.unit, formatSpec(spec)].filter(Boolean).join(' · ');
    }
    const parts = Object.entries(o)
      .map(([k, x]) => [k, formatValue(x)] as const)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}: ${x}`);
    return parts.length ? parts.join(', ') : undefined;
  }
  return JSON.stringify(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * Expands the server's top-level changes into per-field ones: "/coa_spec" becomes
 * "/coa_spec/1/max" (or "/coa_spec/3" for a whole row added or removed) and
 * "/packaging" becomes "/packaging/net_qty". Changes from nothing to nothing are dropped.
 */
export function expandChanges(changes: ProductChange[]): ProductChange[] {
  const out: ProductChange[] = [];
  const walk = (field: string, before: unknown, after: unknown) => {
    if (isEmpty(before) && isEmpty(after)) return;
    if (Array.isArray(before) || Array.isArray(after)) {
      const b = Array.isArray(before) ? before : [];
      const a = Array.isArray(after) ? after : [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i >= b.length || i >= a.length) out.push({ field: `${field}/${i}`, before: b[i], after: a[i] });
        else walk(`${field}/${i}`, b[i], a[i]);
      }
      return;
    }
    if (isPlainObject(before) || isPlainObject(after)) {
      const b = isPlainObject(before) ? before : {};
      const a = isPlainObject(after) ? after : {};
      const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
      for (const k of keys) walk(`${field}/${k}`, b[k], a[k]);
      return;
    }
    if (before !== after) out.push({ field, before, after });
  };
  for (const c of changes) walk(c.field, c.before, c.after);
  // Form order rather than the server's alphabetical one; CoA rows keep their order.
  return out
    .map((c, i) => ({ c, i, rank: fieldRank(c.field) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.c);
}

const ORDER = ['/sku', ...PRODUCT_FIELDS];

/** Position of a pointer in form order; nested pointers sort with their field. */
export function fieldRank(pointer: string): number {
  const i = ORDER.findIndex((f) => pointer === f || pointer.startsWith(`${f}/`) || f.startsWith(`${pointer}/`));
  return i === -1 ? ORDER.length : i;
}
