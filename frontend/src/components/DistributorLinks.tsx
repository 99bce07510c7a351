import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client';
import { useCreateDistributorLink, useDistributorLinks, useEndDistributorLink, useOrganization, useOrganizations } from '../api/queries';
import type { DistributorLinkStatus } from '../api/types';
import { formatDateTime } from './format';
import { ConfirmButton, FormProblem, useFieldErrors } from './form';
import { EmptyState, ErrorState, Loading, Panel, StatusBadge } from './ui';

/**
 * An organization's legal name: the one given, else looked up once per id (cached); the
 * id while unknown.
 */
export function OrgName({ id, name }: { id: string; name?: string }) {
  const org = useOrganization(id, { staleTime: 5 * 60_000, enabled: !name && id !== '' });
  const shown = name || org.data?.legal_name;
  if (shown) return <Link to={`/organizations/${id}`}>{shown}</Link>;
  return <code className="mono">{id.slice(0, 8)}…</code>;
}

/**
 * Distributor links: one distributor's (read-only for its members) or every link of the
 * marketplace (operator staff); marketplace admins also link and end.
 */
export function DistributorLinksPanel({ distributorId, manage }: { distributorId?: string; manage: boolean }) {
  const [status, setStatus] = useState<DistributorLinkStatus | ''>('active');
  const list = useDistributorLinks({ distributor_id: distributorId, status: status || undefined });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const end = useEndDistributorLink();
  const [failure, setFailure] = useState<unknown>(null);

  return (
    <Panel
      flush
      title="Distributor links"
      actions={
        <label className="inline-label">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as DistributorLinkStatus | '')}>
            <option value="active">Active</option>
            <option value="ended">Ended</option>
            <option value="">All</option>
          </select>
        </label>
      }
    >
      {manage && <NewLinkForm />}
      {failure ? <ErrorState error={failure} /> : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError && items.length === 0 ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>No {status ? `${status} ` : ''}links.</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              {!distributorId && <th>Distributor</th>}
              <th>Serves</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Since</th>
              {manage && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.id}>
                {!distributorId && (
                  <td>
                    <OrgName id={l.distributor_id} name={l.distributor_name} />
                  </td>
                )}
                <td>
                  <OrgName id={l.organization_id} name={l.organization_name} />
                </td>
                <td>{l.kind}</td>
                <td>
                  <StatusBadge value={l.status} />
                  {l.ended_at && <div className="muted small">ended {formatDateTime(l.ended_at)}</div>}
                </td>
                <td>{formatDateTime(l.created_at)}</td>
                {manage && (
                  <td>
                    {l.status === 'active' && (
                      <ConfirmButton
                        label="End"
                        confirmLabel="End link"
                        onConfirm={() =>
                          void end.mutateAsync(l.id).then(
                            () => setFailure(null),
                            (err: unknown) => {
                              if (!isApiError(err)) throw err;
                              setFailure(err);
                            },
                          )
                        }
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <div className="table-footer">
          <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </Panel>
  );
}

function NewLinkForm() {
  const orgs = useOrganizations(200);
  const all = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  const create = useCreateDistributorLink();
  const fe = useFieldErrors();
  const [distributor, setDistributor] = useState('');
  const [party, setParty] = useState('');
  const [done, setDone] = useState('');
  const d = fe.aria('/distributor_id');
  const o = fe.aria('/organization_id');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    try {
      const link = await create.mutateAsync({ distributor_id: distributor, organization_id: party });
      fe.reset();
      setDone(link.status === 'active' ? 'Linked.' : '');
      setParty('');
    } catch (err) {
      fe.fail(err);
    }
  }

  return (
    <form ref={fe.formRef} onSubmit={onSubmit} noValidate className="inline-form" aria-label="New distributor link">
      <FormProblem fe={fe} placed={(p) => p === '/distributor_id' || p === '/organization_id'} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={d.id}>Distributor</label>
          <select {...d} value={distributor} onChange={(e) => (setDistributor(e.target.value), fe.edited('/distributor_id'))}>
            <option value="">Choose…</option>
            {all
              .filter((x) => x.kind === 'distributor')
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.legal_name}
                </option>
              ))}
          </select>
          {fe.messages('/distributor_id')}
        </div>
        <div className="field">
          <label htmlFor={o.id}>Serves (seller or buyer)</label>
          <select {...o} value={party} onChange={(e) => (setParty(e.target.value), fe.edited('/organization_id'))}>
            <option value="">Choose…</option>
            {all
              .filter((x) => x.kind === 'seller' || x.kind === 'buyer')
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.legal_name} ({x.kind})
                </option>
              ))}
          </select>
          {fe.messages('/organization_id')}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? 'Linking…' : 'Link'}
        </button>
        {done && (
          <span className="muted small" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}
