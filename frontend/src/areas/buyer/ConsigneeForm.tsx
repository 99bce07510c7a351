import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useConsignee, useCreateConsignee, useMe, useReplaceConsignee } from '../../api/queries';
import { INDUSTRIES, type Consignee, type ConsigneeInput } from '../../api/types';
import { AddressFields, addressPointers, FormProblem, TextField, useFieldErrors } from '../../components/form';
import { useOrgParam } from '../../components/OrgPicker';
import { ErrorState, Loading, PageHeader, StatusBadge } from '../../components/ui';
import { canManageConsignees, consigneeOrgs } from '../../shell/permissions';
import { emptyConsignee, fromConsignee, toInput, type ConsigneeFormState } from './consigneeState';

export function industryLabel(v: string): string {
  const s = v.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The pointers this form has an input or a slot for; other field errors go to the banner. */
function placed(pointer: string): boolean {
  return (
    ['/name', '/contact', '/contact/name', '/contact/email', '/contact/phone', '/status', '/end_user', '/end_user/is_consignee', '/end_user/name', '/end_user/end_use', '/end_user/industry'].includes(pointer) ||
    addressPointers('/address').includes(pointer) ||
    addressPointers('/end_user/address').includes(pointer)
  );
}

/** Address, contact and end user of a consignee; every API field error lands at its input. */
export function ConsigneeForm({
  initial,
  onSave,
  saveLabel,
  cancelTo,
}: {
  initial: ConsigneeFormState;
  onSave: (body: ConsigneeInput) => Promise<void>;
  saveLabel: string;
  cancelTo: string;
}) {
  const [s, setS] = useState(initial);
  const [saving, setSaving] = useState(false);
  const fe = useFieldErrors();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      await onSave(toInput(s));
      fe.reset();
    } catch (err) {
      fe.fail(err);
    } finally {
      setSaving(false);
    }
  }

  const eu = s.endUser;
  const setEU = (patch: Partial<ConsigneeFormState['endUser']>) => setS((x) => ({ ...x, endUser: { ...x.endUser, ...patch } }));
  const industry = fe.aria('/end_user/industry');

  return (
    <form ref={fe.formRef} onSubmit={onSubmit} noValidate className="product-form">
      <FormProblem fe={fe} placed={placed} />

      <section className="panel">
        <div className="panel-header">
          <h2>Consignee</h2>
        </div>
        <div className="panel-body form-grid">
          <TextField fe={fe} pointer="/name" label="Name" value={s.name} onChange={(v) => setS({ ...s, name: v })} wide />
          <AddressFields fe={fe} prefix="/address" value={s.address} onChange={(a) => setS({ ...s, address: a })} />
        </div>
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>Contact</h2>
        </div>
        <div className="panel-body form-grid">
          {fe.errors['/contact'] && <div className="field field-full">{fe.messages('/contact', 'Contact: ')}</div>}
          <TextField fe={fe} pointer="/contact/name" label="Contact name" value={s.contact.name} onChange={(v) => setS({ ...s, contact: { ...s.contact, name: v } })} />
          <TextField
            fe={fe}
            pointer="/contact/email"
            label="Contact email"
            type="email"
            value={s.contact.email}
            onChange={(v) => setS({ ...s, contact: { ...s.contact, email: v } })}
          />
          <TextField
            fe={fe}
            pointer="/contact/phone"
            label="Contact phone"
            type="tel"
            value={s.contact.phone}
            onChange={(v) => setS({ ...s, contact: { ...s.contact, phone: v } })}
          />
        </div>
      </section>

      <section className="panel">
        <div className="panel-header">
          <h2>End user</h2>
        </div>
        <div className="panel-body form-grid">
          {fe.errors['/end_user'] && <div className="field field-full">{fe.messages('/end_user', 'End user: ')}</div>}
          <fieldset className="field field-full">
            <legend className="field-label">Who uses the goods?</legend>
            <div className="checkbox-row">
              <label>
                <input
                  type="radio"
                  name="end_user_is_consignee"
                  checked={eu.isConsignee}
                  onChange={() => {
                    setEU({ isConsignee: true });
                    fe.edited('/end_user/is_consignee');
                  }}
                />
                The consignee itself
              </label>
              <label>
                <input
                  type="radio"
                  name="end_user_is_consignee"
                  checked={!eu.isConsignee}
                  onChange={() => {
                    setEU({ isConsignee: false });
                    fe.edited('/end_user/is_consignee');
                  }}
                />
                Another party
              </label>
            </div>
            {fe.messages('/end_user/is_consignee')}
          </fieldset>
          {!eu.isConsignee && (
            <>
              <TextField fe={fe} pointer="/end_user/name" label="End user name" value={eu.name} onChange={(v) => setEU({ name: v })} wide />
              <AddressFields
                fe={fe}
                prefix="/end_user/address"
                labelPrefix="End user"
                value={eu.address}
                onChange={(a) => setEU({ address: a })}
                unlocode={{ label: 'UN/LOCODE', hint: 'Optional.' }}
              />
            </>
          )}
          <div className="field">
            <label htmlFor={industry.id}>Industry</label>
            <select
              {...industry}
              value={eu.industry}
              onChange={(e) => {
                setEU({ industry: e.target.value });
                fe.edited('/end_user/industry');
              }}
            >
              <option value="">Choose…</option>
              {INDUSTRIES.map((i) => (
                <option key={i} value={i}>
                  {industryLabel(i)}
                </option>
              ))}
            </select>
            {fe.messages('/end_user/industry')}
          </div>
          <TextField
            fe={fe}
            pointer="/end_user/end_use"
            label="End use"
            multiline
            value={eu.endUse}
            onChange={(v) => setEU({ endUse: v })}
            hint="What the goods are used for, in the end user's words."
          />
        </div>
      </section>
      {fe.errors['/status'] && <div className="field">{fe.messages('/status', 'Status: ')}</div>}

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : saveLabel}
        </button>
        <Link className="btn btn-quiet" to={cancelTo}>
          Cancel
        </Link>
      </div>
    </form>
  );
}

function NotAllowed({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="notice notice-warning" role="status">
        Only the buyer's admins add and change consignees.
      </div>
    </>
  );
}

export function NewConsigneePage() {
  const me = useMe();
  const navigate = useNavigate();
  const { orgId, org, picker } = useOrgParam(me.data ? consigneeOrgs(me.data).filter((o) => canManageConsignees(me.data, o.id)) : [], 'Buyer');
  const create = useCreateConsignee(orgId);
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} />;
  if (!orgId) return <NotAllowed title="New consignee" />;
  const back = `/buyer/consignees?org=${encodeURIComponent(orgId)}`;
  return (
    <>
      <PageHeader title="New consignee" subtitle={org?.legal_name} actions={picker} />
      <ConsigneeForm
        key={orgId}
        initial={emptyConsignee()}
        saveLabel="Add consignee"
        cancelTo={back}
        onSave={async (body) => {
          await create.mutateAsync(body);
          navigate(back);
        }}
      />
    </>
  );
}

export function EditConsigneePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const consignee = useConsignee(id);
  if (me.isPending || consignee.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} />;
  if (consignee.isError) return <ErrorState error={consignee.error} onRetry={() => void consignee.refetch()} />;
  if (!canManageConsignees(me.data, consignee.data.organization_id)) return <NotAllowed title={consignee.data.name} />;
  return <EditConsignee consignee={consignee.data} />;
}

function EditConsignee({ consignee }: { consignee: Consignee }) {
  const navigate = useNavigate();
  const replace = useReplaceConsignee();
  const back = `/buyer/consignees?org=${encodeURIComponent(consignee.organization_id)}`;
  return (
    <>
      <PageHeader
        title={consignee.name}
        subtitle={
          <>
            Consignee <StatusBadge value={consignee.status} /> screening <StatusBadge value={consignee.screening_status} /> — a changed name or address
            is screened again.
          </>
        }
      />
      <ConsigneeForm
        initial={fromConsignee(consignee)}
        saveLabel="Save changes"
        cancelTo={back}
        onSave={async (body) => {
          await replace.mutateAsync({ id: consignee.id, body });
          navigate(back);
        }}
      />
    </>
  );
}
