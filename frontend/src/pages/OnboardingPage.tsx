import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, isApiError } from '../api/client';
import {
  useDeleteOnboardingDocument,
  useMe,
  useOnboarding,
  useOnboardingDocuments,
  useOrganization,
  useSubmitOrganization,
  useUpdateOrganization,
  useUploadOnboardingDocument,
} from '../api/queries';
import { ADDRESS_KINDS, type Address, type AddressKind, type OnboardingOverview, type OnboardingStatus, type Organization, type OrganizationUpdate, type Problem } from '../api/types';
import { formatBytes, formatDateTime } from '../components/format';
import { OwnersTable } from '../components/BeneficialOwners';
import { ownerPointers, ownerRow, OwnersFields, ownersInput, type OwnerRow } from '../components/BeneficialOwnersEditor';
import { AddressFields, addressInput, addressPointers, addressState, ConfirmButton, emptyAddress, FormProblem, TextField, useFieldErrors, type AddressState } from '../components/form';
import { useOrgParam } from '../components/OrgPicker';
import { Badge, EmptyState, ErrorState, KeyValues, Loading, PageHeader, Panel, StatusBadge } from '../components/ui';
import { canEditOnboarding } from '../shell/permissions';
import { PERSONA_LABELS, type Persona } from '../shell/personas';

/** Company data and documents can change only in these states (the server says 409 otherwise). */
const EDITABLE: readonly OnboardingStatus[] = ['draft', 'needs_info'];

/** The happy path of the onboarding state machine; the other states branch off it. */
const PATH: { status: OnboardingStatus; label: string }[] = [
  { status: 'draft', label: 'Draft' },
  { status: 'submitted', label: 'Submitted' },
  { status: 'screening', label: 'Screening' },
  { status: 'approved', label: 'Approved' },
];

const STATUS_TEXT: Record<OnboardingStatus, string> = {
  draft: 'Fill in the company data and upload the required documents, then submit.',
  submitted: 'Submitted: screening starts shortly. Nothing to do for now.',
  screening: 'Being screened by the marketplace’s compliance team.',
  approved: 'Approved: the organization can trade in this marketplace.',
  needs_info: 'The marketplace asked for more information: change what the reason says and submit again.',
  rejected: 'Rejected by the marketplace.',
  blocked: 'Blocked after screening.',
};

/** An organization admin's onboarding: status and last decision, company data, documents, submit. */
export function OnboardingPage({ persona }: { persona: Persona }) {
  const me = useMe();
  const orgs = (me.data?.organizations ?? []).filter((o) => o.kind === persona);
  const { orgId, picker } = useOrgParam(orgs, PERSONA_LABELS[persona]);
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!orgId) {
    return (
      <>
        <PageHeader title="Onboarding" />
        <div className="notice notice-warning" role="status">
          You are not a member of a {PERSONA_LABELS[persona].toLowerCase()} organization.
        </div>
      </>
    );
  }
  return <Onboarding key={orgId} orgId={orgId} picker={picker} editor={canEditOnboarding(me.data, orgId)} />;
}

function Onboarding({ orgId, picker, editor }: { orgId: string; picker: ReactNode; editor: boolean }) {
  const overview = useOnboarding(orgId);
  const org = useOrganization(orgId);
  if (overview.isPending || org.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  if (org.isError) return <ErrorState error={org.error} onRetry={() => void org.refetch()} />;
  const editable = editor && EDITABLE.includes(overview.data.onboarding_status);
  return (
    <>
      <PageHeader title="Onboarding" subtitle={org.data.legal_name} actions={picker} />
      <StatusPanel overview={overview.data} org={org.data} editable={editable} orgId={orgId} />
      <CompanyPanel org={org.data} editable={editable} />
      <DocumentsPanel orgId={orgId} overview={overview.data} editable={editable} />
    </>
  );
}

function StatusPanel({ overview, org, editable, orgId }: { overview: OnboardingOverview; org: Organization; editable: boolean; orgId: string }) {
  const submit = useSubmitOrganization(orgId);
  const [problem, setProblem] = useState<Problem | null>(null);
  const status = overview.onboarding_status;
  const reason = overview.status_reason || org.status_reason;
  const at = PATH.findIndex((p) => p.status === status);
  const offPath = at === -1;
  // needs_info sits after screening; rejected and blocked end it.
  const reached = offPath ? (status === 'needs_info' ? 1 : 2) : at;

  async function onSubmit() {
    setProblem(null);
    try {
      await submit.mutateAsync();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setProblem(err.problem);
    }
  }

  return (
    <Panel title="Status">
      <ol className="steps" aria-label="Onboarding steps">
        {PATH.map((p, i) => (
          <li key={p.status} aria-current={p.status === status ? 'step' : undefined} className={i < reached || (offPath && i === reached) ? 'done' : undefined}>
            {p.label}
          </li>
        ))}
        {offPath && (
          <li aria-current="step">
            <StatusBadge value={status} />
          </li>
        )}
      </ol>
      <p>{STATUS_TEXT[status]}</p>
      {reason && (
        <div className={`notice ${status === 'needs_info' ? 'notice-warning' : 'notice-error'}`} role="note" aria-label="Reason of the last decision">
          <strong>Reason of the last decision</strong>
          <div>{reason}</div>
        </div>
      )}
      <KeyValues
        rows={[
          ['Onboarding', <StatusBadge key="o" value={status} />],
          ['Screening', <StatusBadge key="s" value={overview.screening_status} />],
          ['Invited', overview.invited ? 'yes' : 'no'],
          ['Submitted', formatDateTime(org.submitted_at)],
          ['Decided', formatDateTime(org.decided_at)],
        ]}
      />
      {overview.missing.length > 0 && EDITABLE.includes(status) && (
        <div className="notice notice-info" role="status">
          <strong>Still missing before you can submit</strong>
          <ul className="notice-list">
            {overview.missing.map((m, i) => (
              <li key={i}>
                {missingLabel(m.field, overview)}: {m.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <div className="notice notice-error" role="alert">
          <strong>{problem.title}</strong>
          {problem.detail && <div>{problem.detail}</div>}
          {problem.errors && (
            <ul className="notice-list">
              {problem.errors.map((m, i) => (
                <li key={i}>
                  {missingLabel(m.field, overview)}: {m.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {editable && overview.actions.includes('submit') && (
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => void onSubmit()} disabled={submit.isPending}>
            {submit.isPending ? 'Submitting…' : status === 'needs_info' ? 'Submit again' : 'Submit for review'}
          </button>
        </div>
      )}
    </Panel>
  );
}

/** "documents.certificate_of_incorporation" → its checklist label; "/addresses" → "Addresses". */
function missingLabel(field: string, overview: OnboardingOverview): string {
  const doc = /^documents[./](.+)$/.exec(field)?.[1];
  if (doc) return `Document: ${overview.required_documents.find((d) => d.type === doc)?.label ?? doc}`;
  const s = field.replace(/^\//, '').replace(/[/.]/g, ' ').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- company data -----------------------------------------------------------------------

interface AddressRow extends AddressState {
  key: number;
  kind: AddressKind;
}

let rowKey = 1;
function addressRow(a?: Address): AddressRow {
  return { key: rowKey++, kind: a?.kind ?? 'registered', ...(a ? addressState(a) : emptyAddress()) };
}

const COMPANY_FIELDS = ['legal_name', 'country', 'vat_number', 'eori', 'lei', 'registration_number', 'bank_iban', 'stripe_account_id'] as const;
type CompanyField = (typeof COMPANY_FIELDS)[number];

function CompanyPanel({ org, editable }: { org: Organization; editable: boolean }) {
  const update = useUpdateOrganization(org.id);
  const fe = useFieldErrors();
  const initial = () => Object.fromEntries(COMPANY_FIELDS.map((f) => [f, org[f] ?? ''])) as Record<CompanyField, string>;
  const [fields, setFields] = useState(initial);
  const [addresses, setAddresses] = useState<AddressRow[]>(() => (org.addresses ?? []).map(addressRow));
  const [owners, setOwners] = useState<OwnerRow[]>(() => (org.beneficial_owners ?? []).map(ownerRow));
  const [saved, setSaved] = useState(false);
  const seller = org.kind === 'seller';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const declared = ownersInput(owners);
    if ('error' in declared) {
      fe.fail(declared.error);
      return;
    }
    const body: OrganizationUpdate = {
      legal_name: fields.legal_name.trim(),
      country: fields.country.trim().toUpperCase(),
      vat_number: fields.vat_number.trim(),
      eori: fields.eori.trim(),
      lei: fields.lei.trim(),
      registration_number: fields.registration_number.trim(),
      addresses: addresses.map((a) => ({ kind: a.kind, ...addressInput(a) })),
      // The whole list: it replaces the stored one.
      beneficial_owners: declared.owners,
    };
    if (seller) {
      body.bank_iban = fields.bank_iban.trim();
      body.stripe_account_id = fields.stripe_account_id.trim();
    }
    try {
      await update.mutateAsync(body);
      fe.reset();
      setSaved(true);
    } catch (err) {
      fe.fail(err);
    }
  }

  if (!editable) {
    return (
      <Panel title="Company data">
        <KeyValues
          rows={[
            ['Legal name', org.legal_name],
            ['Country', org.country],
            ['VAT number', org.vat_number],
            ['EORI', org.eori],
            ['LEI', org.lei],
            ['Registration number', org.registration_number],
            ...(seller ? ([['IBAN', org.bank_iban], ['Stripe account', org.stripe_account_id]] as [string, string | undefined][]) : []),
            [
              'Addresses',
              org.addresses?.length ? (
                <ul className="plain-list">
                  {org.addresses.map((a, i) => (
                    <li key={i}>
                      <Badge>{a.kind ?? 'registered'}</Badge> {[a.line1, a.line2, a.postal_code, a.city, a.region, a.country].filter(Boolean).join(', ')}
                      {a.unlocode ? ` (${a.unlocode})` : ''}
                    </li>
                  ))}
                </ul>
              ) : undefined,
            ],
          ]}
        />
        <h3>Beneficial owners</h3>
        {org.beneficial_owners?.length ? <OwnersTable owners={org.beneficial_owners} /> : <p className="muted">None declared.</p>}
      </Panel>
    );
  }

  const set = (f: CompanyField) => (v: string) => {
    setFields((x) => ({ ...x, [f]: v }));
    setSaved(false);
  };
  const placed = (p: string) =>
    p === '/addresses' ||
    COMPANY_FIELDS.some((f) => p === `/${f}`) ||
    addresses.some((_, i) => p === `/addresses/${i}/kind` || addressPointers(`/addresses/${i}`).includes(p)) ||
    ownerPointers(owners).includes(p);

  return (
    <section className="panel">
      <div className="panel-header">
        <h2>Company data</h2>
      </div>
      <form ref={fe.formRef} onSubmit={onSubmit} noValidate className="panel-body">
        <FormProblem fe={fe} placed={placed} />
        <div className="form-grid">
          <TextField fe={fe} pointer="/legal_name" label="Legal name" value={fields.legal_name} onChange={set('legal_name')} wide />
          <TextField fe={fe} pointer="/country" label="Country of registration" value={fields.country} onChange={set('country')} hint="ISO 3166-1 alpha-2." />
          <TextField fe={fe} pointer="/vat_number" label="VAT number" value={fields.vat_number} onChange={set('vat_number')} hint="Checked per country in the EU and the UK." />
          <TextField fe={fe} pointer="/eori" label="EORI" value={fields.eori} onChange={set('eori')} />
          <TextField fe={fe} pointer="/lei" label="LEI" value={fields.lei} onChange={set('lei')} />
          <TextField fe={fe} pointer="/registration_number" label="Registration number" value={fields.registration_number} onChange={set('registration_number')} />
          {seller && (
            <>
              <TextField fe={fe} pointer="/bank_iban" label="IBAN" value={fields.bank_iban} onChange={set('bank_iban')} hint="For payouts: an IBAN or a Stripe account." />
              <TextField fe={fe} pointer="/stripe_account_id" label="Stripe account" value={fields.stripe_account_id} onChange={set('stripe_account_id')} />
            </>
          )}
        </div>
        <h3>Addresses</h3>
        {fe.errors['/addresses'] && fe.messages('/addresses', 'Addresses: ')}
        {addresses.length === 0 && <p className="muted">No addresses. Submission needs a registered address.</p>}
        {addresses.map((a, i) => {
          const kind = fe.aria(`/addresses/${i}/kind`);
          const n = i + 1;
          return (
            <fieldset key={a.key} className="form-grid address-block">
              <legend className="field-label">Address {n}</legend>
              <div className="field">
                <label htmlFor={kind.id}>Address {n} kind</label>
                <select
                  {...kind}
                  value={a.kind}
                  onChange={(e) => {
                    setAddresses((xs) => xs.map((x, j) => (j === i ? { ...x, kind: e.target.value as AddressKind } : x)));
                    fe.edited(`/addresses/${i}/kind`);
                  }}
                >
                  {ADDRESS_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                {fe.messages(`/addresses/${i}/kind`)}
              </div>
              <AddressFields
                fe={fe}
                prefix={`/addresses/${i}`}
                labelPrefix={`Address ${n}`}
                value={a}
                onChange={(v) => setAddresses((xs) => xs.map((x, j) => (j === i ? { ...x, ...v } : x)))}
                unlocode={{ label: 'UN/LOCODE', hint: 'Optional, e.g. DEHAM.' }}
              />
              <div className="field">
                <button type="button" className="btn btn-small btn-quiet" onClick={() => setAddresses((xs) => xs.filter((_, j) => j !== i))}>
                  Remove address {n}
                </button>
              </div>
            </fieldset>
          );
        })}
        <div className="form-actions">
          <button type="button" className="btn btn-small" onClick={() => setAddresses((xs) => [...xs, addressRow(xs.length ? { kind: 'shipping', line1: '', city: '', country: '' } : undefined)])}>
            Add address
          </button>
        </div>
        <OwnersFields
          fe={fe}
          rows={owners}
          onChange={(rows) => {
            setOwners(rows);
            setSaved(false);
          }}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save company data'}
          </button>
          {saved && (
            <span className="muted small" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

// ---- documents --------------------------------------------------------------------------

function DocumentsPanel({ orgId, overview, editable }: { orgId: string; overview: OnboardingOverview; editable: boolean }) {
  const docs = useOnboardingDocuments(orgId);
  const upload = useUploadOnboardingDocument(orgId);
  const remove = useDeleteOnboardingDocument(orgId);
  const fe = useFieldErrors();
  const [type, setType] = useState(overview.required_documents.find((d) => !d.uploaded)?.type ?? overview.required_documents[0]?.type ?? '');
  const [otherType, setOtherType] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const labelOf = (t: string) => overview.required_documents.find((d) => d.type === t)?.label ?? t.replace(/_/g, ' ');

  async function onUpload(e: FormEvent) {
    e.preventDefault();
    const docType = type === '__other' ? otherType.trim() : type;
    if (!file) {
      fe.fail(new ApiError({ type: 'about:blank', title: 'Choose a file', status: 400, errors: [{ field: '/file', message: 'choose a PDF, PNG or JPEG file' }] }));
      return;
    }
    try {
      await upload.mutateAsync({ upload: { type: docType, file }, filename: file.name });
      fe.reset();
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    } catch (err) {
      fe.fail(err);
    }
  }

  const typeA = fe.aria('/type');
  const fileA = fe.aria('/file');

  return (
    <Panel title="Documents">
      <h3>Required</h3>
      {overview.required_documents.length === 0 ? (
        <p className="muted">This marketplace requires no documents from this kind of organization.</p>
      ) : (
        <ul className="plain-list" aria-label="Required documents">
          {overview.required_documents.map((d) => (
            <li key={d.type}>
              {d.uploaded ? <Badge tone="success">uploaded</Badge> : <Badge tone="warning">missing</Badge>} {d.label}
            </li>
          ))}
        </ul>
      )}

      <h3>Uploaded</h3>
      {failure ? <ErrorState error={failure} /> : null}
      {docs.isPending ? (
        <Loading />
      ) : docs.isError ? (
        <ErrorState error={docs.error} onRetry={() => void docs.refetch()} />
      ) : docs.data.length === 0 ? (
        <EmptyState>No documents uploaded yet.</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Type</th>
              <th>File</th>
              <th className="num">Size</th>
              <th>SHA-256</th>
              <th>Uploaded</th>
              {editable && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {docs.data.map((d) => (
              <tr key={d.id}>
                <td>{labelOf(d.type)}</td>
                <td>{d.filename}</td>
                <td className="num">{formatBytes(d.size)}</td>
                <td>
                  <code className="mono" title={d.sha256}>
                    {d.sha256.slice(0, 12)}…
                  </code>
                </td>
                <td>{formatDateTime(d.created_at)}</td>
                {editable && (
                  <td>
                    <ConfirmButton
                      label="Remove"
                      confirmLabel={`Remove ${d.filename}`}
                      onConfirm={() =>
                        void remove.mutateAsync(d.id).then(
                          () => setFailure(null),
                          (err: unknown) => {
                            if (!isApiError(err)) throw err;
                            setFailure(err);
                          },
                        )
                      }
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {editable && (
        <form ref={fe.formRef} onSubmit={onUpload} noValidate aria-label="Upload a document" className="inline-form">
          <FormProblem fe={fe} placed={(p) => p === '/type' || p === '/file'} />
          <div className="form-grid">
            <div className="field">
              <label htmlFor={typeA.id}>Document type</label>
              <select
                {...typeA}
                value={type}
                onChange={(e) => {
                  setType(e.target.value);
                  fe.edited('/type');
                }}
              >
                {overview.required_documents.map((d) => (
                  <option key={d.type} value={d.type}>
                    {d.label}
                    {d.uploaded ? ' (uploaded)' : ''}
                  </option>
                ))}
                <option value="__other">Other…</option>
              </select>
              {type !== '__other' && fe.messages('/type')}
            </div>
            {type === '__other' && (
              <TextField fe={fe} pointer="/type" label="Other document type" value={otherType} onChange={setOtherType} placeholder="export_licence" />
            )}
            <div className="field field-wide">
              <label htmlFor={fileA.id}>File</label>
              <input
                {...fileA}
                aria-describedby={[fileA['aria-describedby'], `${fileA.id}-hint`].filter(Boolean).join(' ')}
                ref={fileInput}
                type="file"
                accept="application/pdf,image/png,image/jpeg"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  fe.edited('/file');
                }}
              />
              <p className="field-hint" id={`${fileA.id}-hint`}>
                PDF, PNG or JPEG, at most 10 MiB (and the server's request limit).
              </p>
              {fe.messages('/file')}
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={upload.isPending}>
              {upload.isPending ? 'Uploading…' : 'Upload'}
            </button>
          </div>
        </form>
      )}
    </Panel>
  );
}
