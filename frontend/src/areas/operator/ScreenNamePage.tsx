import { useState, type FormEvent } from 'react';
import { useMe, useScreenName } from '../../api/queries';
import { SCREENING_KINDS, type ScreeningKind, type ScreeningRequest, type ScreeningResponse } from '../../api/types';
import { countryLabel, type PartyFacts } from '../../components/compliance/compare';
import { MatchCard, listLabel } from '../../components/compliance/MatchCard';
import { FormProblem, TextField, useFieldErrors } from '../../components/form';
import { Badge, EmptyState, ErrorState, KeyValues, Loading, Mono, PageHeader, Panel } from '../../components/ui';
import { canScreenNames } from '../../shell/permissions';

const PLACED = ['/name', '/kind', '/country', '/birth_date'];

interface FormState {
  name: string;
  kind: '' | ScreeningKind;
  country: string;
  birth_date: string;
}

/** Only what was filled in; the server trims, checks and normalises. */
function toRequest(f: FormState): ScreeningRequest {
  const out: ScreeningRequest = { name: f.name };
  if (f.kind) out.kind = f.kind;
  if (f.country.trim()) out.country = f.country.trim();
  if (f.birth_date.trim()) out.birth_date = f.birth_date.trim();
  return out;
}

/**
 * Screens one name ad hoc (POST /api/v1/screenings): nothing is stored and no party is
 * affected. Each match is shown with its list entry beside what was asked.
 */
export function ScreenNamePage() {
  const me = useMe();
  const [form, setForm] = useState<FormState>({ name: '', kind: '', country: '', birth_date: '' });
  const [result, setResult] = useState<{ asked: ScreeningRequest; answer: ScreeningResponse } | null>(null);
  const fe = useFieldErrors();
  const screenName = useScreenName();

  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!canScreenNames(me.data)) {
    return (
      <>
        <PageHeader title="Screen a name" />
        <div className="notice notice-warning" role="status">
          Only compliance officers screen names.
        </div>
      </>
    );
  }

  const set = (k: keyof FormState) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const kind = fe.aria('/kind');

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    fe.reset();
    const asked = toRequest(form);
    screenName.mutate(asked, {
      onSuccess: (answer) => setResult({ asked, answer }),
      onError: (err) => {
        setResult(null);
        fe.fail(err);
      },
    });
  }

  return (
    <>
      <PageHeader
        title="Screen a name"
        subtitle="Checks one name against the loaded sanctions lists. Nothing is stored and no party is affected: parties are screened when they onboard or change."
      />
      <Panel title="Name to screen">
        <form ref={fe.formRef} className="form" onSubmit={onSubmit} noValidate>
          <FormProblem fe={fe} placed={(p) => PLACED.includes(p)} />
          <div className="form-grid">
            <TextField fe={fe} pointer="/name" label="Name" value={form.name} onChange={set('name')} wide hint="A person, company, vessel or aircraft, as written." />
            <div className="field">
              <label htmlFor={kind.id}>Kind</label>
              <select
                {...kind}
                value={form.kind}
                onChange={(e) => {
                  set('kind')(e.target.value);
                  fe.edited('/kind');
                }}
              >
                <option value="">Any</option>
                {SCREENING_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
              {fe.messages('/kind')}
            </div>
            <TextField fe={fe} pointer="/country" label="Country" value={form.country} onChange={set('country')} placeholder="DE" hint="Optional: ISO 3166-1 alpha-2." />
            <TextField
              fe={fe}
              pointer="/birth_date"
              label="Birth date"
              value={form.birth_date}
              onChange={set('birth_date')}
              placeholder="1964-03-12"
              hint="Optional, for a person: YYYY, YYYY-MM or YYYY-MM-DD."
            />
          </div>
          <div className="toolbar">
            <button type="submit" className="btn btn-primary" disabled={screenName.isPending}>
              {screenName.isPending ? 'Screening…' : 'Screen'}
            </button>
          </div>
        </form>
      </Panel>
      {result && <ScreeningResult asked={result.asked} answer={result.answer} />}
    </>
  );
}

function ScreeningResult({ asked, answer }: { asked: ScreeningRequest; answer: ScreeningResponse }) {
  const party: PartyFacts = { name: asked.name.trim(), kind: asked.kind, country: asked.country, birth_date: asked.birth_date };
  const versions = Object.entries(answer.list_versions).sort(([a], [b]) => a.localeCompare(b));
  const n = answer.matches.length;
  return (
    <section aria-label="Screening result">
      <div className={answer.decision === 'clear' ? 'notice notice-info' : 'notice notice-warning'} role="status">
        <span>
          <strong>{party.name}</strong>:{' '}
          {answer.decision === 'clear' ? 'no match on the lists.' : `${n === 1 ? '1 potential match' : `${n} potential matches`}.`}
        </span>
      </div>
      <div className="compare">
        <div className="compare-party">
          <Panel title="Screened">
            <KeyValues
              rows={[
                ['Name', <strong>{party.name}</strong>],
                ['Kind', party.kind ?? <span className="muted">any</span>],
                ['Country', party.country ? countryLabel(party.country) : undefined],
                ['Birth date', party.birth_date],
                [
                  'Lists',
                  versions.length ? (
                    <ul className="fact-list small">
                      {versions.map(([list, v]) => (
                        <li key={list}>
                          {listLabel(list)} <Mono>{v}</Mono>
                        </li>
                      ))}
                    </ul>
                  ) : undefined,
                ],
              ]}
            />
          </Panel>
        </div>
        <div className="compare-matches">
          <Panel title={n === 1 ? '1 potential match' : `${n} potential matches`}>
            {n === 0 ? (
              <EmptyState>
                <Badge tone="success">clear</Badge> Nothing on the lists scores above this marketplace's threshold.
              </EmptyState>
            ) : (
              answer.matches.map((m, i) => <MatchCard key={`${m.list}:${m.entity_id}`} match={m} party={party} index={i} />)
            )}
          </Panel>
        </div>
      </div>
    </section>
  );
}
