// An export-control check as a reviewer reads it: for each regime and destination of the
// order line, the outcome, the reasons with their citations, the licence exceptions or
// general authorisations to verify with their conditions, and the seller's licences with
// why each does or does not cover the line.

import { useId, type ReactNode } from 'react';
import type { DeterminationAuthorisation, LicenceCoverage, LineDetermination, LineOutcome } from '../../api/types';
import { Badge, Mono } from '../ui';
import { countryLabel } from './compare';
import { LINE_OUTCOMES, regimeLabel } from './labels';

export function LineOutcomeBadge({ outcome }: { outcome: LineOutcome }) {
  const o = LINE_OUTCOMES[outcome] ?? { label: String(outcome).replace(/_/g, ' '), tone: 'neutral' as const };
  return <Badge tone={o.tone}>{o.label}</Badge>;
}

/** "us_ear 3A001.a.1 → CN": the heading of one determination. */
export function determinationTitle(d: LineDetermination): string {
  return `${regimeLabel(d.regime)} · ${d.classification || 'unclassified'} → ${countryLabel(d.destination)}`;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="det-section">
      <h4>{title}</h4>
      {children}
    </div>
  );
}

function Authorisations({ items }: { items: DeterminationAuthorisation[] }) {
  return (
    <ul className="det-list">
      {items.map((a, i) => (
        <li key={`${a.code}-${i}`}>
          <Badge tone="info">{a.code}</Badge> <span className="pre-line">{a.conditions}</span>
          <div className="citation">{a.citation}</div>
        </li>
      ))}
    </ul>
  );
}

/** Why the seller's licences were not matched, by the engine's outcome. */
const NOT_MATCHED: Partial<Record<LineOutcome, string>> = {
  no_licence_required: 'No licence is needed, so the seller’s licences were not matched.',
  not_an_export: 'Not an export, so the seller’s licences were not matched.',
  prohibited: 'The export is prohibited: no licence can cover it.',
};

/** The seller's licences held against the line: the covering one, and why each other does not cover it. */
export function Coverage({ coverage, outcome }: { coverage?: LicenceCoverage; outcome: LineOutcome }) {
  if (!coverage) {
    return <p className="muted small">{NOT_MATCHED[outcome] ?? 'The seller’s licences were not matched for this determination.'}</p>;
  }
  const evaluations = coverage.evaluations ?? [];
  const notes = coverage.notes ?? [];
  return (
    <>
      {coverage.covering ? (
        <p>
          <Badge tone="success">covered</Badge> by licence <Mono>{coverage.covering.number}</Mono>{' '}
          <span className="muted small">({regimeLabel(coverage.covering.regime)})</span>
        </p>
      ) : (
        <p>
          <Badge tone="warning">not covered</Badge>{' '}
          {evaluations.length === 0 ? 'The seller has no licences on file.' : notes.length === 0 && 'None of the seller’s licences covers this line.'}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="det-list small">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {evaluations.length > 0 && (
        <table className="table table-dense licences">
          <thead>
            <tr>
              <th>Licence</th>
              <th>Covers</th>
              <th>Why not</th>
            </tr>
          </thead>
          <tbody>
            {evaluations.map((ev, i) => (
              <tr key={ev.id ?? `${ev.number}-${i}`}>
                <td>
                  <Mono>{ev.number}</Mono>
                  {coverage.covering && (coverage.covering.id ? coverage.covering.id === ev.id : coverage.covering.number === ev.number) && (
                    <div className="muted small">the covering licence</div>
                  )}
                </td>
                <td>{ev.covers ? <Badge tone="success">yes</Badge> : <Badge tone="danger">no</Badge>}</td>
                <td>
                  {ev.reasons?.length ? (
                    <ul className="fact-list">
                      {ev.reasons.map((r, j) => (
                        <li key={j}>{r}</li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One regime's determination for the line to one destination. */
export function DeterminationCard({ determination: ld }: { determination: LineDetermination }) {
  const headingId = useId();
  const d = ld.determination;
  const reasons = d?.reasons ?? [];
  const exceptions = d?.licence_exceptions ?? [];
  const general = d?.general_authorisations ?? [];
  const notes = d?.notes ?? [];
  return (
    <article className="match determination" aria-labelledby={headingId}>
      <header className="match-header">
        <div>
          <h3 id={headingId}>{determinationTitle(ld)}</h3>
          <div className="muted small">
            {d && (d.licence_required ? 'a licence is required unless an exception or authorisation below applies' : 'no licence is required')}
            {d?.data_as_of && <> · US reference data as of {d.data_as_of}</>}
          </div>
        </div>
        <LineOutcomeBadge outcome={ld.outcome} />
      </header>
      <Section title="Why">
        {reasons.length === 0 ? (
          <p className="muted small">The engine gave no reasons.</p>
        ) : (
          <ul className="det-list">
            {reasons.map((r, i) => (
              <li key={`${r.code}-${i}`}>
                <Badge>{r.code}</Badge> {r.text}{' '}
                {r.may_apply && (
                  <Badge tone="info" title="The control applies only to paragraphs or parameters the line did not give: it holds unless the item is outside them.">
                    may apply
                  </Badge>
                )}
                <div className="citation">{r.citation}</div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {exceptions.length > 0 && (
        <Section title="Licence exceptions to verify">
          <Authorisations items={exceptions} />
        </Section>
      )}
      {general.length > 0 && (
        <Section title="General authorisations to verify">
          <Authorisations items={general} />
        </Section>
      )}
      {notes.length > 0 && (
        <Section title="Notes">
          <ul className="det-list small">
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="The seller’s licences">
        <Coverage coverage={ld.licence_coverage} outcome={ld.outcome} />
      </Section>
    </article>
  );
}
