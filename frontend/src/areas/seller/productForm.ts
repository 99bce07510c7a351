// The product form's state: every input as text, so a half-typed value is kept as typed
// and the server's validation (which owns the rules) answers with field errors.

import type { CoASpec, Packaging, ProductCreate, ProductData } from '../../api/types';

export interface CoARow {
  /** Stable React key; not sent. */
  key: number;
  parameter: string;
  method: string;
  unit: string;
  min: string;
  max: string;
  text: string;
}

export interface ProductFormState {
  sku: string;
  seller_id: string;
  name: string;
  description: string;
  hs_code: string;
  country_of_origin: string;
  unit: string;
  eu_classification: string;
  us_classification: string;
  net_weight_g: string;
  gross_weight_g: string;
  length_mm: string;
  width_mm: string;
  height_mm: string;
  shelf_life_days: string;
  hazmat_un_number: string;
  packaging: { type: string; description: string; net_qty: string; per_pallet: string };
  coa: CoARow[];
}

export type NumberField = 'net_weight_g' | 'gross_weight_g' | 'length_mm' | 'width_mm' | 'height_mm' | 'shelf_life_days';
export type TextField = Exclude<keyof ProductFormState, NumberField | 'packaging' | 'coa'> | NumberField;

let nextKey = 1;
export function newCoARow(spec: Partial<CoASpec> = {}): CoARow {
  return {
    key: nextKey++,
    parameter: spec.parameter ?? '',
    method: spec.method ?? '',
    unit: spec.unit ?? '',
    min: spec.min ?? '',
    max: spec.max ?? '',
    text: spec.text ?? '',
  };
}

export function emptyForm(sellerId = ''): ProductFormState {
  return fromData({ name: '', hs_code: '', country_of_origin: '', unit: '' }, '', sellerId);
}

const str = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));

export function fromData(d: ProductData, sku = '', sellerId = ''): ProductFormState {
  return {
    sku,
    seller_id: sellerId,
    name: d.name ?? '',
    description: d.description ?? '',
    hs_code: d.hs_code ?? '',
    country_of_origin: d.country_of_origin ?? '',
    unit: d.unit ?? '',
    eu_classification: d.eu_classification ?? '',
    us_classification: d.us_classification ?? '',
    net_weight_g: str(d.net_weight_g),
    gross_weight_g: str(d.gross_weight_g),
    length_mm: str(d.length_mm),
    width_mm: str(d.width_mm),
    height_mm: str(d.height_mm),
    shelf_life_days: str(d.shelf_life_days),
    hazmat_un_number: d.hazmat_un_number ?? '',
    packaging: {
      type: d.packaging?.type ?? '',
      description: d.packaging?.description ?? '',
      net_qty: d.packaging?.net_qty ?? '',
      per_pallet: str(d.packaging?.per_pallet),
    },
    coa: (d.coa_spec ?? []).map((s) => newCoARow(s)),
  };
}

/**
 * An integer input as sent: blank is absent; a number is sent as a number; anything
 * else is sent as typed so the server names the field in its answer.
 */
function toInt(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return (Number.isFinite(n) ? n : t) as number;
}

function optional(s: string): string | undefined {
  const t = s.trim();
  return t === '' ? undefined : t;
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The master data as the API takes it. Every CoA row is sent, blank or not, in the order
 * shown, so that "/coa_spec/1/max" in an error names the second row on screen.
 */
export function toData(f: ProductFormState): ProductData {
  const packaging: Packaging = compact({
    type: optional(f.packaging.type),
    description: optional(f.packaging.description),
    net_qty: optional(f.packaging.net_qty),
    per_pallet: toInt(f.packaging.per_pallet),
  });
  return compact({
    name: f.name.trim(),
    description: optional(f.description),
    hs_code: f.hs_code.trim(),
    country_of_origin: f.country_of_origin.trim(),
    unit: f.unit.trim(),
    eu_classification: optional(f.eu_classification),
    us_classification: optional(f.us_classification),
    net_weight_g: toInt(f.net_weight_g),
    gross_weight_g: toInt(f.gross_weight_g),
    length_mm: toInt(f.length_mm),
    width_mm: toInt(f.width_mm),
    height_mm: toInt(f.height_mm),
    shelf_life_days: toInt(f.shelf_life_days),
    hazmat_un_number: optional(f.hazmat_un_number),
    packaging: Object.keys(packaging).length > 0 ? packaging : undefined,
    coa_spec: f.coa.length > 0
      ? f.coa.map((r) =>
          compact({
            parameter: r.parameter.trim(),
            method: optional(r.method),
            unit: optional(r.unit),
            min: optional(r.min),
            max: optional(r.max),
            text: optional(r.text),
          }),
        )
      : undefined,
  });
}

export function toCreate(f: ProductFormState): ProductCreate {
  return compact({ sku: f.sku.trim(), seller_id: f.seller_id || undefined, ...toData(f) });
}

/** Messages by JSON pointer. */
export type PointerMessages = Record<string, string[]>;

const COA_POINTER = /^\/coa_spec\/(\d+)(\/.*)?$/;

/** After row `index` is removed, later rows' messages move up one; the removed row's go. */
export function dropCoARow(messages: PointerMessages, index: number): PointerMessages {
  const out: PointerMessages = {};
  for (const [k, v] of Object.entries(messages)) {
    const m = COA_POINTER.exec(k);
    if (!m) {
      out[k] = v;
      continue;
    }
    const n = Number(m[1]);
    if (n === index) continue;
    out[n > index ? `/coa_spec/${n - 1}${m[2] ?? ''}` : k] = v;
  }
  return out;
}

/** Messages left after `pointers` were edited: a cell's own and its row's. */
export function withoutPointers(messages: PointerMessages, pointers: string[]): PointerMessages {
  if (!pointers.some((p) => p in messages)) return messages;
  const out = { ...messages };
  for (const p of pointers) delete out[p];
  return out;
}
