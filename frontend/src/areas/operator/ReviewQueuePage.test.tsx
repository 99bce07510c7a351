import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ComplianceCheck, Consignee, Me, Organization } from '../../api/types';
import { json, memoryTokens, mockFetch, problem, type RecordedRequest } from '../../test/http';
import { currentLocation, officerMe, renderApp } from '../../test/render';

const ORG = '0190dddd-0000-7000-8000-000000000001';
const CONSIGNEE = '0190cccc-0000-7000-8000-000000000009';
const BUYER = '0190aaaa-0000-7000-8000-000000000201';

const opsMe: Me = {
  ...officerMe,
  organizations: [{ ...officerMe.organizations[0]!, role: 'ops_agent' }],
  roles: ['ops_agent'],
  permissions: ['compliance_check:read', 'screening:read', 'organization:read', 'consignee:read', 'product:read'],
};

const orgCheck: ComplianceCheck = {
  id: '0190eeee-0000-7000-8000-000000000001',
  subject_type: 'organization',
  subject_id: ORG,
  subject_name: 'Rosneft Trading SA',
  subject_country: 'CH',
  kind: 'sanctions',
  list_versions: { us_ofac_sdn: '2024-05-03' },
  matches: [
    {
      list: 'us_ofac_sdn',
      entity_id: '17020',
      name: 'ROSNEFT TRADING S.A.',
      matched_name: 'ROSNEFT TRADING S.A.',
      score: 0.97,
      programs: ['VENEZUELA-EO13850'],
      why: 'matched ROSNEFT TRADING S.A. as name; name score 0.97; tokens rosneft=rosneft',
      entry_hash: 'a1',
      entry: {
        kind: 'entity',
        aliases: [{ name: 'RN TRADING', type: 'aka', quality: 'strong' }],
        addresses: ['Rue du Rhone 14, Geneva, Switzerland'],
        documents: [{ type: 'Registration ID', number: 'CHE-109.880.458', country: 'CH' }],
        listed_on: '2020-02-18',
      },
    },
  ],
  suppressed: 0,
  outcome: 'potential_match',
  status: 'open',
  decision: 'none',
  created_at: '2025-04-01T09:00:00Z',
};

const consigneeCheck: ComplianceCheck = {
  id: '0190eeee-0000-7000-8000-000000000002',
  subject_type: 'consignee',
  subject_id: CONSIGNEE,
  subject_name: 'Ivan Petrov',
  subject_country: 'DE',
  kind: 'sanctions',
  list_versions: { us_ofac_sdn: '2024-05-03', un_sc: '2026-02-27' },
  matches: [
    {
      list: 'un_sc',
      entity_id: 'QDi.001',
      name: 'PETROV, Ivan Sergeyevich',
      matched_name: 'Ivan PETROV',
      score: 0.88,
      programs: ['DPRK'],
      why: 'matched Ivan PETROV as alias; name score 0.88',
      entry_hash: 'b2',
      entry: {
        kind: 'individual',
        aliases: [{ name: 'Ivan PETROV', type: 'aka', quality: 'weak' }],
        nationalities: ['RU'],
        birth_dates: ['1961-05-02'],
        birth_places: ['Moscow, Russia'],
      },
    },
  ],
  suppressed: 1,
  outcome: 'potential_match',
  status: 'open',
  decision: 'none',
  created_at: '2025-04-02T09:00:00Z',
};

const org: Organization = {
  id: ORG,
  kind: 'buyer',
  legal_name: 'Rosneft Trading SA',
  country: 'CH',
  onboarding_status: 'screening',
  screening_status: 'potential_match',
  vat_number: 'CHE-109.880.458 MWST',
  registration_number: 'CH-660.1.234.567-8',
  addresses: [{ kind: 'registered', line1: 'Rue du Rhone 14', city: 'Geneva', postal_code: '1204', country: 'CH' }],
  beneficial_owners: [
    { name: 'Igor Sechin', kind: 'individual', country: 'RU', birth_date: '1960-09-07', share_pct: 40 },
    { name: 'Rosneft Oil Company', kind: 'entity', country: 'RU', share_pct: 60 },
  ],
  invited: false,
  created_at: '2025-03-01T00:00:00Z',
};

const consignee: Consignee = {
  id: CONSIGNEE,
  organization_id: BUYER,
  name: 'Ivan Petrov',
  address: { line1: 'Hafenstrasse 3', city: 'Hamburg', postal_code: '20457', country: 'DE' },
  contact: {},
  end_user: {
    is_consignee: true,
    name: 'Ivan Petrov',
    country: 'DE',
    address: { line1: 'Hafenstrasse 3', city: 'Hamburg', country: 'DE' },
    end_use: 'Lab buffers',
    industry: 'research_and_education',
    screening_status: 'potential_match',
  },
  status: 'active',
  screening_status: 'potential_match',
  created_at: '2025-03-01T00:00:00Z',
  updated_at: '2025-03-01T00:00:00Z',
};

/** The organization's beneficial owner, screened as a check of the organization under the owner's name. */
const ownerCheck: ComplianceCheck = {
  id: '0190eeee-0000-7000-8000-000000000003',
  subject_type: 'organization',
  subject_id: ORG,
  subject_name: 'Igor Sechin',
  subject_country: 'RU',
  kind: 'sanctions',
  list_versions: { us_ofac_sdn: '2024-05-03' },
  matches: [
    {
      list: 'us_ofac_sdn',
      entity_id: '15552',
      name: 'SECHIN, Igor Ivanovich',
      matched_name: 'SECHIN, Igor Ivanovich',
      score: 0.93,
      programs: ['UKRAINE-EO13661'],
      entry_hash: 'c3',
      entry: { kind: 'individual', birth_dates: ['07 Sep 1960'], birth_places: ['St. Petersburg, Russia'], nationalities: ['Russia'] },
    },
  ],
  suppressed: 0,
  outcome: 'potential_match',
  status: 'open',
  decision: 'none',
  created_at: '2025-04-03T09:00:00Z',
};

/** As the list answers: the matches without their entries. */
const listed = (c: ComplianceCheck): ComplianceCheck => ({ ...c, matches: c.matches.map((m) => ({ ...m, entry: undefined })) });

/** A server with two open checks; `review` answers the review call (default: the reviewed check). */
function setup(opts: { me?: Me; review?: (req: RecordedRequest, c: ComplianceCheck) => Response; extra?: ComplianceCheck[]; path?: string } = {}) {
  const checks = new Map([orgCheck, consigneeCheck, ...(opts.extra ?? [])].map((c) => [c.id, { ...c }]));
  const mock = mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(opts.me ?? officerMe);
    if (req.path === '/api/v1/compliance/checks') {
      const status = req.url.searchParams.get('status');
      return json({ items: [...checks.values()].filter((c) => c.status === status).map(listed), next_cursor: '' });
    }
    const m = /^\/api\/v1\/compliance\/checks\/([^/]+)(\/review)?$/.exec(req.path);
    if (m) {
      const c = checks.get(m[1]!);
      if (!c) return problem(404, 'Not found', 'no such check');
      if (!m[2]) return json(c);
      if (opts.review) return opts.review(req, c);
      const body = req.body as { decision: 'false_positive' | 'confirmed'; reason: string };
      const done: ComplianceCheck = { ...c, status: 'closed', decision: body.decision, review_reason: body.reason, reviewed_at: '2025-04-03T10:00:00Z' };
      checks.set(c.id, done);
      return json(done);
    }
    if (req.path === `/api/v1/organizations/${ORG}`) return json(org);
    if (req.path === `/api/v1/organizations/${BUYER}`) return json({ ...org, id: BUYER, legal_name: 'Hanse Labor GmbH', country: 'DE' });
    if (req.path === `/api/v1/consignees/${CONSIGNEE}`) return json(consignee);
    return problem(404, 'Not found', 'no route');
  });
  renderApp(opts.path ?? '/operator/review', { fetch: mock.fetch, tokens: memoryTokens('t') });
  const reviews = () => mock.calls.filter((c) => c.path.endsWith('/review'));
  const listCalls = () => mock.calls.filter((c) => c.path === '/api/v1/compliance/checks');
  return { ...mock, checks, reviews, listCalls };
}

const matchCard = async (name: string) => (await screen.findByRole('article', { name: new RegExp(name) })) as HTMLElement;
const factRow = (card: HTMLElement, label: string) => within(card).getByText(label, { selector: 'dt' }).closest('.kv-row') as HTMLElement;

describe('compliance review queue', () => {
  it('lists the open checks and shows the party beside each list entry', async () => {
    const user = userEvent.setup();
    const { listCalls } = setup();
    const queue = (await screen.findByRole('button', { name: 'Rosneft Trading SA' })).closest('table')!;
    expect(within(queue).getByRole('button', { name: 'Ivan Petrov' })).toBeInTheDocument();
    expect(listCalls()[0]!.url.searchParams.get('status')).toBe('open');

    // The oldest check is selected: the organization's facts, the entry as screened.
    const party = (await screen.findByRole('heading', { name: 'The party · Organization' })).closest('section')!;
    expect(await within(party).findByText('CHE-109.880.458 MWST')).toBeInTheDocument();
    expect(within(party).getByText(/Rue du Rhone 14, 1204 Geneva, CH/)).toBeInTheDocument();
    const card = await matchCard('ROSNEFT TRADING S.A.');
    expect(within(card).getByText('score 0.97')).toBeInTheDocument();
    expect(within(card).getByText('VENEZUELA-EO13850')).toBeInTheDocument();
    expect(within(card).getByText(/name score 0.97; tokens/)).toBeInTheDocument();
    expect(within(card).getByText('(primary name)')).toBeInTheDocument();
    expect(within(factRow(card, 'Country')).getByText('same as the party')).toBeInTheDocument();
    expect(factRow(card, 'Country')).toHaveClass('fact-agree');
    expect(within(factRow(card, 'Kind')).getByText('same as the party')).toBeInTheDocument();
    // The organization's own name was screened: its owners are listed, none marked.
    const owners = within(party).getByRole('list', { name: 'Beneficial owners' });
    expect(within(owners).getAllByRole('listitem')).toHaveLength(2);
    expect(within(owners).queryByText('this check')).not.toBeInTheDocument();

    // The consignee: another column of facts; the entry's country and kind differ.
    await user.click(within(queue).getByRole('button', { name: 'Ivan Petrov' }));
    const consigneeParty = (await screen.findByRole('heading', { name: 'The party · Consignee' })).closest('section')!;
    expect(await within(consigneeParty).findByText('Hafenstrasse 3, 20457 Hamburg, DE')).toBeInTheDocument();
    expect(await within(consigneeParty).findByText('Hanse Labor GmbH')).toBeInTheDocument();
    const petrov = await matchCard('PETROV, Ivan Sergeyevich');
    expect(within(petrov).getByText('(alias: aka, weak)')).toBeInTheDocument();
    expect(factRow(petrov, 'Country')).toHaveClass('fact-differ');
    expect(within(factRow(petrov, 'Country')).getByText('differs from the party')).toBeInTheDocument();
    expect(within(petrov).getByText('1961-05-02')).toBeInTheDocument();
    expect(screen.getByText(/1 match was left out/)).toBeInTheDocument();
  });

  it('clears a false positive with a reason and moves on to the next open check', async () => {
    const user = userEvent.setup();
    const { reviews, listCalls } = setup();
    await user.click(await screen.findByRole('button', { name: 'Rosneft Trading SA' }));
    expect(currentLocation(screen.getByTestId).searchParams.get('selected')).toBe(orgCheck.id);
    await matchCard('ROSNEFT TRADING S.A.');
    await user.click(screen.getByRole('button', { name: 'Clear as false positive' }));
    const dialog = screen.getByRole('dialog');

    await user.click(within(dialog).getByRole('button', { name: 'Clear as false positive' }));
    const reason = within(dialog).getByLabelText('Reason');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/Say why/);
    expect(reviews()).toHaveLength(0);

    await user.type(reason, 'Different company: Swiss registration CHE-109 belongs to a trader in Zug.');
    const before = listCalls().length;
    await user.click(within(dialog).getByRole('button', { name: 'Clear as false positive' }));

    await waitFor(() => expect(reviews()).toHaveLength(1));
    expect(reviews()[0]!.body).toEqual({
      decision: 'false_positive',
      reason: 'Different company: Swiss registration CHE-109 belongs to a trader in Zug.',
    });
    expect(await screen.findByText(/as a false positive: the match is suppressed/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The next open check is selected and the queue refetched without the decided one.
    expect(await screen.findByRole('heading', { name: 'Consignee: Ivan Petrov' })).toBeInTheDocument();
    expect(currentLocation(screen.getByTestId).searchParams.get('selected')).toBe(consigneeCheck.id);
    await waitFor(() => expect(listCalls().length).toBeGreaterThan(before));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Rosneft Trading SA' })).not.toBeInTheDocument());
  });

  it('needs a deliberate extra step to confirm, because confirming blocks the party', async () => {
    const user = userEvent.setup();
    const { reviews } = setup();
    await matchCard('ROSNEFT TRADING S.A.');
    await user.click(screen.getByRole('button', { name: 'Confirm match…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/Blocks Rosneft Trading SA: its onboarding ends blocked/)).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Reason'), 'Same registration number as the SDN entry.');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm match and block' }));
    const tick = within(dialog).getByRole('checkbox', { name: /block Rosneft Trading SA/ });
    expect(tick).toHaveAttribute('aria-invalid', 'true');
    expect(tick).toHaveAccessibleDescription(/confirming blocks the party/);
    expect(reviews()).toHaveLength(0);

    await user.click(tick);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm match and block' }));
    await waitFor(() => expect(reviews()).toHaveLength(1));
    expect(reviews()[0]!.body).toEqual({ decision: 'confirmed', reason: 'Same registration number as the SDN entry.' });
    expect(await screen.findByText(/is blocked\./)).toBeInTheDocument();
  });

  it('says so when someone else reviewed the check first, and refreshes', async () => {
    const user = userEvent.setup();
    const { checks, listCalls } = setup({
      review: (_req, c) => {
        checks.set(c.id, { ...c, status: 'closed', decision: 'confirmed', review_reason: 'Same registration number.', reviewed_at: '2025-04-03T09:59:00Z' });
        return problem(409, 'Conflict', 'the check was already reviewed (confirmed); screen the subject again for a new check');
      },
    });
    await matchCard('ROSNEFT TRADING S.A.');
    await user.click(screen.getByRole('button', { name: 'Clear as false positive' }));
    await user.type(within(screen.getByRole('dialog')).getByLabelText('Reason'), 'Not the same company.');
    const before = listCalls().length;
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Clear as false positive' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Someone else has already reviewed this check.');
    expect(alert).toHaveTextContent('already reviewed (confirmed)');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The check now shows the decision that stands, without the actions.
    expect(await screen.findByText('Same registration number.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Confirm match…' })).not.toBeInTheDocument();
    await waitFor(() => expect(listCalls().length).toBeGreaterThan(before));
  });

  it('lets operator staff read the queue but not decide or screen', async () => {
    setup({ me: opsMe });
    await matchCard('ROSNEFT TRADING S.A.');
    expect(screen.queryByRole('button', { name: 'Clear as false positive' })).not.toBeInTheDocument();
    expect(screen.getByText(/Only compliance officers decide checks/)).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Review queue' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Screen a name' })).not.toBeInTheDocument();
  });

  it('compares with the kind and birth date the check kept when it has them', async () => {
    // Screened as an individual born 1971, whatever the organization declares now.
    const kept: ComplianceCheck = { ...ownerCheck, subject_kind: 'individual', subject_birth_date: '1971' };
    setup({ extra: [kept], path: `/operator/review?selected=${kept.id}` });
    const party = (await screen.findByRole('heading', { name: 'The party · Beneficial owner' })).closest('section')!;
    expect(within(party).queryByText('(as declared now)')).not.toBeInTheDocument();
    expect(within(party).getByText('1971')).toBeInTheDocument();
    const card = await matchCard('SECHIN, Igor Ivanovich');
    expect(factRow(card, 'Birth date')).toHaveClass('fact-differ');
  });

  it('marks the beneficial owner a check of an organization screened, and compares the matches with the owner', async () => {
    const user = userEvent.setup();
    setup({ extra: [ownerCheck], path: `/operator/review?selected=${ownerCheck.id}` });
    expect(await screen.findByRole('heading', { name: 'Beneficial owner: Igor Sechin' })).toBeInTheDocument();
    const party = (await screen.findByRole('heading', { name: 'The party · Beneficial owner' })).closest('section')!;
    const owners = await within(party).findByRole('list', { name: 'Beneficial owners' });
    const marked = within(owners)
      .getAllByRole('listitem')
      .filter((li) => li.getAttribute('aria-current') === 'true');
    expect(marked).toHaveLength(1);
    expect(marked[0]).toHaveTextContent('Igor Sechin');
    expect(within(marked[0]!).getByText('this check')).toBeInTheDocument();
    expect(within(party).getByText('Rosneft Trading SA')).toBeInTheDocument();
    // Not mistaken for a renamed organization.
    expect(within(party).queryByText(/the name has changed since/)).not.toBeInTheDocument();

    // The owner is an individual born 1960-09-07: the entry's kind and birth date agree.
    const card = await matchCard('SECHIN, Igor Ivanovich');
    expect(factRow(card, 'Kind')).toHaveClass('fact-agree');
    expect(within(factRow(card, 'Kind')).getByText(/party: individual/)).toBeInTheDocument();
    expect(factRow(card, 'Birth date')).toHaveClass('fact-agree');

    // Declared now, not as screened: the check predates the kept kind and birth date.
    expect(within(party).getAllByText('(as declared now)').length).toBeGreaterThan(0);

    // Confirming blocks the organization, not a party called Igor Sechin.
    await user.click(screen.getByRole('button', { name: 'Confirm match…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/^Blocks Rosneft Trading SA, whose beneficial owner Igor Sechin was screened/)).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: /block Rosneft Trading SA\.$/ })).toBeInTheDocument();
  });
});
