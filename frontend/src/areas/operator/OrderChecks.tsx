import type { ComplianceCheck } from '../../api/types';
import { countryLabel } from '../../components/compliance/compare';
import { DeterminationCard, LineOutcomeBadge } from '../../components/compliance/Determinations';
import { regimeLabel } from '../../components/compliance/labels';
import { RedFlagCard } from '../../components/compliance/RedFlags';
import { EmptyState, KeyValues, Mono, Panel } from '../../components/ui';

/** The server appends this to an order line's name when neither the EAR nor EU dual-use governs it. */

function unique(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))];
}

/**
 * An export-control check of an order line: the line as checked beside one determination
 * per regime and destination, each with the seller's licences held against it.
 */
export function ExportControlView({ check: c }: { check: ComplianceCheck }) {
  const dets = c.details?.determinations ?? [];
  const noRegime = !!c.details?.no_regime;
  const product = c.subject_name;
  const destinations = unique(dets.length ? dets.map((d) => d.destination) : [c.subject_country ?? '']);
  const classifications = unique(dets.map((d) => `${regimeLabel(d.regime)} ${d.classification}`));
  return (
    <div className="compare">
      <div className="compare-party">
        <Panel title="The order line">
          <KeyValues
            hideEmpty
            rows={[
              ['Product', <strong>{product}</strong>],
              [
                destinations.length === 1 ? 'Destination' : 'Destinations',
                destinations.length ? (
                  <ul className="fact-list">
                    {destinations.map((d) => (
                      <li key={d}>{countryLabel(d)}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">not given</span>
                ),
              ],
              [
                'Classified',
                classifications.length ? (
                  <ul className="fact-list">
                    {classifications.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                ) : undefined,
              ],
              [
                'Outcomes',
                dets.length ? (
                  <ul className="fact-list">
                    {dets.map((d, i) => (
                      <li key={i}>
                        {regimeLabel(d.regime)} → {d.destination}: <LineOutcomeBadge outcome={d.outcome} />
                      </li>
                    ))}
                  </ul>
                ) : undefined,
              ],
              ['Order', c.order_id ? <Mono>{c.order_id}</Mono> : undefined],
              ['Line', c.subject_id ? <Mono>{c.subject_id}</Mono> : undefined],
            ]}
          />
          {dets.length > 1 && (
            <p className="muted small">
              One determination per regime that governs the export and per destination (the consignee’s country and, when elsewhere, the end user’s).
            </p>
          )}
        </Panel>
      </div>
      <div className="compare-matches">
        <Panel title={dets.length === 1 ? '1 determination' : `${dets.length} determinations`}>
          {dets.length === 0 ? (
            <EmptyState>
              {noRegime
                ? 'No US or EU export-control regime governs this line (neither a US nor an EU export): nothing to determine.'
                : 'The check carries no determinations.'}
            </EmptyState>
          ) : (
            dets.map((d, i) => <DeterminationCard key={`${d.regime}:${d.destination}:${i}`} determination={d} />)
          )}
        </Panel>
      </div>
    </div>
  );
}

/** A red-flag check of an order: the order as checked beside each flag and its evidence. */
export function RedFlagsView({ check: c }: { check: ComplianceCheck }) {
  const flags = c.details?.flags ?? [];
  return (
    <div className="compare">
      <div className="compare-party">
        <Panel title="The order">
          <KeyValues
            hideEmpty
            rows={[
              ['Buyer', <strong>{c.subject_name}</strong>],
              ['Destination', c.subject_country ? countryLabel(c.subject_country) : <span className="muted">not given</span>],
              ['Order', c.order_id ? <Mono>{c.order_id}</Mono> : c.subject_id ? <Mono>{c.subject_id}</Mono> : undefined],
            ]}
          />
          <p className="muted small">
            Release the order with a reason that explains each flag, or confirm to block it.
          </p>
        </Panel>
      </div>
      <div className="compare-matches">
        <Panel title={flags.length === 1 ? '1 red flag' : `${flags.length} red flags`}>
          {flags.length === 0 ? <EmptyState>The check carries no flags.</EmptyState> : flags.map((f, i) => <RedFlagCard key={`${f.code}:${i}`} flag={f} />)}
        </Panel>
      </div>
    </div>
  );
}
