// The beneficial owners' rows of the company-data form (onboarding): a given list replaces
// the stored one, and the server's field errors (/beneficial_owners/1/birth_date) land at
// their inputs like the addresses'.

import { ApiError } from '../api/client';
import { BENEFICIAL_OWNER_KINDS, MAX_BENEFICIAL_OWNERS, type BeneficialOwner, type BeneficialOwnerKind } from '../api/types';
import { TextField, type FieldErrors } from './form';

export interface OwnerRow {
  key: number;
  name: string;
  kind: BeneficialOwnerKind;
  country: string;
  birth_date: string;
  share_pct: string;
}

let ownerKey = 1;

export function ownerRow(b?: BeneficialOwner): OwnerRow {
  return {
    key: ownerKey++,
    name: b?.name ?? '',
    kind: b?.kind ?? 'individual',
    country: b?.country ?? '',
    birth_date: b?.birth_date ?? '',
    share_pct: b ? String(b.share_pct) : '',
  };
}

const OWNER_FIELDS = ['name', 'kind', 'country', 'birth_date', 'share_pct'] as const;

/** The pointers the owners' inputs show errors for. */
export function ownerPointers(rows: OwnerRow[]): string[] {
  return ['/beneficial_owners', ...rows.flatMap((_, i) => OWNER_FIELDS.map((f) => `/beneficial_owners/${i}/${f}`))];
}

/** A share the browser can send: a whole number (the API takes an integer). */
function shareOf(s: string): number | undefined {
  const t = s.trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : undefined;
}

/**
 * The owners as the API takes them, or the field errors the browser finds first: a share
 * that is not a whole number cannot be sent as one. Everything else (names, countries,
 * birth dates, shares over 100) the server checks and reports by pointer.
 */
export function ownersInput(rows: OwnerRow[]): { owners: BeneficialOwner[] } | { error: ApiError } {
  const errors = rows.flatMap((r, i) =>
    shareOf(r.share_pct) === undefined
      ? [{ field: `/beneficial_owners/${i}/share_pct`, message: 'a whole percent from 0 to 100 (0 for control without shares)' }]
      : [],
  );
  if (errors.length) {
    return { error: new ApiError({ type: 'about:blank', title: 'Invalid request', status: 400, detail: 'check the beneficial owners’ shares', errors }) };
  }
  return {
    owners: rows.map((r) => {
      const b: BeneficialOwner = { name: r.name.trim(), kind: r.kind, share_pct: shareOf(r.share_pct)! };
      const country = r.country.trim().toUpperCase();
      if (country) b.country = country;
      const born = r.birth_date.trim();
      if (born && r.kind === 'individual') b.birth_date = born;
      return b;
    }),
  };
}

/** The owners' inputs; errors such as /beneficial_owners/1/birth_date land at theirs. */
export function OwnersFields({ fe, rows, onChange }: { fe: FieldErrors; rows: OwnerRow[]; onChange: (rows: OwnerRow[]) => void }) {
  const total = rows.reduce((n, r) => n + (shareOf(r.share_pct) ?? 0), 0);
  const change = (i: number, patch: Partial<OwnerRow>) => {
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    fe.edited('/beneficial_owners');
  };
  return (
    <>
      <h3>Beneficial owners</h3>
      <p className="muted small">
        Everyone who owns or controls the company (a share of 0 % for control without shares). They are screened with the company against the sanctions
        lists. Outsiders never see them.
      </p>
      {fe.messages('/beneficial_owners', 'Beneficial owners: ')}
      {rows.length === 0 && <p className="muted">No beneficial owners declared.</p>}
      {rows.map((r, i) => {
        const n = i + 1;
        const p = `/beneficial_owners/${i}`;
        const kind = fe.aria(`${p}/kind`);
        return (
          <fieldset key={r.key} className="form-grid address-block">
            <legend className="field-label">Owner {n}</legend>
            <TextField fe={fe} pointer={`${p}/name`} label={`Owner ${n} name`} value={r.name} onChange={(v) => change(i, { name: v })} wide />
            <div className="field">
              <label htmlFor={kind.id}>Owner {n} kind</label>
              <select
                {...kind}
                value={r.kind}
                onChange={(e) => {
                  const k = e.target.value as BeneficialOwnerKind;
                  // A company has no birth date: the server refuses one.
                  change(i, k === 'entity' ? { kind: k, birth_date: '' } : { kind: k });
                  fe.edited(`${p}/kind`, `${p}/birth_date`);
                }}
              >
                {BENEFICIAL_OWNER_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k === 'individual' ? 'individual (a person)' : 'entity (a company)'}
                  </option>
                ))}
              </select>
              {fe.messages(`${p}/kind`)}
            </div>
            <TextField
              fe={fe}
              pointer={`${p}/country`}
              label={`Owner ${n} country`}
              value={r.country}
              onChange={(v) => change(i, { country: v })}
              placeholder="DE"
              hint={r.kind === 'entity' ? 'Country of incorporation, ISO 3166-1 alpha-2.' : 'Nationality, ISO 3166-1 alpha-2.'}
            />
            {r.kind === 'individual' ? (
              <TextField
                fe={fe}
                pointer={`${p}/birth_date`}
                label={`Owner ${n} birth date`}
                value={r.birth_date}
                onChange={(v) => change(i, { birth_date: v })}
                placeholder="1970-05-31"
                hint="YYYY, YYYY-MM or YYYY-MM-DD, as far as known."
              />
            ) : (
              // An entity's birth date error (from a list saved as an individual) still has a place.
              fe.errors[`${p}/birth_date`]?.length ? <div className="field">{fe.messages(`${p}/birth_date`, `Owner ${n} birth date: `)}</div> : null
            )}
            <TextField
              fe={fe}
              pointer={`${p}/share_pct`}
              label={`Owner ${n} share (%)`}
              value={r.share_pct}
              onChange={(v) => change(i, { share_pct: v })}
              placeholder="25"
              hint="Whole percent, 0 to 100."
            />
            <div className="field">
              <button
                type="button"
                className="btn btn-small btn-quiet"
                onClick={() => {
                  onChange(rows.filter((_, j) => j !== i));
                  // The rows after it move up: their errors no longer point at them.
                  fe.edited(...ownerPointers(rows));
                }}
              >
                Remove owner {n}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div className="form-actions">
        <button type="button" className="btn btn-small" onClick={() => onChange([...rows, ownerRow()])} disabled={rows.length >= MAX_BENEFICIAL_OWNERS}>
          Add beneficial owner
        </button>
        {rows.length > 0 && (
          <span className={total > 100 ? 'small text-danger' : 'muted small'} role="status">
            Shares add up to {total} %{total > 100 ? ': more than 100 %' : ''}.
          </span>
        )}
        {rows.length >= MAX_BENEFICIAL_OWNERS && <span className="muted small">At most {MAX_BENEFICIAL_OWNERS} owners.</span>}
      </div>
    </>
  );
}
