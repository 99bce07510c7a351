import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useConsignee, useOrganization } from '../../api/queries';
import type { CheckSubjectType, ComplianceCheck } from '../../api/types';
import { OwnersList, screenedOwner, type ScreenedOwner } from '../../components/BeneficialOwners';
import { SellerName } from '../../components/catalog/SellerName';
import { countryLabel, type PartyFacts } from '../../components/compliance/compare';
import { formatAddress } from '../../components/format';
import { KeyValues, Loading, Mono, Panel, StatusBadge } from '../../components/ui';
import { industryLabel } from '../buyer/ConsigneeForm';

export const SUBJECT_LABELS: Record<CheckSubjectType, string> = {
  organization: 'Organization',
  consignee: 'Consignee',
  end_user: 'End user',
  order: 'Order',
  order_line: 'Order line',
  adhoc: 'Ad hoc name',
};

/**
 * What the matches are compared with: the party as it was screened (name, country, kind
 * and birth date as the check keeps them). Checks recorded before the kind and birth date
 * were kept fall back to what the organization declares of an owner now, and to "entity"
 * for an organization.
 */
export function partyFacts(c: ComplianceCheck, owner?: ScreenedOwner): PartyFacts {
  if (c.subject_kind) {
    return {
      name: c.subject_name,
      country: c.subject_country || undefined,
      kind: c.subject_kind as PartyFacts['kind'],
      birth_date: c.subject_birth_date || undefined,
    };
  }
  if (owner && !owner.alsoLegalName) {
    return {
      name: c.subject_name,
      country: c.subject_country || undefined,
      kind: owner.owner.kind ?? 'individual',
      birth_date: owner.owner.birth_date || undefined,
    };
  }
  return {
    name: c.subject_name,
    country: c.subject_country || undefined,
    kind: c.subject_type === 'organization' ? 'entity' : undefined,
  };
}

function country(code: string | undefined): ReactNode {
  return code ? countryLabel(code) : undefined;
}

function Renamed({ now, screened }: { now: string; screened: string }) {
  if (now.trim() === screened.trim()) return null;
  return <div className="muted small">Screened as “{screened}”; the name has changed since.</div>;
}

/**
 * The screened party's identifying facts, beside the list entries: the name and country as
 * screened, then the party as it stands now (organization, consignee or end user). A check
 * of an organization under one of its beneficial owners' names is about that owner.
 */
export function CheckParty({ check: c, owner }: { check: ComplianceCheck; owner?: ScreenedOwner }) {
  const id = c.subject_id;
  const isOwner = !!owner && !owner.alsoLegalName;
  return (
    <Panel title={`The party · ${isOwner ? 'Beneficial owner' : SUBJECT_LABELS[c.subject_type]}`}>
      <div className="party-screened">
        <div className="muted small">As screened</div>
        <KeyValues
          hideEmpty
          rows={[
            ['Name', <strong>{c.subject_name}</strong>],
            ['Country', country(c.subject_country) ?? <span className="muted">not given</span>],
            [
              'Kind',
              c.subject_kind ? (
                c.subject_kind
              ) : isOwner ? (
                <>
                  {owner.owner.kind ?? 'individual'} <span className="muted small">(as declared now)</span>
                </>
              ) : c.subject_type === 'organization' ? (
                'entity'
              ) : undefined,
            ],
            [
              'Birth date',
              c.subject_birth_date ? (
                c.subject_birth_date
              ) : isOwner && owner.owner.birth_date ? (
                <>
                  {owner.owner.birth_date} <span className="muted small">(as declared now)</span>
                </>
              ) : undefined,
            ],
            ['Owner of', isOwner ? <>the organization below, {owner.owner.share_pct} %</> : undefined],
          ]}
        />
        {owner?.alsoLegalName && (
          <p className="muted small">The organization’s legal name is also the name of one of its beneficial owners: this check may be of either.</p>
        )}
      </div>
      {id && c.subject_type === 'organization' && <OrganizationFacts id={id} screened={c.subject_name} />}
      {id && (c.subject_type === 'consignee' || c.subject_type === 'end_user') && (
        <ConsigneeFacts id={id} endUser={c.subject_type === 'end_user'} screened={c.subject_name} />
      )}
      {!id && <p className="muted small">Only this name was screened: there is no party record to compare.</p>}
      {id && (
        <p className="small">
          <Link to={`/operator/review?status=closed&subject=${encodeURIComponent(id)}`}>Earlier decisions on this party</Link>
        </p>
      )}
    </Panel>
  );
}

function LoadFailed({ what, error }: { what: string; error: unknown }) {
  const gone = isApiError(error) && error.status === 404;
  return (
    <div className="notice notice-warning" role="status">
      {gone ? `The ${what} no longer exists.` : `The ${what} could not be loaded${isApiError(error) ? `: ${error.problem.title}` : ''}.`} The name and
      country above are as screened.
    </div>
  );
}

function OrganizationFacts({ id, screened }: { id: string; screened: string }) {
  const q = useOrganization(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadFailed what="organization" error={q.error} />;
  const o = q.data;
  const owner = screenedOwner(o, screened);
  const owners = o.beneficial_owners ?? [];
  return (
    <div className="party-now">
      <div className="muted small">Now</div>
      <KeyValues
        hideEmpty
        rows={[
          [
            'Legal name',
            <>
              <Link to={`/organizations/${o.id}`}>{o.legal_name}</Link>
              {owner ? null : owners.length > 0 && o.legal_name.trim() !== screened.trim() ? (
                <div className="muted small">Screened as “{screened}”: neither the legal name nor a beneficial owner’s name now.</div>
              ) : (
                <Renamed now={o.legal_name} screened={screened} />
              )}
            </>,
          ],
          ['Organization', o.kind],
          ['Country', country(o.country)],
          ['VAT', o.vat_number ? <Mono>{o.vat_number}</Mono> : undefined],
          ['EORI', o.eori ? <Mono>{o.eori}</Mono> : undefined],
          ['LEI', o.lei ? <Mono>{o.lei}</Mono> : undefined],
          ['Registration no.', o.registration_number ? <Mono>{o.registration_number}</Mono> : undefined],
          [
            'Addresses',
            o.addresses?.length ? (
              <ul className="fact-list">
                {o.addresses.map((a, i) => (
                  <li key={i}>
                    {formatAddress(a)} <span className="muted small">({a.kind ?? 'registered'})</span>
                  </li>
                ))}
              </ul>
            ) : undefined,
          ],
          [
            'Beneficial owners',
            owners.length ? <OwnersList owners={owners} screened={owner && !owner.alsoLegalName ? owner.index : undefined} /> : <span className="muted">none declared</span>,
          ],
          ['Onboarding', <StatusBadge value={o.onboarding_status} />],
          ['Screening', <StatusBadge value={o.screening_status} />],
        ]}
      />
    </div>
  );
}

function ConsigneeFacts({ id, endUser, screened }: { id: string; endUser: boolean; screened: string }) {
  const q = useConsignee(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadFailed what={endUser ? 'end user' : 'consignee'} error={q.error} />;
  const k = q.data;
  if (endUser) {
    const u = k.end_user;
    return (
      <div className="party-now">
        <div className="muted small">Now</div>
        <KeyValues
          hideEmpty
          rows={[
            [
              'Name',
              <>
                {u.name}
                <Renamed now={u.name} screened={screened} />
              </>,
            ],
            ['Country', country(u.country || u.address.country)],
            ['Address', formatAddress(u.address)],
            ['End use', u.end_use],
            ['Industry', industryLabel(u.industry)],
            [
              'End user of',
              <>
                {k.name} <span className="muted small">(consignee of <SellerName id={k.organization_id} />)</span>
              </>,
            ],
            ['Screening', <StatusBadge value={u.screening_status} />],
          ]}
        />
      </div>
    );
  }
  return (
    <div className="party-now">
      <div className="muted small">Now</div>
      <KeyValues
        hideEmpty
        rows={[
          [
            'Name',
            <>
              {k.name}
              <Renamed now={k.name} screened={screened} />
            </>,
          ],
          ['Buyer', <SellerName id={k.organization_id} />],
          ['Country', country(k.address.country)],
          ['Address', formatAddress(k.address)],
          ['End user', k.end_user.is_consignee ? 'the consignee itself' : `${k.end_user.name} (${k.end_user.country})`],
          ['Status', k.status],
          ['Screening', <StatusBadge value={k.screening_status} />],
        ]}
      />
    </div>
  );
}
