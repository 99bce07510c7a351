import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { useDeleteHub, useDeleteServiceRegion, useHubs, useMe, useSaveHub, useSaveServiceRegion, useServiceRegions } from '../../api/queries';
import { HUB_CAPABILITIES, type Hub, type HubInput, type Me, type ServiceRegion, type ServiceRegionInput } from '../../api/types';
import {
  AddressFields,
  addressInput,
  addressPointers,
  addressState,
  ConfirmButton,
  emptyAddress,
  FormProblem,
  TextField,
  useFieldErrors,
  type AddressState,
} from '../../components/form';
import { useOrgParam } from '../../components/OrgPicker';
import { Badge, EmptyState, ErrorState, Loading, PageHeader, Panel } from '../../components/ui';
import { canManageHubs, distributorOrgs } from '../../shell/permissions';

export const CAPABILITY_LABELS: Record<string, string> = {
  ambient: 'Ambient 15–25 °C',
  cold_chain: 'Cold chain 2–8 °C',
  frozen: 'Frozen −25 to −15 °C',
  deep_frozen: 'Deep frozen below −60 °C',
  hazmat: 'Dangerous goods',
  bonded: 'Bonded (customs warehouse)',
  pharma_gdp: 'Pharma GDP',
};

/** A distributor's hubs and the regions it serves; its admins add, change and remove them. */
export function HubsPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <Hubs me={me.data} />;
}

type Editing<T> = { item?: T } | null;

function Hubs({ me }: { me: Me }) {
  const orgs = distributorOrgs(me);
  const { orgId, org, picker } = useOrgParam(orgs, 'Distributor');
  const hubs = useHubs(orgId);
  const regions = useServiceRegions(orgId);
  const admin = canManageHubs(me, orgId);
  const [hubEdit, setHubEdit] = useState<Editing<Hub>>(null);
  const [regionEdit, setRegionEdit] = useState<Editing<ServiceRegion>>(null);
  const delHub = useDeleteHub(orgId);
  const delRegion = useDeleteServiceRegion(orgId);
  const [failure, setFailure] = useState<unknown>(null);

  if (orgs.length === 0) {
    return (
      <>
        <PageHeader title="Hubs and service regions" />
        <div className="notice notice-warning" role="status">
          Hubs belong to a distributor organization; you are not a member of one.
        </div>
      </>
    );
  }

  async function run(action: () => Promise<unknown>) {
    setFailure(null);
    try {
      await action();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
    }
  }

  const hubName = (id?: string) => (id ? (hubs.data?.find((h) => h.id === id)?.name ?? id) : undefined);

  return (
    <>
      <PageHeader title="Hubs and service regions" subtitle={`Where ${org?.legal_name ?? 'your company'} stores goods and which countries it delivers to.`} actions={picker} />
      {failure ? <ErrorState error={failure} /> : null}

      <Panel
        flush
        title="Hubs"
        actions={
          admin && !hubEdit ? (
            <button type="button" className="btn btn-small" onClick={() => setHubEdit({})}>
              New hub
            </button>
          ) : undefined
        }
      >
        {hubEdit && (
          <HubForm
            key={hubEdit.item?.id ?? 'new'}
            hub={hubEdit.item}
            orgId={orgId}
            onDone={() => setHubEdit(null)}
          />
        )}
        {hubs.isPending ? (
          <Loading />
        ) : hubs.isError ? (
          <ErrorState error={hubs.error} onRetry={() => void hubs.refetch()} />
        ) : hubs.data.length === 0 ? (
          <EmptyState>No hubs yet.</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Hub</th>
                <th>UN/LOCODE</th>
                <th>Address</th>
                <th>Capabilities</th>
                <th>State</th>
                {admin && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {hubs.data.map((h) => (
                <tr key={h.id}>
                  <td>{h.name}</td>
                  <td>
                    <code className="mono">{h.unlocode}</code>
                  </td>
                  <td>
                    {h.address.line1}, {h.address.postal_code ? `${h.address.postal_code} ` : ''}
                    {h.address.city}, {h.address.country}
                  </td>
                  <td>
                    {h.capabilities.map((c) => (
                      <Badge key={c} tone="info" title={CAPABILITY_LABELS[c]}>
                        {c.replace(/_/g, ' ')}
                      </Badge>
                    ))}
                  </td>
                  <td>{h.active ? <Badge tone="success">active</Badge> : <Badge>inactive</Badge>}</td>
                  {admin && (
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn btn-small" aria-label={`Edit ${h.name}`} onClick={() => setHubEdit({ item: h })}>
                          Edit
                        </button>
                        <ConfirmButton label="Delete" confirmLabel={`Delete ${h.name}`} onConfirm={() => void run(() => delHub.mutateAsync(h.id))} />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel
        flush
        title="Service regions"
        actions={
          admin && !regionEdit ? (
            <button type="button" className="btn btn-small" onClick={() => setRegionEdit({})}>
              New service region
            </button>
          ) : undefined
        }
      >
        {regionEdit && (
          <RegionForm key={regionEdit.item?.id ?? 'new'} region={regionEdit.item} orgId={orgId} hubs={hubs.data ?? []} onDone={() => setRegionEdit(null)} />
        )}
        {regions.isPending ? (
          <Loading />
        ) : regions.isError ? (
          <ErrorState error={regions.error} onRetry={() => void regions.refetch()} />
        ) : regions.data.length === 0 ? (
          <EmptyState>No service regions yet.</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Region</th>
                <th>Countries</th>
                <th>Served from</th>
                {admin && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {regions.data.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{r.countries.join(', ')}</td>
                  <td>{hubName(r.hub_id) ?? <span className="muted">any hub</span>}</td>
                  {admin && (
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn btn-small" aria-label={`Edit ${r.name}`} onClick={() => setRegionEdit({ item: r })}>
                          Edit
                        </button>
                        <ConfirmButton label="Delete" confirmLabel={`Delete ${r.name}`} onConfirm={() => void run(() => delRegion.mutateAsync(r.id))} />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </>
  );
}

function HubForm({ hub, orgId, onDone }: { hub?: Hub; orgId: string; onDone: () => void }) {
  const save = useSaveHub(orgId);
  const fe = useFieldErrors();
  const [name, setName] = useState(hub?.name ?? '');
  const [address, setAddress] = useState<AddressState>(hub ? addressState({ ...hub.address, unlocode: hub.address.unlocode ?? hub.unlocode }) : emptyAddress());
  const [caps, setCaps] = useState<string[]>(hub?.capabilities ?? []);
  const [active, setActive] = useState(hub?.active ?? true);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: HubInput = { name: name.trim(), address: addressInput(address), capabilities: caps, active };
    try {
      await save.mutateAsync({ id: hub?.id, body });
      onDone();
    } catch (err) {
      fe.fail(err);
    }
  }

  const capPointer = (p: string) => p === '/capabilities' || /^\/capabilities\/\d+$/.test(p);
  const capErrors = Object.entries(fe.errors).filter(([p]) => capPointer(p));
  const capErrorId = `${fe.idOf('/capabilities')}-error`;
  const placed = (p: string) => p === '/name' || p === '/active' || capPointer(p) || addressPointers('/address').includes(p);

  return (
    <form ref={fe.formRef} onSubmit={onSubmit} noValidate className="inline-form" aria-label={hub ? `Edit hub ${hub.name}` : 'New hub'}>
      <FormProblem fe={fe} placed={placed} />
      <div className="form-grid">
        <TextField fe={fe} pointer="/name" label="Hub name" value={name} onChange={setName} wide />
        <AddressFields
          fe={fe}
          prefix="/address"
          value={address}
          onChange={setAddress}
          unlocode={{ label: 'UN/LOCODE', hint: "Required: the hub's location in the address's country, e.g. DEHAM." }}
        />
        <fieldset
          className="field field-full"
          aria-invalid={capErrors.length ? true : undefined}
          aria-describedby={capErrors.length ? capErrorId : undefined}
        >
          <legend className="field-label">Capabilities</legend>
          <div className="checkbox-row">
            {HUB_CAPABILITIES.map((c) => (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={caps.includes(c)}
                  onChange={() => {
                    setCaps((x) => (x.includes(c) ? x.filter((y) => y !== c) : [...x, c]));
                    fe.edited('/capabilities', ...caps.map((_, i) => `/capabilities/${i}`));
                  }}
                />
                {CAPABILITY_LABELS[c]}
              </label>
            ))}
          </div>
          {capErrors.length > 0 && (
            <p className="field-error" id={capErrorId}>
              {capErrors.map(([, m]) => m.join('; ')).join('; ')}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label className="checkbox-row">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active
          </label>
          {fe.messages('/active')}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : hub ? 'Save hub' : 'Add hub'}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "de, fr nl" → ["DE", "FR", "NL"]. */
export function parseCountries(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

function RegionForm({ region, orgId, hubs, onDone }: { region?: ServiceRegion; orgId: string; hubs: Hub[]; onDone: () => void }) {
  const save = useSaveServiceRegion(orgId);
  const fe = useFieldErrors();
  const [name, setName] = useState(region?.name ?? '');
  const [countries, setCountries] = useState(region?.countries.join(', ') ?? '');
  const [hubId, setHubId] = useState(region?.hub_id ?? '');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: ServiceRegionInput = { name: name.trim(), countries: parseCountries(countries) };
    if (hubId) body.hub_id = hubId;
    try {
      await save.mutateAsync({ id: region?.id, body });
      onDone();
    } catch (err) {
      fe.fail(err);
    }
  }

  // "/countries/3" names the fourth code; it is shown at the one input, with the code.
  const list = parseCountries(countries);
  const countryErrors = Object.entries(fe.errors)
    .filter(([p]) => p === '/countries' || p.startsWith('/countries/'))
    .map(([p, m]) => {
      const i = /^\/countries\/(\d+)$/.exec(p)?.[1];
      return i !== undefined ? `${list[Number(i)] ?? `#${Number(i) + 1}`}: ${m.join('; ')}` : m.join('; ');
    });
  const countriesId = fe.idOf('/countries');
  const hub = fe.aria('/hub_id');

  return (
    <form ref={fe.formRef} onSubmit={onSubmit} noValidate className="inline-form" aria-label={region ? `Edit service region ${region.name}` : 'New service region'}>
      <FormProblem fe={fe} placed={(p) => p === '/name' || p === '/hub_id' || p === '/countries' || p.startsWith('/countries/')} />
      <div className="form-grid">
        <TextField fe={fe} pointer="/name" label="Region name" value={name} onChange={setName} />
        <div className="field field-wide">
          <label htmlFor={countriesId}>Countries</label>
          <input
            id={countriesId}
            value={countries}
            placeholder="DE, AT, CH"
            aria-invalid={countryErrors.length ? true : undefined}
            aria-describedby={[countryErrors.length ? `${countriesId}-error` : '', `${countriesId}-hint`].filter(Boolean).join(' ')}
            onChange={(e) => {
              setCountries(e.target.value);
              fe.edited('/countries', ...Object.keys(fe.errors).filter((p) => p.startsWith('/countries/')));
            }}
            autoComplete="off"
            spellCheck={false}
          />
          <p className="field-hint" id={`${countriesId}-hint`}>
            ISO 3166-1 alpha-2 codes, separated by commas or spaces.
          </p>
          {countryErrors.length > 0 && (
            <p className="field-error" id={`${countriesId}-error`}>
              {countryErrors.join('; ')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={hub.id}>Served from</label>
          <select
            {...hub}
            value={hubId}
            onChange={(e) => {
              setHubId(e.target.value);
              fe.edited('/hub_id');
            }}
          >
            <option value="">Any hub</option>
            {hubs.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name} ({h.unlocode})
              </option>
            ))}
          </select>
          {fe.messages('/hub_id')}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : region ? 'Save region' : 'Add region'}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

