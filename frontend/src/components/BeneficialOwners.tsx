// An organization's beneficial owners as declared (organization detail, onboarding once
// submitted, the review queue's party column), and which owner a sanctions check screened:
// the owners are screened as checks of the organization under their names.

import type { ReactNode } from 'react';
import type { BeneficialOwner, Organization } from '../api/types';
import { countryLabel } from './compliance/compare';
import { Badge } from './ui';

/** Names as the server stores them: runs of white space collapsed. */
function normalName(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

export interface ScreenedOwner {
  owner: BeneficialOwner;
  index: number;
  /** The organization's legal name is the same: the check may be of either. */
  alsoLegalName: boolean;
}

/** The beneficial owner a check of `org` screened: the one whose name is the check's subject name. */
export function screenedOwner(org: Pick<Organization, 'legal_name' | 'beneficial_owners'> | undefined, subjectName: string): ScreenedOwner | undefined {
  if (!org?.beneficial_owners?.length) return undefined;
  const name = normalName(subjectName);
  const index = org.beneficial_owners.findIndex((b) => normalName(b.name) === name);
  if (index < 0) return undefined;
  return { owner: org.beneficial_owners[index]!, index, alsoLegalName: normalName(org.legal_name) === name };
}

function ownerFacts(b: BeneficialOwner): string {
  return [
    b.kind ?? 'individual',
    b.country && countryLabel(b.country),
    b.birth_date && `born ${b.birth_date}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The owners as declared; `screened` marks the one a check is about. */
export function OwnersTable({ owners, screened, caption }: { owners: BeneficialOwner[]; screened?: number; caption?: ReactNode }) {
  const total = owners.reduce((n, b) => n + (b.share_pct ?? 0), 0);
  return (
    <table className="table table-dense owners">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind</th>
          <th>Country</th>
          <th>Born</th>
          <th className="num">Share</th>
        </tr>
      </thead>
      <tbody>
        {owners.map((b, i) => (
          <tr key={i} className={i === screened ? 'selected' : undefined} aria-current={i === screened ? 'true' : undefined}>
            <td>
              {i === screened ? <mark>{b.name}</mark> : b.name}
              {i === screened && (
                <>
                  {' '}
                  <Badge tone="warning">this check</Badge>
                </>
              )}
            </td>
            <td>{b.kind ?? 'individual'}</td>
            <td>{b.country ? countryLabel(b.country) : <span className="muted">—</span>}</td>
            <td>{b.birth_date || <span className="muted">—</span>}</td>
            <td className="num">{b.share_pct} %</td>
          </tr>
        ))}
      </tbody>
      {owners.length > 1 && (
        <tfoot>
          <tr>
            <td colSpan={4}>Together</td>
            <td className="num">{total} %</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/** One line per owner, for narrow columns; `screened` marks the one a check is about. */
export function OwnersList({ owners, screened }: { owners: BeneficialOwner[]; screened?: number }) {
  return (
    <ul className="fact-list" aria-label="Beneficial owners">
      {owners.map((b, i) => (
        <li key={i} aria-current={i === screened ? 'true' : undefined}>
          {i === screened ? <mark>{b.name}</mark> : b.name} <span className="muted small">({ownerFacts(b)}; {b.share_pct} %)</span>
          {i === screened && (
            <>
              {' '}
              <Badge tone="warning">this check</Badge>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
