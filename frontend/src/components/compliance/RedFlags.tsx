// A red-flag check as a reviewer reads it: each rule that fired on the order, what it
// means and what it saw.

import { useId } from 'react';
import type { RedFlag } from '../../api/types';
import { sentence } from '../format';
import { Mono } from '../ui';
import { countryLabel } from './compare';
import { evidenceLabel, FLAG_LABELS, isCountryKey } from './labels';

export function RedFlagCard({ flag }: { flag: RedFlag }) {
  const headingId = useId();
  const evidence = Object.entries(flag.evidence ?? {});
  return (
    <article className="match red-flag" aria-labelledby={headingId}>
      <header className="match-header">
        <div>
          <h3 id={headingId}>{FLAG_LABELS[flag.code] ?? flag.code.replace(/_/g, ' ')}</h3>
          <div className="muted small">
            rule <Mono>{flag.code}</Mono>
          </div>
        </div>
      </header>
      <p>{sentence(flag.text)}</p>
      {evidence.length > 0 && (
        <dl className="kv">
          {evidence.map(([k, v]) => (
            <div className="kv-row" key={k}>
              <dt>{evidenceLabel(k)}</dt>
              <dd>{v ? isCountryKey(k) ? countryLabel(v) : v : <span className="muted">—</span>}</dd>
            </div>
          ))}
        </dl>
      )}
    </article>
  );
}
