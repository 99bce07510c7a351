import { Fragment, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import type { MeOrganization, Problem } from '../../api/types';
import { COA_COLUMNS, fieldLabel, PRODUCT_FIELDS } from '../../components/catalog/productFields';
import {
  dropCoARow,
  newCoARow,
  toCreate,
  withoutPointers,
  type CoARow,
  type PointerMessages,
  type ProductFormState,
  type TextField,
} from './productForm';

export interface ProductFormProps {
  mode: 'create' | 'edit';
  initial: ProductFormState;
  /** Seller organizations the user may create products for (create mode). */
  sellers: MeOrganization[];
  /** The curator's comments on the revision being edited, by JSON pointer. */
  comments?: PointerMessages;
  /** Saves; a rejected ApiError's field errors are shown next to their fields. */
  onSave: (state: ProductFormState) => Promise<void>;
  onDirtyChange?: (dirty: boolean) => void;
  saveLabel?: string;
  cancelTo: string;
}

/**
 * The full master data of a product, CoA rows included. Validation is the server's: every
 * field error it returns (a JSON pointer such as "/coa_spec/1/max") is shown at its input;
 * errors for fields the form has no input for are listed in the banner.
 */
export function ProductForm({ mode, initial, sellers, comments = {}, onSave, onDirtyChange, saveLabel, cancelTo }: ProductFormProps) {
  const [state, setState] = useState(initial);
  const [errors, setErrors] = useState<PointerMessages>({});
  const [notes, setNotes] = useState<PointerMessages>(comments);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);
  const [errorTick, setErrorTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const base = useId();

  const dirty = useMemo(() => JSON.stringify(toCreate(state)) !== JSON.stringify(toCreate(initial)), [state, initial]);
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  // Take the user to the first field the server refused.
  useEffect(() => {
    if (errorTick === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errorTick]);

  const idOf = (pointer: string) => `${base}${pointer.replace(/[^A-Za-z0-9]/g, '_')}`;

  /** aria props of an input: invalid for its own pointer, described by its and its row's messages. */
  function aria(pointer: string, alsoDescribedBy: string[] = []) {
    const ids: string[] = [];
    for (const p of [pointer, ...alsoDescribedBy]) {
      if (errors[p]?.length) ids.push(`${idOf(p)}-error`);
      if (notes[p]?.length) ids.push(`${idOf(p)}-note`);
    }
    return {
      id: idOf(pointer),
      'aria-invalid': errors[pointer]?.length ? (true as const) : undefined,
      'aria-describedby': ids.length ? ids.join(' ') : undefined,
    };
  }

  function messages(pointer: string, prefix?: string) {
    return (
      <>
        {errors[pointer]?.length ? (
          <p className="field-error" id={`${idOf(pointer)}-error`}>
            {prefix}
            {errors[pointer]!.join('; ')}
          </p>
        ) : null}
        {notes[pointer]?.length ? (
          <p className="field-note" id={`${idOf(pointer)}-note`}>
            Reviewer: {notes[pointer]!.join('; ')}
          </p>
        ) : null}
      </>
    );
  }

  function edited(pointers: string[]) {
    setErrors((e) => withoutPointers(e, pointers));
  }

  function set(field: TextField, value: string) {
    setState((s) => ({ ...s, [field]: value }));
    edited([`/${field}`]);
  }

  function setPackaging(field: keyof ProductFormState['packaging'], value: string) {
    setState((s) => ({ ...s, packaging: { ...s.packaging, [field]: value } }));
    edited([`/packaging/${field}`, '/packaging']);
  }

  function setCoA(index: number, field: keyof Omit<CoARow, 'key'>, value: string) {
    setState((s) => ({ ...s, coa: s.coa.map((r, i) => (i === index ? { ...r, [field]: value } : r)) }));
    edited([`/coa_spec/${index}/${field}`, `/coa_spec/${index}`, '/coa_spec']);
  }

  function addCoA() {
    setState((s) => ({ ...s, coa: [...s.coa, newCoARow()] }));
  }

  function removeCoA(index: number) {
    setState((s) => ({ ...s, coa: s.coa.filter((_, i) => i !== index) }));
    setErrors((e) => dropCoARow(e, index));
    setNotes((n) => dropCoARow(n, index));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setProblem(null);
    try {
      await onSave(state);
      setErrors({});
    } catch (err) {
      if (!isApiError(err)) throw err;
      const byPointer = err.fieldErrorsByPointer();
      // A duplicate SKU is a 409 without field errors; it belongs next to the SKU.
      if (err.status === 409 && mode === 'create' && Object.keys(byPointer).length === 0 && /sku/i.test(err.problem.detail ?? '')) {
        byPointer['/sku'] = [err.problem.detail ?? 'already exists'];
      }
      setErrors(byPointer);
      setProblem(err.problem);
      setErrorTick((t) => t + 1);
    } finally {
      setSaving(false);
    }
  }

  // Pointers with an input or a slot on screen; anything else goes to the banner.
  const placed = new Set<string>(['/sku', '/seller_id', '/packaging', ...PRODUCT_FIELDS]);
  state.coa.forEach((_, i) => {
    placed.add(`/coa_spec/${i}`);
    for (const c of COA_COLUMNS) placed.add(`/coa_spec/${i}/${c.key}`);
  });
  const unplaced = Object.entries(errors).filter(([p]) => !placed.has(p));
  const errorCount = Object.values(errors).reduce((n, m) => n + m.length, 0);

  function text(field: TextField, label: string, opts: { hint?: ReactNode; placeholder?: string; numeric?: boolean; wide?: boolean } = {}) {
    const pointer = `/${field}`;
    return (
      <div className={opts.wide ? 'field field-wide' : 'field'}>
        <label htmlFor={idOf(pointer)}>{label}</label>
        <input
          {...aria(pointer)}
          name={field}
          value={state[field]}
          placeholder={opts.placeholder}
          inputMode={opts.numeric ? 'numeric' : undefined}
          onChange={(e) => set(field, e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        {opts.hint && <p className="field-hint">{opts.hint}</p>}
        {messages(pointer)}
      </div>
    );
  }

  function packagingField(field: keyof ProductFormState['packaging'], label: string, opts: { placeholder?: string; numeric?: boolean } = {}) {
    const pointer = `/packaging/${field}`;
    return (
      <div className="field">
        <label htmlFor={idOf(pointer)}>{label}</label>
        <input
          {...aria(pointer)}
          name={`packaging.${field}`}
          value={state.packaging[field]}
          placeholder={opts.placeholder}
          inputMode={opts.numeric ? 'numeric' : undefined}
          onChange={(e) => setPackaging(field, e.target.value)}
          autoComplete="off"
        />
        {messages(pointer)}
      </div>
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="product-form">
      {problem && (
        <div className="notice notice-error" role="alert">
          <strong>{problem.title}</strong>
          {problem.detail && <div>{problem.detail}</div>}
          {errorCount > 0 && (
            <div className="notice-meta">
              {errorCount} {errorCount === 1 ? 'problem' : 'problems'} to fix
              {unplaced.length < Object.keys(errors).length ? '; each is shown at its field.' : '.'}
            </div>
          )}
          {unplaced.length > 0 && (
            <ul className="notice-list">
              {unplaced.map(([p, m]) => (
                <li key={p}>
                  {fieldLabel(p)}: {m.join('; ')}
                </li>
              ))}
            </ul>
          )}
          {problem.request_id && <div className="notice-meta">Request id {problem.request_id}</div>}
        </div>
      )}

      <section className="panel">
        <div className="panel-header">
          <h2>Identity</h2>
        </div>
        <div className="panel-body form-grid">
          {mode === 'create' ? (
            text('sku', 'SKU', { hint: 'Your article number: 1 to 64 characters, no spaces. Cannot be changed later.' })
          ) : (
            <div className="field">
              <label htmlFor={idOf('/sku')}>SKU</label>
              <input {...aria('/sku')} value={state.sku} readOnly disabled />
              {messages('/sku')}
            </div>
          )}
          {mode === 'create' && sellers.length > 1 ? (
            <div className="field">
              <label htmlFor={idOf('/seller_id')}>Seller</label>
              <select {...aria('/seller_id')} value={state.seller_id} onChange={(e) => set('seller_id', e.target.value)}>
                <option value="">Choose the seller…</option>
                {sellers.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.legal_name}
                  </option>
                ))}
              </select>
              {messages('/seller_id')}
            </div>
          ) : (
            <div className="field">
              <span className="field-label">Seller</span>
              <div className="field-static">{sellers.find((s) => s.id === state.seller_id)?.legal_name ?? sellers[0]?.legal_name ?? '—'}</div>
              {messages('/seller_id')}
            </div>
          )}
          {text('name', 'Name', { wide: true })}
          <div className="field field-full">
            <label htmlFor={idOf('/description')}>Description</label>
            <textarea
              {...aria('/description')}
              name="description"
              rows={3}
              value={state.description}
              onChange={(e) => set('description', e.target.value)}
            />
            {messages('/description')}
          </div>
        </div>
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Trade and customs</h2>
        </div>
        <div className="panel-body form-grid">
          {text('hs_code', 'HS code', { placeholder: '2915.21', hint: '6 to 10 digits; dots and spaces are ignored.' })}
          {text('country_of_origin', 'Country of origin', { placeholder: 'DE', hint: 'ISO 3166-1 alpha-2.' })}
          {text('unit', 'Unit', { placeholder: 'KGM', hint: 'UN/ECE Rec 20: KGM, LTR, H87 (piece)…' })}
          {text('eu_classification', 'EU dual-use (Annex I)', { placeholder: 'not_listed', hint: 'e.g. 1C350; blank means not listed.' })}
          {text('us_classification', 'US ECCN', { placeholder: 'EAR99', hint: 'e.g. 3A001.a.1; blank means EAR99.' })}
        </div>
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Physical</h2>
        </div>
        <div className="panel-body form-grid">
          {text('net_weight_g', 'Net weight (g)', { numeric: true })}
          {text('gross_weight_g', 'Gross weight (g)', { numeric: true })}
          {text('shelf_life_days', 'Shelf life (days)', { numeric: true })}
          {text('length_mm', 'Length (mm)', { numeric: true })}
          {text('width_mm', 'Width (mm)', { numeric: true })}
          {text('height_mm', 'Height (mm)', { numeric: true })}
        </div>
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Hazmat and packaging</h2>
        </div>
        <div className="panel-body form-grid">
          {text('hazmat_un_number', 'UN number', { placeholder: 'UN1090', hint: 'Dangerous goods only; blank if not regulated.' })}
          {packagingField('type', 'Package type', { placeholder: '3H1' })}
          {packagingField('description', 'Package description', { placeholder: '25 kg HDPE canister' })}
          {packagingField('net_qty', 'Net quantity per package', { placeholder: '25' })}
          {packagingField('per_pallet', 'Packages per pallet', { numeric: true })}
          {(errors['/packaging'] || notes['/packaging']) && <div className="field field-full">{messages('/packaging', 'Packaging: ')}</div>}
        </div>
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Certificate of analysis: specification</h2>
          <div className="panel-actions">
            <button type="button" className="btn btn-small" onClick={addCoA}>
              Add CoA row
            </button>
          </div>
        </div>
        <div className="panel-body panel-body-flush">
          {errors['/coa_spec'] || notes['/coa_spec'] ? (
            <div className="coa-messages">{messages('/coa_spec', 'CoA specification: ')}</div>
          ) : null}
          {state.coa.length === 0 ? (
            <div className="empty">No specification rows. Each row is a parameter with a numeric range (min, max) or a text requirement.</div>
          ) : (
            <table className="table table-dense coa-editor">
              <thead>
                <tr>
                  <th className="coa-index">#</th>
                  {COA_COLUMNS.map((c) => (
                    <th key={c.key}>{c.label}</th>
                  ))}
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {state.coa.map((row, i) => {
                  const rowPointer = `/coa_spec/${i}`;
                  const rowMessage = errors[rowPointer]?.length || notes[rowPointer]?.length;
                  return (
                    <Fragment key={row.key}>
                      <tr className={errors[rowPointer]?.length ? 'row-invalid' : undefined}>
                        <td className="coa-index muted">{i + 1}</td>
                        {COA_COLUMNS.map((c) => {
                          const pointer = `${rowPointer}/${c.key}`;
                          return (
                            <td key={c.key} className={`coa-${c.key}`}>
                              <input
                                {...aria(pointer, [rowPointer])}
                                aria-label={fieldLabel(pointer)}
                                value={row[c.key]}
                                onChange={(e) => setCoA(i, c.key, e.target.value)}
                                autoComplete="off"
                              />
                              {messages(pointer)}
                            </td>
                          );
                        })}
                        <td>
                          <button type="button" className="btn btn-small btn-quiet" aria-label={`Remove CoA row ${i + 1}`} onClick={() => removeCoA(i)}>
                            Remove
                          </button>
                        </td>
                      </tr>
                      {rowMessage ? (
                        <tr className="row-message">
                          <td />
                          <td colSpan={COA_COLUMNS.length + 1}>{messages(rowPointer, `Row ${i + 1}: `)}</td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </section>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving || (mode === 'edit' && !dirty)}>
          {saving ? 'Saving…' : (saveLabel ?? (mode === 'create' ? 'Create draft' : 'Save changes'))}
        </button>
        <Link className="btn btn-quiet" to={cancelTo}>
          {mode === 'edit' && !dirty ? 'Back' : 'Cancel'}
        </Link>
        {mode === 'edit' && dirty && <span className="muted small">Unsaved changes</span>}
      </div>
    </form>
  );
}
