// Form plumbing shared by the editors: the server owns validation and answers with field
// errors keyed by JSON pointer ("/end_user/address/country"); each is shown at its input
// (aria-invalid, text linked by aria-describedby) and anything without an input goes to
// the banner, like the seller product form.

import { useCallback, useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { isApiError } from '../api/client';
import type { PostalAddress, Problem } from '../api/types';

export type PointerMessages = Record<string, string[]>;

export interface FieldErrors {
  errors: PointerMessages;
  problem: Problem | null;
  formRef: RefObject<HTMLFormElement | null>;
  idOf: (pointer: string) => string;
  /** id, aria-invalid and aria-describedby of the input for `pointer`. */
  aria: (pointer: string) => { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string };
  /** The error text of `pointer`, for right below its input. */
  messages: (pointer: string, prefix?: string) => ReactNode;
  /** The user edited these fields: their errors are stale. */
  edited: (...pointers: string[]) => void;
  /** Takes a rejected save: field errors to their inputs, the problem to the banner; rethrows anything else. */
  fail: (err: unknown) => void;
  reset: () => void;
}

export function useFieldErrors(): FieldErrors {
  const [errors, setErrors] = useState<PointerMessages>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [tick, setTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const base = useId();

  // Take the user to the first field the server refused.
  useEffect(() => {
    if (tick === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [tick]);

  const idOf = useCallback((pointer: string) => `${base}${pointer.replace(/[^A-Za-z0-9]/g, '_')}`, [base]);

  return {
    errors,
    problem,
    formRef,
    idOf,
    aria: (pointer) => ({
      id: idOf(pointer),
      'aria-invalid': errors[pointer]?.length ? true : undefined,
      'aria-describedby': errors[pointer]?.length ? `${idOf(pointer)}-error` : undefined,
    }),
    messages: (pointer, prefix) =>
      errors[pointer]?.length ? (
        <p className="field-error" id={`${idOf(pointer)}-error`}>
          {prefix}
          {errors[pointer]!.join('; ')}
        </p>
      ) : null,
    edited: (...pointers) =>
      setErrors((e) => {
        if (!pointers.some((p) => p in e)) return e;
        const next = { ...e };
        for (const p of pointers) delete next[p];
        return next;
      }),
    fail: (err) => {
      if (!isApiError(err)) throw err;
      setErrors(err.fieldErrorsByPointer());
      setProblem(err.problem);
      setTick((t) => t + 1);
    },
    reset: () => {
      setErrors({});
      setProblem(null);
    },
  };
}

/** The failed save: title, detail, how many problems, and those without an input on screen. */
export function FormProblem({ fe, placed }: { fe: FieldErrors; placed: (pointer: string) => boolean }) {
  if (!fe.problem) return null;
  const entries = Object.entries(fe.errors);
  const unplaced = entries.filter(([p]) => !placed(p));
  const count = entries.reduce((n, [, m]) => n + m.length, 0);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{fe.problem.title}</strong>
      {fe.problem.detail && <div>{fe.problem.detail}</div>}
      {count > 0 && (
        <div className="notice-meta">
          {count} {count === 1 ? 'problem' : 'problems'} to fix
          {unplaced.length < entries.length ? '; each is shown at its field.' : '.'}
        </div>
      )}
      {unplaced.length > 0 && (
        <ul className="notice-list">
          {unplaced.map(([p, m]) => (
            <li key={p}>
              <code className="mono">{p}</code> {m.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {fe.problem.request_id && <div className="notice-meta">Request id {fe.problem.request_id}</div>}
    </div>
  );
}

/** A labelled text input bound to a JSON pointer. */
export function TextField({
  fe,
  pointer,
  label,
  value,
  onChange,
  hint,
  placeholder,
  wide,
  multiline,
  type = 'text',
  autoComplete = 'off',
}: {
  fe: FieldErrors;
  pointer: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: ReactNode;
  placeholder?: string;
  wide?: boolean;
  multiline?: boolean;
  type?: string;
  autoComplete?: string;
}) {
  const a = fe.aria(pointer);
  const hintId = hint ? `${a.id}-hint` : undefined;
  const describedBy = [a['aria-describedby'], hintId].filter(Boolean).join(' ') || undefined;
  const props = {
    ...a,
    'aria-describedby': describedBy,
    value,
    placeholder,
    autoComplete,
    onChange: (e: { target: { value: string } }) => {
      onChange(e.target.value);
      fe.edited(pointer);
    },
  };
  return (
    <div className={multiline ? 'field field-full' : wide ? 'field field-wide' : 'field'}>
      <label htmlFor={a.id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input type={type} spellCheck={false} {...props} />}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {fe.messages(pointer)}
    </div>
  );
}

export interface AddressState {
  line1: string;
  line2: string;
  city: string;
  postal_code: string;
  region: string;
  country: string;
  unlocode: string;
}

export const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code', 'region', 'country', 'unlocode'] as const;

export function emptyAddress(): AddressState {
  return { line1: '', line2: '', city: '', postal_code: '', region: '', country: '', unlocode: '' };
}

export function addressState(a: Partial<PostalAddress> | undefined): AddressState {
  return {
    line1: a?.line1 ?? '',
    line2: a?.line2 ?? '',
    city: a?.city ?? '',
    postal_code: a?.postal_code ?? '',
    region: a?.region ?? '',
    country: a?.country ?? '',
    unlocode: a?.unlocode ?? '',
  };
}

/** Trimmed; optional parts left out when blank. */
export function addressInput(a: AddressState): PostalAddress {
  const out: PostalAddress = { line1: a.line1.trim(), city: a.city.trim(), country: a.country.trim().toUpperCase() };
  for (const k of ['line2', 'postal_code', 'region', 'unlocode'] as const) {
    const v = a[k].trim();
    if (v) out[k] = k === 'unlocode' ? v.toUpperCase().replace(/\s+/g, '') : v;
  }
  return out;
}

/** The pointers an address at `prefix` has inputs for (the address itself included). */
export function addressPointers(prefix: string): string[] {
  return [prefix, ...ADDRESS_FIELDS.map((f) => `${prefix}/${f}`)];
}

/** Address inputs whose errors are keyed under `prefix` ("/end_user/address/country"). */
export function AddressFields({
  fe,
  prefix,
  value,
  onChange,
  labelPrefix = '',
  unlocode = { label: 'UN/LOCODE', hint: 'Optional: the destination location in this country, e.g. NLRTM.' },
}: {
  fe: FieldErrors;
  prefix: string;
  value: AddressState;
  onChange: (a: AddressState) => void;
  labelPrefix?: string;
  unlocode?: { label: string; hint: string };
}) {
  const set = (k: keyof AddressState) => (v: string) => {
    onChange({ ...value, [k]: v });
    fe.edited(prefix);
  };
  const l = (s: string) => {
    if (!labelPrefix) return s;
    // "Address 2" + "Address line 1" reads "Address 2 line 1"; "End user" keeps "address line 1".
    const base = labelPrefix.startsWith('Address') ? s.replace(/^Address /, '') : s;
    return `${labelPrefix} ${/^[A-Z]{2}/.test(base) ? base : base.charAt(0).toLowerCase() + base.slice(1)}`;
  };
  return (
    <>
      {fe.errors[prefix]?.length ? <div className="field field-full">{fe.messages(prefix, `${labelPrefix || 'Address'}: `)}</div> : null}
      <TextField fe={fe} pointer={`${prefix}/line1`} label={l('Address line 1')} value={value.line1} onChange={set('line1')} wide />
      <TextField fe={fe} pointer={`${prefix}/line2`} label={l('Address line 2')} value={value.line2} onChange={set('line2')} wide />
      <TextField fe={fe} pointer={`${prefix}/postal_code`} label={l('Postal code')} value={value.postal_code} onChange={set('postal_code')} />
      <TextField fe={fe} pointer={`${prefix}/city`} label={l('City')} value={value.city} onChange={set('city')} />
      <TextField fe={fe} pointer={`${prefix}/region`} label={l('Region')} value={value.region} onChange={set('region')} />
      <TextField
        fe={fe}
        pointer={`${prefix}/country`}
        label={l('Country')}
        value={value.country}
        onChange={set('country')}
        placeholder="DE"
        hint="ISO 3166-1 alpha-2."
      />
      <TextField
        fe={fe}
        pointer={`${prefix}/unlocode`}
        label={l(unlocode.label)}
        value={value.unlocode}
        onChange={set('unlocode')}
        placeholder="NLRTM"
        hint={unlocode.hint}
      />
    </>
  );
}

/** A button that asks once more before doing something that cannot be undone. */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  className = 'btn btn-small btn-danger-outline',
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className} onClick={() => setAsking(true)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <span className="row-actions">
      <button
        type="button"
        className="btn btn-small btn-danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
