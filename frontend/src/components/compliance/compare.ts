// Where a screened party and a list entry agree or disagree, for the reviewer's eye only:
// the matcher has already scored the match, this just lines the facts up. The list gives
// countries as ISO 3166-1 alpha-2 where it can and as the published name otherwise
// (addresses always by name), so names are resolved to codes through the English region
// names of Intl.DisplayNames; a name that does not resolve counts for nothing either way.

import type { ListEntry, ScreeningKind } from '../../api/types';

/** What the reviewer compares a list entry against: the party as screened. */
export interface PartyFacts {
  name: string;
  /** Known for organizations (entity) and ad hoc screenings that gave one. */
  kind?: ScreeningKind;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  birth_date?: string;
}

/** agree: the entry supports the match on this fact; differ: it speaks against it. */
export type Agreement = 'agree' | 'differ' | 'unknown';

let regionNames: Intl.DisplayNames | null | undefined;

function displayNames(): Intl.DisplayNames | null {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    } catch {
      regionNames = null;
    }
  }
  return regionNames;
}

/** The current code of a region: deprecated ones (DD, SU, UK) map to their successor. */
function canonicalRegion(code: string): string {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0]?.slice(4) ?? code;
  } catch {
    return code;
  }
}

/** "DE" → "Germany"; the input when it is not a known code. */
export function countryName(code: string): string {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(c)) return code;
  try {
    return displayNames()?.of(c) ?? code;
  } catch {
    return code;
  }
}

function normalize(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\b(the|of|republic|islamic|democratic|peoples|people s|federation|state|kingdom)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

let byName: Map<string, string> | undefined;

/** Normalised English country name → code, built once from Intl. */
function nameIndex(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const dn = displayNames();
  if (!dn) return byName;
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      if (canonicalRegion(code) !== code) continue;
      let name: string | undefined;
      try {
        name = dn.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || /unknown/i.test(name)) continue;
      const key = normalize(name);
      if (key && !byName.has(key)) byName.set(key, code);
    }
  }
  // Names the lists publish that differ from the English region names.
  for (const [name, code] of [
    ['korea north', 'KP'],
    ['korea south', 'KR'],
    ['burma', 'MM'],
    ['russian', 'RU'],
    ['syrian arab', 'SY'],
    ['iran', 'IR'],
    ['viet nam', 'VN'],
    ['lao', 'LA'],
    ['czech', 'CZ'],
    ['turkey', 'TR'],
    ['ivory coast', 'CI'],
    ['congo kinshasa', 'CD'],
    ['congo brazzaville', 'CG'],
    ['palestinian', 'PS'],
    ['united states america', 'US'],
    ['usa', 'US'],
    ['uk', 'GB'],
  ] as const) {
    if (!byName.has(name)) byName.set(name, code);
  }
  return byName;
}

/** An ISO code or a country name as a code, or undefined when it does not resolve. */
export function countryCode(value: string): string | undefined {
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) {
    const up = canonicalRegion(v.toUpperCase());
    const name = countryName(up);
    return name !== up && !/unknown/i.test(name) ? up : undefined;
  }
  const key = normalize(v);
  if (!key) return undefined;
  const idx = nameIndex();
  const exact = idx.get(key);
  if (exact) return exact;
  // "Iran, Islamic Republic of" → "iran"; "Region: Crimea, Ukraine" is left to the last part.
  for (const [name, code] of idx) {
    if (name.length >= 4 && (key === name || key.startsWith(`${name} `) || key.endsWith(` ${name}`))) return code;
  }
  return undefined;
}

/** "DE" or "Germany" → "DE (Germany)"; anything that does not resolve as it is. */
export function countryLabel(value: string): string {
  const code = countryCode(value);
  return code ? `${code} (${countryName(code)})` : value;
}

/** Where the entry places someone: each resolved country with what said so. */
export interface EntryCountry {
  code: string;
  from: 'nationality' | 'citizenship' | 'document' | 'flag' | 'address' | 'birth place';
}

export function entryCountries(entry: ListEntry): EntryCountry[] {
  const out: EntryCountry[] = [];
  const add = (value: string | undefined, from: EntryCountry['from']) => {
    if (!value) return;
    const code = countryCode(value);
    if (code && !out.some((c) => c.code === code && c.from === from)) out.push({ code, from });
  };
  for (const v of entry.nationalities ?? []) add(v, 'nationality');
  for (const v of entry.citizenships ?? []) add(v, 'citizenship');
  for (const d of entry.documents ?? []) add(d.country, 'document');
  add(entry.vessel?.flag, 'flag');
  // Addresses and birth places end with the country: "Tehran, Iran", "Giza, EG".
  for (const a of entry.addresses ?? []) add(lastPart(a), 'address');
  for (const p of entry.birth_places ?? []) add(lastPart(p), 'birth place');
  return out;
}

function lastPart(s: string): string {
  const noNote = s.replace(/\s*\([^)]*\)\s*$/, '');
  const parts = noNote.split(',');
  return parts[parts.length - 1] ?? '';
}

export interface CountryComparison {
  state: Agreement;
  party?: string;
  entry: EntryCountry[];
}

/** The party's country against every country the entry names. */
export function compareCountry(partyCountry: string | undefined, entry: ListEntry | undefined): CountryComparison {
  const countries = entry ? entryCountries(entry) : [];
  const party = partyCountry ? countryCode(partyCountry) : undefined;
  if (!party || countries.length === 0) return { state: 'unknown', party, entry: countries };
  return { state: countries.some((c) => c.code === party) ? 'agree' : 'differ', party, entry: countries };
}

interface DateParts {
  year: number;
  month?: number;
  day?: number;
  /** A range of years from the list's text ("1960 to 1962"). */
  toYear?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * YYYY[-MM[-DD]]; the lists' "30 Aug 1954" and "Aug 1954"; else the years written in free
 * text ("circa 1960", "1960 to 1962"); undefined without a year.
 */
export function parseBirthDate(s: string): DateParts | undefined {
  const iso = /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$/.exec(s);
  if (iso) {
    return { year: Number(iso[1]), month: iso[2] ? Number(iso[2]) : undefined, day: iso[3] ? Number(iso[3]) : undefined };
  }
  const written = /^\s*(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})\s*$/.exec(s);
  const month = written ? MONTHS.indexOf(written[2]!.slice(0, 3).toLowerCase()) + 1 : 0;
  if (written && month > 0) {
    return { year: Number(written[3]), month, day: written[1] ? Number(written[1]) : undefined };
  }
  const years = [...s.matchAll(/\b(1[89]\d{2}|20\d{2})\b/g)].map((m) => Number(m[1]));
  if (years.length === 0) return undefined;
  return { year: Math.min(...years), toYear: years.length > 1 ? Math.max(...years) : undefined };
}

/** Equal on every part both dates have: 1964 agrees with 1964-03-12, 1964-04 does not. */
function sameDate(a: DateParts, b: DateParts): boolean {
  const range = a.toYear !== undefined ? a : b.toYear !== undefined ? b : undefined;
  if (range) {
    const other = range === a ? b : a;
    return other.year >= range.year && other.year <= range.toYear!;
  }
  if (a.year !== b.year) return false;
  if (a.month === undefined || b.month === undefined) return true;
  if (a.month !== b.month) return false;
  return a.day === undefined || b.day === undefined || a.day === b.day;
}

export interface BirthDateComparison {
  state: Agreement;
  /** The entry's dates that agree with the party's. */
  agreeing: string[];
}

/** The party's birth date against the entry's; unknown unless both sides have a usable date. */
export function compareBirthDate(partyDate: string | undefined, entry: ListEntry | undefined): BirthDateComparison {
  const party = partyDate ? parseBirthDate(partyDate) : undefined;
  const dates = (entry?.birth_dates ?? []).map((d) => ({ text: d, parts: parseBirthDate(d) })).filter((d) => d.parts);
  if (!party || dates.length === 0) return { state: 'unknown', agreeing: [] };
  const agreeing = dates.filter((d) => sameDate(party, d.parts!)).map((d) => d.text);
  return { state: agreeing.length > 0 ? 'agree' : 'differ', agreeing };
}

/** An individual is not a company: a kind both sides know and that differs speaks against the match. */
export function compareKind(partyKind: ScreeningKind | undefined, entry: ListEntry | undefined): Agreement {
  if (!partyKind || !entry || entry.kind === 'unknown') return 'unknown';
  return partyKind === entry.kind ? 'agree' : 'differ';
}
