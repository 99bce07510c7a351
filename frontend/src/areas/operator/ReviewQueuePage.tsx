import { useCallback, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useComplianceCheck, useComplianceCheckChanged, useComplianceChecks, useMe, useOrganization } from '../../api/queries';
import { CHECK_KINDS, type CheckKind, type CheckStatus, type ComplianceCheck, type Problem, type ReviewDecision } from '../../api/types';
import { screenedOwner } from '../../components/BeneficialOwners';
import { KIND_LABELS, KIND_TONES } from '../../components/compliance/labels';
import { MatchCard, ScoreBadge, listLabel } from '../../components/compliance/MatchCard';
import { formatDateTime, sentence } from '../../components/format';
import { Badge, EmptyState, ErrorState, KeyValues, Loading, Mono, PageHeader, Panel, StatusBadge } from '../../components/ui';
import { canReadChecks, canReviewChecks } from '../../shell/permissions';
import { CheckParty, SUBJECT_LABELS, partyFacts } from './CheckParty';
import { ExportControlView, RedFlagsView } from './OrderChecks';
import { ReviewDialog } from './ReviewDialog';
import { reviewWords, type SubjectContext } from './reviewWords';

const PAGE_SIZE = 50;

const STATUS_TABS: { value: CheckStatus; label: string }[] = [
  { value: 'open', label: 'Waiting for review' },
  { value: 'closed', label: 'Closed' },
];

const DECISION_LABELS: Record<ReviewDecision, string> = {
  false_positive: 'false positive',
  confirmed: 'confirmed',
};

/** An order's export-control or red-flag check: released, or confirmed (the order is blocked). */
const ORDER_DECISION_LABELS: Record<ReviewDecision, string> = {
  false_positive: 'released',
  confirmed: 'confirmed',
};

interface PageNotice {
  tone: 'info' | 'warning';
  body: ReactNode;
}

function topScore(c: ComplianceCheck): number | undefined {
  return c.matches.length ? Math.max(...c.matches.map((m) => m.score)) : undefined;
}

function KindBadge({ kind }: { kind: CheckKind }) {
  return <Badge tone={KIND_TONES[kind]}>{KIND_LABELS[kind]?.toLowerCase() ?? kind}</Badge>;
}

/** The notice after a decision: what it did to the party or the order. */
function decidedNotice(c: ComplianceCheck, decision: ReviewDecision, ctx: SubjectContext): ReactNode {
  if (c.kind === 'export_control' || c.kind === 'red_flags') {
    const what = c.kind === 'export_control' ? <>the order with <strong>{c.subject_name}</strong></> : <>the order of <strong>{c.subject_name}</strong></>;
    return decision === 'confirmed' ? (
      <>Confirmed: {what} is blocked.</>
    ) : (
      <>Released: {what} no longer waits for this {c.kind === 'export_control' ? 'determination' : 'check'}.</>
    );
  }
  const org = ctx.owner && ctx.organizationName;
  if (decision === 'confirmed') {
    return org ? (
      <>
        Confirmed: <strong>{c.subject_name}</strong>, beneficial owner of {org}: <strong>{org}</strong> is blocked.
      </>
    ) : (
      <>
        Confirmed: <strong>{c.subject_name}</strong> is blocked.
      </>
    );
  }
  return (
    <>
      Cleared <strong>{c.subject_name}</strong> as a false positive: {c.matches.length === 1 ? 'the match is' : 'the matches are'} suppressed for this{' '}
      {org ? 'organization' : 'party'} while the list {c.matches.length === 1 ? 'entry is' : 'entries are'} unchanged.
    </>
  );
}

/**
 * The compliance review queue: screenings with potential matches, oldest first, and the
 * selected check's party beside each matched list entry. Officers clear a match as a false
 * positive or confirm it (which blocks the party); every decision is audited by the server.
 */
export function ReviewQueuePage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status: CheckStatus = params.get('status') === 'closed' ? 'closed' : 'open';
  const subject = params.get('subject') ?? '';
  const kindParam = params.get('kind');
  const kind = CHECK_KINDS.find((k) => k === kindParam);
  const allowed = !!me.data && canReadChecks(me.data);
  const checks = useComplianceChecks({ status, kind, subject_id: subject || undefined, limit: PAGE_SIZE }, allowed);
  const changed = useComplianceCheckChanged();
  const [notice, setNotice] = useState<PageNotice | null>(null);

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!allowed) {
    return (
      <>
        <PageHeader title="Review queue" />
        <div className="notice notice-warning" role="status">
          Only compliance officers and operator staff see the compliance review queue.
        </div>
      </>
    );
  }
  const reviewer = canReviewChecks(me.data);

  const items = checks.data?.pages.flatMap((p) => p.items) ?? [];
  const selectedId = params.get('selected') ?? items[0]?.id ?? '';

  function update(change: (p: URLSearchParams) => void) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  }
  const select = (id: string | null) => update((p) => (id ? p.set('selected', id) : p.delete('selected')));

  function onDone(c: ComplianceCheck, decision: ReviewDecision, ctx: SubjectContext) {
    const at = items.findIndex((x) => x.id === c.id);
    const next = at >= 0 ? (items[at + 1] ?? items[at - 1]) : undefined;
    setNotice({ tone: 'info', body: decidedNotice(c, decision, ctx) });
    if (status === 'open') select(next?.id ?? null);
  }

  function onConflict(c: ComplianceCheck, p: Problem) {
    setNotice({
      tone: 'warning',
      body: (
        <>
          <strong>Someone else has already reviewed this check.</strong> {p.detail && sentence(p.detail)} The queue and the check have been refreshed: read
          the decision that stands before doing anything else.
        </>
      ),
    });
    // Stay on this check (it has left the open queue) so its decision can be read.
    select(c.id);
    changed(c);
  }

  return (
    <>
      <PageHeader
        title="Review queue"
        subtitle="Sanctions screenings with potential matches, order lines that need an export licence or a manual review, and orders with red flags, oldest first. Read the findings, then clear or confirm."
        actions={
          <div className="segmented" role="group" aria-label="Checks">
            {STATUS_TABS.map((t) => (
              <button
                key={t.value}
                type="button"
                className={status === t.value ? 'segment active' : 'segment'}
                aria-pressed={status === t.value}
                onClick={() =>
                  update((p) => {
                    p.set('status', t.value);
                    p.delete('selected');
                  })
                }
              >
                {t.label}
              </button>
            ))}
          </div>
        }
      />
      {subject && (
        <div className="notice notice-info" role="status">
          <span>
            Only the checks of {items[0] ? <strong>{items[0].subject_name}</strong> : <>party <Mono>{subject}</Mono></>}.
          </span>{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() =>
              update((p) => {
                p.delete('subject');
                p.delete('selected');
              })
            }
          >
            Show every party
          </button>
        </div>
      )}
      {notice && (
        <div className={`notice notice-${notice.tone}`} role={notice.tone === 'warning' ? 'alert' : 'status'}>
          <span>{notice.body}</span>
        </div>
      )}
      <div className="split split-review">
        <Panel
          flush
          title={
            checks.isSuccess
              ? `${items.length}${checks.hasNextPage ? '+' : ''} ${status === 'open' ? 'waiting' : 'closed'}`
              : status === 'open'
                ? 'Waiting'
                : 'Closed'
          }
          actions={
            <select
              aria-label="Kind of check"
              className="select-small"
              value={kind ?? ''}
              onChange={(e) =>
                update((p) => {
                  if (e.target.value) p.set('kind', e.target.value);
                  else p.delete('kind');
                  p.delete('selected');
                })
              }
            >
              <option value="">Every kind</option>
              {CHECK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          }
        >
          {checks.isPending ? (
            <Loading />
          ) : checks.isError && items.length === 0 ? (
            <ErrorState error={checks.error} onRetry={() => void checks.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState>
              {kind
                ? `No ${KIND_LABELS[kind].toLowerCase()} checks ${status === 'open' ? 'to review' : 'closed'}.`
                : status === 'open'
                  ? 'Nothing to review.'
                  : 'No checks yet.'}
            </EmptyState>
          ) : (
            <table className="table table-dense queue">
              <thead>
                <tr>
                  <th>Party or order</th>
                  <th>Result</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => {
                  const top = topScore(c);
                  return (
                    <tr key={c.id} className={c.id === selectedId ? 'selected' : undefined} onClick={() => select(c.id)}>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          aria-current={c.id === selectedId ? 'true' : undefined}
                          onClick={() => select(c.id)}
                        >
                          {c.subject_name}
                        </button>
                        <div className="muted small">
                          <KindBadge kind={c.kind} /> {SUBJECT_LABELS[c.subject_type] ?? c.subject_type}
                          {c.subject_country && ` · ${c.kind === 'sanctions' ? '' : 'to '}${c.subject_country}`} ·{' '}
                          {c.kind === 'sanctions' ? 'screened' : 'checked'} {formatDateTime(c.created_at)}
                        </div>
                      </td>
                      <td className="nowrap">
                        {c.status === 'closed' ? (
                          c.decision === 'none' ? (
                            <StatusBadge value={c.outcome} />
                          ) : (
                            <Badge tone={c.decision === 'confirmed' ? 'danger' : 'success'}>{c.kind === 'sanctions' ? DECISION_LABELS[c.decision] : ORDER_DECISION_LABELS[c.decision]}</Badge>
                          )
                        ) : c.kind === 'red_flags' ? (
                          <Badge tone="warning">red flags</Badge>
                        ) : c.kind === 'export_control' ? (
                          <StatusBadge value={c.outcome} />
                        ) : (
                          <>
                            {c.matches.length} {top !== undefined && <ScoreBadge score={top} />}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {checks.hasNextPage && (
            <div className="table-footer">
              {kind && <span className="muted small">Filtered among the checks loaded so far. </span>}
              <button type="button" className="btn" onClick={() => void checks.fetchNextPage()} disabled={checks.isFetchingNextPage}>
                {checks.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </Panel>
        <div>
          {selectedId ? (
            <CheckDetail
              key={selectedId}
              id={selectedId}
              reviewer={reviewer}
              onDone={onDone}
              onConflict={onConflict}
              onOpenDialog={() => setNotice(null)}
            />
          ) : null}
        </div>
      </div>
    </>
  );
}

function CheckDetail({
  id,
  reviewer,
  onDone,
  onConflict,
  onOpenDialog,
}: {
  id: string;
  reviewer: boolean;
  onDone: (c: ComplianceCheck, d: ReviewDecision, ctx: SubjectContext) => void;
  onConflict: (c: ComplianceCheck, p: Problem) => void;
  onOpenDialog: () => void;
}) {
  const q = useComplianceCheck(id);
  // A check of an organization may be of one of its beneficial owners (the same query as the party column's).
  const orgId = q.data?.subject_type === 'organization' ? (q.data.subject_id ?? '') : '';
  const org = useOrganization(orgId, { enabled: orgId !== '' });
  const [dialog, setDialog] = useState<ReviewDecision | null>(null);
  const close = useCallback(() => setDialog(null), []);

  if (q.isPending) return <Loading />;
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404) {
      return (
        <div className="notice notice-warning" role="status">
          No check with id <Mono>{id}</Mono> in this marketplace.
        </div>
      );
    }
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }
  const c = q.data;
  const open = c.status === 'open';
  const sanctions = c.kind === 'sanctions';
  const owner = orgId && org.data ? screenedOwner(org.data, c.subject_name) : undefined;
  const subject: SubjectContext = owner && !owner.alsoLegalName ? { owner: owner.owner, organizationName: org.data?.legal_name } : {};
  const words = reviewWords(c, subject);
  const party = partyFacts(c, owner);
  const versions = Object.entries(c.list_versions).sort(([a], [b]) => a.localeCompare(b));
  const lists = versions.length ? (
    <span className="small">
      {versions.map(([list, v], i) => (
        <span key={list}>
          {i > 0 && ' · '}
          {listLabel(list)} <Mono>{v}</Mono>
        </span>
      ))}
    </span>
  ) : undefined;
  const openDialog = (d: ReviewDecision) => {
    onOpenDialog();
    setDialog(d);
  };

  return (
    <>
      <Panel
        title={`${subject.owner ? 'Beneficial owner' : (SUBJECT_LABELS[c.subject_type] ?? c.subject_type)}: ${c.subject_name}`}
        actions={
          open && reviewer ? (
            <div className="toolbar">
              <button type="button" className="btn btn-primary btn-small" onClick={() => openDialog('false_positive')}>
                {words.clearAction}
              </button>
              <button type="button" className="btn btn-small btn-danger-outline" onClick={() => openDialog('confirmed')}>
                {words.confirmAction}
              </button>
            </div>
          ) : undefined
        }
      >
        <KeyValues
          rows={[
            ['Check', <KindBadge kind={c.kind} />],
            ...(subject.owner ? ([['Owner of', <strong>{subject.organizationName}</strong>]] as [string, ReactNode][]) : []),
            ['Outcome', <StatusBadge value={c.outcome} />],
            [
              'Status',
              open ? (
                <Badge tone="warning">waiting for review</Badge>
              ) : c.decision === 'none' ? (
                <span>closed</span>
              ) : (
                <Badge tone={c.decision === 'confirmed' ? 'danger' : 'success'}>{sanctions ? DECISION_LABELS[c.decision] : ORDER_DECISION_LABELS[c.decision]}</Badge>
              ),
            ],
            ...(!open && c.decision !== 'none'
              ? ([
                  ['Reviewed', <>{formatDateTime(c.reviewed_at) ?? '—'}{c.reviewed_by && <> by <Mono>{c.reviewed_by}</Mono></>}</>],
                  ['Reason', <span className="pre-line">{c.review_reason}</span>],
                ] as [string, ReactNode][])
              : []),
            [sanctions ? 'Screened' : 'Checked', formatDateTime(c.created_at)],
            ...(c.order_id ? ([['Order', <Mono>{c.order_id}</Mono>]] as [string, ReactNode][]) : []),
            ...(sanctions ? ([['Lists', lists]] as [string, ReactNode][]) : []),
            ...(c.suppressed > 0
              ? ([
                  [
                    'Suppressed',
                    `${c.suppressed} ${c.suppressed === 1 ? 'match was' : 'matches were'} left out: an officer cleared ${c.suppressed === 1 ? 'it' : 'them'} for this party before and the list ${c.suppressed === 1 ? 'entry has' : 'entries have'} not changed.`,
                  ],
                ] as [string, ReactNode][])
              : []),
          ]}
        />
        {open && !reviewer && <p className="muted small">Only compliance officers decide checks; you can read them.</p>}
        {c.kind === 'export_control' && !open && c.decision === 'none' && c.outcome === 'blocked' && (
          <p className="muted small">The export is prohibited: the check closed as blocked without a review, and the order is blocked.</p>
        )}
      </Panel>
      {c.kind === 'export_control' ? (
        <ExportControlView check={c} />
      ) : c.kind === 'red_flags' ? (
        <RedFlagsView check={c} />
      ) : (
        <div className="compare">
          <div className="compare-party">
            <CheckParty check={c} owner={owner} />
          </div>
          <div className="compare-matches">
            <Panel title={c.matches.length === 1 ? '1 potential match' : `${c.matches.length} potential matches`}>
              {c.matches.length === 0 ? (
                <EmptyState>No matches: the screening was clear.</EmptyState>
              ) : (
                c.matches.map((m, i) => <MatchCard key={`${m.list}:${m.entity_id}`} match={m} party={party} index={i} />)
              )}
            </Panel>
          </div>
        </div>
      )}
      {dialog && (
        <ReviewDialog
          check={c}
          subject={subject}
          initialDecision={dialog}
          onClose={close}
          onDone={(done, decision) => {
            setDialog(null);
            onDone(done, decision, subject);
          }}
          onConflict={(p) => {
            setDialog(null);
            onConflict(c, p);
          }}
        />
      )}
    </>
  );
}

