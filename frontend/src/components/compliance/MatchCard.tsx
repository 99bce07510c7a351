// One potential match as a reviewer reads it: the list entry as it was screened, the name
// or alias that matched and why, and where the entry agrees or disagrees with the party.

import { useId, type ReactNode } from 'react';
import type { CheckMatch, ListEntry, ListEntryAlias } from '../../api/types';
import { Badge, Mono } from '../ui';
import { compareBirthDate, compareCountry, compareKind, countryLabel, type Agreement, type PartyFacts } from './compare';

const LIST_LABELS: Record<string, string> = {
  us_ofac_sdn: 'OFAC SDN',
  us_ofac_cons: 'OFAC consolidated (non-SDN)',
  us_bis_dpl: 'BIS Denied Persons',
  un_sc: 'UN Security Council',
  eu_fsf: 'EU financial sanctions',
  uk_hmt: 'UK sanctions list',
  uk_fcdo: 'UK sanctions list',
};

/**
 * "us_ofac_sdn" → "OFAC SDN"; an unknown id as it is. A list version key may carry a note
 * ("us_ofac_sdn aliases": an older version whose aliases are indexed), kept in brackets.
 */
export function listLabel(list: string): string {
  const [id = list, ...note] = list.split(' ');
  const label = LIST_LABELS[id] ?? id;
  return note.length ? `${label} (${note.join(' ')})` : label;
}

/** A score from 0 to 1 with two decimals; the closer to 1 the stronger the colour. */
export function ScoreBadge({ score }: { score: number }) {
  return (
    <Badge tone={score >= 0.95 ? 'danger' : 'warning'} title="Match score, 0 to 1">
      score {score.toFixed(2)}
    </Badge>
  );
}

const AGREEMENT_TEXT: Record<Exclude<Agreement, 'unknown'>, string> = {
  agree: 'same as the party',
  differ: 'differs from the party',
};

/** The mark beside a fact both sides have: agreeing supports the match, differing speaks against it. */
export function AgreementMark({ state }: { state: Agreement }) {
  if (state === 'unknown') return null;
  return <span className={`agreement agreement-${state}`}>{AGREEMENT_TEXT[state]}</span>;
}

function aliasNote(a: ListEntryAlias): string {
  return [a.type, a.quality, a.script === 'original' ? 'original script' : a.script].filter(Boolean).join(', ');
}

/** What matched: the primary name, or an alias with its type and quality. */
function matchedAs(m: CheckMatch): ReactNode {
  if (m.matched_name === m.name) return <span className="muted">(primary name)</span>;
  const alias = m.entry?.aliases?.find((a) => a.name === m.matched_name);
  return <span className="muted">(alias{alias ? `: ${aliasNote(alias)}` : ''})</span>;
}

function Fact({ label, state = 'unknown', children }: { label: string; state?: Agreement; children: ReactNode }) {
  return (
    <div className={state === 'unknown' ? 'kv-row' : `kv-row fact-${state}`}>
      <dt>{label}</dt>
      <dd>
        {children} <AgreementMark state={state} />
      </dd>
    </div>
  );
}

function List({ items, render = (s) => s }: { items: string[]; render?: (s: string) => ReactNode }) {
  if (items.length === 1) return <>{render(items[0]!)}</>;
  return (
    <ul className="fact-list">
      {items.map((s, i) => (
        <li key={i}>{render(s)}</li>
      ))}
    </ul>
  );
}

export function MatchCard({ match: m, party, index }: { match: CheckMatch; party: PartyFacts; index: number }) {
  const headingId = useId();
  const e = m.entry;
  const country = compareCountry(party.country, e);
  const birth = compareBirthDate(party.birth_date, e);
  const kind = compareKind(party.kind, e);
  const countries = [...(e?.nationalities ?? []), ...(e?.citizenships ?? [])];

  return (
    <article className="match" aria-labelledby={headingId}>
      <header className="match-header">
        <div>
          <h3 id={headingId}>
            <span className="muted">{index + 1}.</span> {m.name}
          </h3>
          <div className="muted small">
            {listLabel(m.list)} · entry <Mono>{m.entity_id}</Mono>
            {e?.listed_on && <> · listed {e.listed_on}</>}
          </div>
        </div>
        <ScoreBadge score={m.score} />
      </header>
      <dl className="kv">
        <Fact label="Matched">
          <strong>{m.matched_name}</strong> {matchedAs(m)}
        </Fact>
        {m.why && (
          <Fact label="Why">
            <span className="why">{m.why}</span>
          </Fact>
        )}
        <Fact label="Programs">
          {m.programs?.length ? (
            <span className="badge-row">
              {m.programs.map((p) => (
                <Badge key={p}>{p}</Badge>
              ))}
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </Fact>
        {e && (
          <Fact label="Kind" state={kind}>
            {e.kind}
            {party.kind && <span className="muted small"> · party: {party.kind}</span>}
          </Fact>
        )}
        {e && (country.entry.length > 0 || countries.length > 0 || party.country) && (
          <Fact label="Country" state={country.state}>
            {country.entry.length > 0 ? (
              <span>
                {[...new Set(country.entry.map((c) => c.code))].map((code, i) => (
                  <span key={code}>
                    {i > 0 && ', '}
                    {countryLabel(code)}{' '}
                    <span className="muted small">
                      ({country.entry.filter((c) => c.code === code).map((c) => c.from).join(', ')})
                    </span>
                  </span>
                ))}
              </span>
            ) : countries.length > 0 ? (
              countries.join(', ')
            ) : (
              <span className="muted">none on the entry</span>
            )}
            {party.country && <span className="muted small"> · party: {countryLabel(party.country)}</span>}
          </Fact>
        )}
        {e && (!!e.birth_dates?.length || !!party.birth_date) && (
          <Fact label="Birth date" state={birth.state}>
            {e.birth_dates?.length ? e.birth_dates.join('; ') : <span className="muted">none on the entry</span>}
            {party.birth_date && <span className="muted small"> · party: {party.birth_date}</span>}
          </Fact>
        )}
      </dl>
      {e ? <EntryDetails entry={e} matchedName={m.matched_name} /> : <p className="muted small">The list entry was not kept with this match.</p>}
    </article>
  );
}

/** The rest of the entry as screened. */
function EntryDetails({ entry: e, matchedName }: { entry: ListEntry; matchedName: string }) {
  const rows: [string, ReactNode][] = [];
  if (e.title) rows.push(['Title', e.title]);
  if (e.aliases?.length) {
    rows.push([
      'Aliases',
      <ul className="fact-list">
        {e.aliases.map((a, i) => (
          <li key={i}>
            {a.name === matchedName ? <mark>{a.name}</mark> : a.name} <span className="muted small">({aliasNote(a)})</span>
          </li>
        ))}
      </ul>,
    ]);
  }
  if (e.nationalities?.length) rows.push(['Nationality', e.nationalities.map(countryLabel).join(', ')]);
  if (e.citizenships?.length) rows.push(['Citizenship', e.citizenships.map(countryLabel).join(', ')]);
  if (e.birth_places?.length) rows.push(['Birth place', <List items={e.birth_places} />]);
  if (e.gender) rows.push(['Gender', e.gender]);
  if (e.addresses?.length) rows.push(['Addresses', <List items={e.addresses} />]);
  if (e.documents?.length) {
    rows.push([
      'Documents',
      <ul className="fact-list">
        {e.documents.map((d, i) => (
          <li key={i}>
            {d.type} <Mono>{d.number}</Mono>
            {d.country && <> · {countryLabel(d.country)}</>}
            {d.note && <span className="muted small"> ({d.note})</span>}
          </li>
        ))}
      </ul>,
    ]);
  }
  const v = e.vessel;
  if (v) {
    const parts: [string, string | undefined][] = [
      ['IMO', v.imo],
      ['MMSI', v.mmsi],
      ['call sign', v.call_sign],
      ['type', v.type],
      ['flag', v.flag && countryLabel(v.flag)],
      ['owner', v.owner],
      ['tonnage', v.tonnage],
    ];
    rows.push(['Vessel', parts.filter(([, x]) => x).map(([k, x]) => `${k} ${x}`).join(' · ')]);
  }
  if (e.remarks) rows.push(['Remarks', <span className="pre-line">{e.remarks}</span>]);

  return (
    <>
      {rows.length > 0 && (
        <dl className="kv entry-details">
          {rows.map(([label, value]) => (
            <div className="kv-row" key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {e.truncated && <p className="muted small">The entry is long: only its first items are shown here.</p>}
    </>
  );
}
