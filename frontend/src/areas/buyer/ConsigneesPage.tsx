import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useConsignees, useDeleteConsignee, useMe, useReplaceConsignee } from '../../api/queries';
import type { Consignee, ConsigneeStatus, Me } from '../../api/types';
import { ConfirmButton } from '../../components/form';
import { useOrgParam } from '../../components/OrgPicker';
import { EmptyState, ErrorState, Loading, PageHeader, Panel, StatusBadge } from '../../components/ui';
import { canManageConsignees, consigneeOrgs } from '../../shell/permissions';
import { industryLabel } from './ConsigneeForm';
import { withStatus } from './consigneeState';

/** A buyer's ship-to consignees with their end users; buyer admins add, edit, archive and delete. */
export function ConsigneesPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <Consignees me={me.data} />;
}

const STATUS_FILTERS = ['active', 'archived', 'all'] as const;

function Consignees({ me }: { me: Me }) {
  const orgs = consigneeOrgs(me);
  const { orgId, org, picker } = useOrgParam(orgs, 'Buyer');
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const filter = (STATUS_FILTERS as readonly string[]).includes(statusParam ?? '') ? statusParam! : 'active';
  const status: ConsigneeStatus | undefined = filter === 'all' ? undefined : (filter as ConsigneeStatus);
  const list = useConsignees(orgId, status);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const admin = canManageConsignees(me, orgId);

  if (orgs.length === 0) {
    return (
      <>
        <PageHeader title="Consignees" />
        <div className="notice notice-warning" role="status">
          Consignees belong to a buyer organization; you are not a member of one.
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Consignees"
        subtitle={`Where ${org?.legal_name ?? 'your company'} ships to, and who ends up using the goods.`}
        actions={
          admin ? (
            <Link className="btn btn-primary" to={`/buyer/consignees/new?org=${encodeURIComponent(orgId)}`}>
              New consignee
            </Link>
          ) : undefined
        }
      />
      <Panel
        flush
        title={list.isSuccess ? `${items.length}${list.hasNextPage ? '+' : ''} ${items.length === 1 ? 'consignee' : 'consignees'}` : 'Consignees'}
        actions={
          <div className="toolbar">
            {picker}
            <label className="inline-label">
              Status
              <select
                value={filter}
                onChange={(e) =>
                  setParams(
                    (prev) => {
                      const next = new URLSearchParams(prev);
                      if (e.target.value === 'active') next.delete('status');
                      else next.set('status', e.target.value);
                      return next;
                    },
                    { replace: true },
                  )
                }
              >
                <option value="active">Active</option>
                <option value="archived">Archived</option>
                <option value="all">All</option>
              </select>
            </label>
          </div>
        }
      >
        {list.isPending ? (
          <Loading />
        ) : list.isError && items.length === 0 ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState>
            {filter === 'archived' ? 'No archived consignees.' : admin ? 'No consignees yet. Add one to ship to it.' : 'No consignees yet.'}
          </EmptyState>
        ) : (
          <ConsigneeTable items={items} admin={admin} />
        )}
        {list.isFetchNextPageError && <ErrorState error={list.error} />}
        {list.hasNextPage && (
          <div className="table-footer">
            <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </Panel>
    </>
  );
}

function ConsigneeTable({ items, admin }: { items: Consignee[]; admin: boolean }) {
  const replace = useReplaceConsignee();
  const remove = useDeleteConsignee();
  const [failure, setFailure] = useState<unknown>(null);

  async function run(action: () => Promise<unknown>) {
    setFailure(null);
    try {
      await action();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setFailure(err);
    }
  }

  return (
    <>
      {failure ? <ErrorState error={failure} /> : null}
      <table className="table">
        <thead>
          <tr>
            <th>Consignee</th>
            <th>Destination</th>
            <th>End user</th>
            <th>Screening</th>
            <th>Status</th>
            {admin && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                {c.name}
                {c.contact?.email && <div className="muted small">{c.contact.email}</div>}
              </td>
              <td>
                {c.address.city}, {c.address.country}
                {c.address.unlocode && <div className="muted small">{c.address.unlocode}</div>}
              </td>
              <td>
                {c.end_user.is_consignee ? <span className="muted">the consignee</span> : c.end_user.name}
                <div className="muted small">
                  {industryLabel(c.end_user.industry)}
                  {c.end_user.end_use ? ` · ${c.end_user.end_use}` : ''}
                </div>
              </td>
              <td>
                <StatusBadge value={c.screening_status} />
                {!c.end_user.is_consignee && (
                  <div className="small">
                    end user <StatusBadge value={c.end_user.screening_status} />
                  </div>
                )}
              </td>
              <td>
                <StatusBadge value={c.status} />
              </td>
              {admin && (
                <td>
                  <div className="row-actions">
                    <Link className="btn btn-small" to={`/buyer/consignees/${c.id}/edit`} aria-label={`Edit ${c.name}`}>
                      Edit
                    </Link>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`${c.status === 'active' ? 'Archive' : 'Restore'} ${c.name}`}
                      disabled={replace.isPending}
                      onClick={() => void run(() => replace.mutateAsync({ id: c.id, body: withStatus(c, c.status === 'active' ? 'archived' : 'active') }))}
                    >
                      {c.status === 'active' ? 'Archive' : 'Restore'}
                    </button>
                    <ConfirmButton
                      label="Delete"
                      confirmLabel={`Delete ${c.name}`}
                      disabled={remove.isPending}
                      onConfirm={() => void run(() => remove.mutateAsync(c.id))}
                    />
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
