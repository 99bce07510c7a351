import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ComplianceCheck, LineDetermination } from '../../api/types';
import { json, memoryTokens, mockFetch, problem } from '../../test/http';
import { currentLocation, officerMe, renderApp } from '../../test/render';

const ORDER = '0190ffff-0000-7000-8000-000000000001';
const LINE = '0190ffff-0000-7000-8000-000000000011';
const LICENCE_JP = '0190abcd-0000-7000-8000-000000000001';
const LICENCE_OLD = '0190abcd-0000-7000-8000-000000000002';
const EU_CITATION = 'Regulation (EU) 2021/821, Art. 3(1) and Annex I';

const toChina: LineDetermination = {
  regime: 'eu_dual_use',
  classification: '1C350',
  destination: 'CN',
  outcome: 'licence_required',
  determination: {
    regime: 'eu_dual_use',
    classification: '1C350',
    destination: 'CN',
    licence_required: true,
    outcome: 'licence_required',
    reasons: [
      {
        code: 'EU-ART3',
        text: '1C350 is listed in Annex I: an export authorisation is required to leave the customs territory of the Union for CN.',
        citation: EU_CITATION,
      },
    ],
    licence_exceptions: [],
    general_authorisations: [],
    notes: ['The engine checks the shape of the Annex I code, not that the entry exists.'],
  },
  licence_coverage: {
    evaluations: [
      { id: LICENCE_JP, number: 'DE-AG-2025-0042', covers: false, reasons: ['destination CN is not among [JP US]'] },
      { id: LICENCE_OLD, number: 'DE-AG-2023-0007', covers: false, reasons: ['destination CN is not among [KR]', 'expired on 2024-12-31'] },
    ],
    notes: ['None of the seller’s licences covers this line.'],
  },
};

const toJapan: LineDetermination = {
  regime: 'eu_dual_use',
  classification: '1C350',
  destination: 'JP',
  outcome: 'covered_by_licence',
  determination: {
    regime: 'eu_dual_use',
    classification: '1C350',
    destination: 'JP',
    licence_required: true,
    outcome: 'licence_required',
    reasons: [
      {
        code: 'EU-ART3',
        text: '1C350 is listed in Annex I: an export authorisation is required to leave the customs territory of the Union for JP.',
        citation: EU_CITATION,
      },
    ],
    licence_exceptions: [],
    general_authorisations: [
      {
        code: 'EU001',
        conditions: 'Union General Export Authorisation EU001 for Annex I items to Japan. Conditions to verify: register or notify before first use.',
        citation: 'Regulation (EU) 2021/821, Art. 12(1)(a) and Annex II Section A',
      },
    ],
    covering_licence: { id: LICENCE_JP, number: 'DE-AG-2025-0042', regime: 'eu_dual_use' },
    notes: [],
  },
  licence_coverage: {
    covering: { id: LICENCE_JP, number: 'DE-AG-2025-0042', regime: 'eu_dual_use' },
    evaluations: [
      { id: LICENCE_JP, number: 'DE-AG-2025-0042', covers: true, reasons: [] },
      { id: LICENCE_OLD, number: 'DE-AG-2023-0007', covers: false, reasons: ['destination JP is not among [KR]', 'expired on 2024-12-31'] },
    ],
    notes: [],
  },
};

const exportCheck: ComplianceCheck = {
  id: '0190eeee-0000-7000-8000-000000000101',
  subject_type: 'order_line',
  subject_id: LINE,
  order_id: ORDER,
  subject_name: 'Triethanolamine 99 % (TEA-99)',
  subject_country: 'CN',
  kind: 'export_control',
  details: { determinations: [toChina, toJapan] },
  list_versions: {},
  matches: [],
  suppressed: 0,
  outcome: 'licence_required',
  status: 'open',
  decision: 'none',
  created_at: '2025-04-01T09:00:00Z',
};

const redFlagsCheck: ComplianceCheck = {
  id: '0190eeee-0000-7000-8000-000000000102',
  subject_type: 'order',
  subject_id: ORDER,
  order_id: ORDER,
  subject_name: 'Lyon Labs SAS',
  subject_country: 'CN',
  kind: 'red_flags',
  details: {
    flags: [
      {
        code: 'forwarder_consignee',
        text: 'the consignee appears to be a freight forwarder or logistics company, not the end user’s premises',
        evidence: { consignee: 'Shanghai Freight Forwarding Co', matched: 'Freight' },
      },
      {
        code: 'destination_differs',
        text: 'controlled items go to a country other than the buyer’s',
        evidence: { buyer_country: 'FR', consignee_country: 'CN', end_user_country: 'JP', classifications: '1C350' },
      },
    ],
  },
  list_versions: {},
  matches: [],
  suppressed: 0,
  outcome: 'potential_match',
  status: 'open',
  decision: 'none',
  created_at: '2025-04-01T09:00:01Z',
};

const sanctionsCheck: ComplianceCheck = {
  id: '0190eeee-0000-7000-8000-000000000103',
  subject_type: 'consignee',
  subject_id: '0190cccc-0000-7000-8000-000000000009',
  order_id: ORDER,
  subject_name: 'Shanghai Freight Forwarding Co',
  subject_country: 'CN',
  kind: 'sanctions',
  list_versions: { us_ofac_sdn: '2024-05-03' },
  matches: [{ list: 'us_ofac_sdn', entity_id: '1', name: 'SHANGHAI FREIGHT', matched_name: 'SHANGHAI FREIGHT', score: 0.86, entry_hash: 'x' }],
  suppressed: 0,
  outcome: 'potential_match',
  status: 'open',
  decision: 'none',
  created_at: '2025-04-01T09:00:02Z',
};

/** As the list answers: no details, no entries. */
const listed = (c: ComplianceCheck): ComplianceCheck => ({ ...c, details: undefined, matches: c.matches.map((m) => ({ ...m, entry: undefined })) });

function setup(path = '/operator/review') {
  const checks = new Map([sanctionsCheck, exportCheck, redFlagsCheck].map((c) => [c.id, { ...c }]));
  const mock = mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(officerMe);
    if (req.path === '/api/v1/compliance/checks') {
      const status = req.url.searchParams.get('status');
      const kind = req.url.searchParams.get('kind');
      return json({ items: [...checks.values()].filter((c) => c.status === status && (!kind || c.kind === kind)).map(listed), next_cursor: '' });
    }
    const m = /^\/api\/v1\/compliance\/checks\/([^/]+)(\/review)?$/.exec(req.path);
    if (m) {
      const c = checks.get(m[1]!);
      if (!c) return problem(404, 'Not found', 'no such check');
      if (!m[2]) return json(c);
      const body = req.body as { decision: 'false_positive' | 'confirmed'; reason: string };
      const done: ComplianceCheck = { ...c, status: 'closed', decision: body.decision, review_reason: body.reason, reviewed_at: '2025-04-03T10:00:00Z' };
      checks.set(c.id, done);
      return json(done);
    }
    if (req.path.startsWith('/api/v1/consignees/')) return problem(404, 'Not found', 'gone');
    return problem(404, 'Not found', 'no route');
  });
  renderApp(path, { fetch: mock.fetch, tokens: memoryTokens('t') });
  const reviews = () => mock.calls.filter((c) => c.path.endsWith('/review'));
  return { ...mock, reviews };
}

const queue = async () => (await screen.findByRole('button', { name: 'Lyon Labs SAS' })).closest('table')!;
const rowOf = (table: HTMLElement, name: string) => within(table).getByRole('button', { name }).closest('tr')!;
const evidenceRow = (el: HTMLElement, label: string) => within(el).getByText(label, { selector: 'dt' }).closest('.kv-row') as HTMLElement;
const card = async (name: string | RegExp) => (await screen.findByRole('article', { name })) as HTMLElement;

describe('review queue: order checks', () => {
  it('marks each check’s kind in the list and filters by kind', async () => {
    const user = userEvent.setup();
    const mock = setup();
    const table = await queue();
    expect(within(rowOf(table, 'Triethanolamine 99 % (TEA-99)')).getByText('export control')).toBeInTheDocument();
    expect(within(rowOf(table, 'Triethanolamine 99 % (TEA-99)')).getByText('licence required')).toBeInTheDocument();
    expect(within(rowOf(table, 'Triethanolamine 99 % (TEA-99)')).getByText(/Order line · to CN/)).toBeInTheDocument();
    expect(within(rowOf(table, 'Lyon Labs SAS')).getAllByText('red flags')).toHaveLength(2); // kind and result
    expect(within(rowOf(table, 'Shanghai Freight Forwarding Co')).getByText('sanctions')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind of check' }), 'red_flags');
    expect(currentLocation(screen.getByTestId).searchParams.get('kind')).toBe('red_flags');
    // The server filters by kind.
    await waitFor(() => expect(mock.calls.some((c) => c.url.searchParams.get('kind') === 'red_flags')).toBe(true));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Triethanolamine 99 % (TEA-99)' })).not.toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Shanghai Freight Forwarding Co' })).not.toBeInTheDocument();
    // The first check of the kind is the one shown.
    expect(await screen.findByRole('heading', { name: 'Order: Lyon Labs SAS' })).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind of check' }), '');
    expect(await screen.findByRole('button', { name: 'Triethanolamine 99 % (TEA-99)' })).toBeInTheDocument();
    expect(currentLocation(screen.getByTestId).searchParams.has('kind')).toBe(false);
  });

  it('shows an export-control check per regime and destination: outcome, reasons, authorisations and the seller’s licences', async () => {
    setup(`/operator/review?selected=${exportCheck.id}`);
    expect(await screen.findByRole('heading', { name: 'Order line: Triethanolamine 99 % (TEA-99)' })).toBeInTheDocument();
    const line = screen.getByRole('heading', { name: 'The order line' }).closest('section')!;
    expect(within(line).getByText('CN (China)')).toBeInTheDocument();
    expect(within(line).getByText('JP (Japan)')).toBeInTheDocument();
    expect(within(line).getByText(ORDER)).toBeInTheDocument();

    const china = await card('EU dual-use · 1C350 → CN (China)');
    expect(within(china).getByText('licence required')).toBeInTheDocument();
    expect(within(china).getByText('EU-ART3')).toBeInTheDocument();
    expect(within(china).getByText(/an export authorisation is required to leave the customs territory of the Union for CN/)).toBeInTheDocument();
    expect(within(china).getByText(EU_CITATION)).toBeInTheDocument();
    expect(within(china).getByText('not covered')).toBeInTheDocument();
    const licences = within(china).getByRole('table');
    const current = within(licences).getByText('DE-AG-2025-0042').closest('tr')!;
    expect(within(current).getByText('no')).toBeInTheDocument();
    expect(within(current).getByText('destination CN is not among [JP US]')).toBeInTheDocument();
    const old = within(licences).getByText('DE-AG-2023-0007').closest('tr')!;
    expect(within(old).getByText('expired on 2024-12-31')).toBeInTheDocument();
    expect(within(china).getByText('The engine checks the shape of the Annex I code, not that the entry exists.')).toBeInTheDocument();

    const japan = await card('EU dual-use · 1C350 → JP (Japan)');
    expect(within(japan).getByText('covered by a licence')).toBeInTheDocument();
    expect(within(japan).getByRole('heading', { name: 'General authorisations to verify' })).toBeInTheDocument();
    expect(within(japan).getByText('EU001')).toBeInTheDocument();
    expect(within(japan).getByText(/Conditions to verify: register or notify before first use/)).toBeInTheDocument();
    expect(within(japan).getByText('Regulation (EU) 2021/821, Art. 12(1)(a) and Annex II Section A')).toBeInTheDocument();
    const covering = within(within(japan).getByRole('table')).getByText('DE-AG-2025-0042').closest('tr')!;
    expect(within(covering).getByText('yes')).toBeInTheDocument();
    expect(within(covering).getByText('the covering licence')).toBeInTheDocument();
    // No list versions or list matches for an order line.
    expect(screen.queryByText('Lists')).not.toBeInTheDocument();
  });

  it('releases an export-control check with a reason', async () => {
    const user = userEvent.setup();
    const { reviews } = setup(`/operator/review?selected=${exportCheck.id}`);
    await card('EU dual-use · 1C350 → CN (China)');
    await user.click(screen.getByRole('button', { name: 'Release (false positive)' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/the order no longer waits for this line’s determination/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Release' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAttribute('aria-invalid', 'true');
    expect(reviews()).toHaveLength(0);

    await user.type(within(dialog).getByLabelText('Reason'), 'Individual licence DE-AG-2025-0088 for CN issued yesterday; scan filed.');
    await user.click(within(dialog).getByRole('button', { name: 'Release' }));
    await waitFor(() => expect(reviews()).toHaveLength(1));
    expect(reviews()[0]!.path).toBe(`/api/v1/compliance/checks/${exportCheck.id}/review`);
    expect(reviews()[0]!.body).toEqual({ decision: 'false_positive', reason: 'Individual licence DE-AG-2025-0088 for CN issued yesterday; scan filed.' });
    expect(await screen.findByText(/no longer waits for this determination/)).toBeInTheDocument();
  });

  it('confirms an export-control check only with the extra tick, which blocks the order', async () => {
    const user = userEvent.setup();
    const { reviews } = setup(`/operator/review?selected=${exportCheck.id}`);
    await card('EU dual-use · 1C350 → CN (China)');
    await user.click(screen.getByRole('button', { name: 'Confirm and block the order…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Blocks the order: its compliance outcome becomes blocked.')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Reason'), 'No licence for CN and no authorisation applies.');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and block the order' }));
    const tick = within(dialog).getByRole('checkbox', { name: /block the order with Triethanolamine/ });
    expect(tick).toHaveAttribute('aria-invalid', 'true');
    expect(tick).toHaveAccessibleDescription(/confirming blocks the order/);
    expect(reviews()).toHaveLength(0);

    await user.click(tick);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and block the order' }));
    await waitFor(() => expect(reviews()).toHaveLength(1));
    expect(reviews()[0]!.body).toEqual({ decision: 'confirmed', reason: 'No licence for CN and no authorisation applies.' });
    expect(await screen.findByText(/Confirmed: the order with/)).toHaveTextContent('Confirmed: the order with Triethanolamine 99 % (TEA-99) is blocked.');
  });

  it('shows a red-flag check: each flag’s text and evidence', async () => {
    setup(`/operator/review?selected=${redFlagsCheck.id}`);
    expect(await screen.findByRole('heading', { name: 'Order: Lyon Labs SAS' })).toBeInTheDocument();
    const order = screen.getByRole('heading', { name: 'The order' }).closest('section')!;
    expect(within(order).getByText('Lyon Labs SAS')).toBeInTheDocument();
    expect(within(order).getByText('CN (China)')).toBeInTheDocument();

    const forwarder = await card('The consignee looks like a freight forwarder');
    expect(within(forwarder).getByText(/^The consignee appears to be a freight forwarder or logistics company, not the end user’s premises\.$/)).toBeInTheDocument();
    expect(within(evidenceRow(forwarder, 'Consignee')).getByText('Shanghai Freight Forwarding Co')).toBeInTheDocument();
    expect(within(evidenceRow(forwarder, 'Words that matched')).getByText('Freight')).toBeInTheDocument();

    const destination = await card('Controlled items leave the buyer’s country');
    expect(within(destination).getByText(/^Controlled items go to a country other than the buyer’s\.$/)).toBeInTheDocument();
    expect(within(evidenceRow(destination, 'Buyer’s country')).getByText('FR (France)')).toBeInTheDocument();
    expect(within(evidenceRow(destination, 'Consignee’s country')).getByText('CN (China)')).toBeInTheDocument();
    expect(within(evidenceRow(destination, 'End user’s country')).getByText('JP (Japan)')).toBeInTheDocument();
    expect(within(evidenceRow(destination, 'Controlled items')).getByText('1C350')).toBeInTheDocument();
  });

  it('confirms red flags behind the tick and releases them with a reason', async () => {
    const user = userEvent.setup();
    const { reviews } = setup(`/operator/review?selected=${redFlagsCheck.id}`);
    await card('The consignee looks like a freight forwarder');
    await user.click(screen.getByRole('button', { name: 'Confirm and block the order…' }));
    let dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Blocks the order of Lyon Labs SAS: its compliance outcome becomes blocked.')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Reason'), 'Forwarder in CN for a French lab.');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and block the order' }));
    expect(reviews()).toHaveLength(0);

    // Switch to releasing instead: no tick needed.
    await user.click(within(dialog).getByRole('radio', { name: 'Release (false positive)' }));
    dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Release' }));
    await waitFor(() => expect(reviews()).toHaveLength(1));
    expect(reviews()[0]!.body).toEqual({ decision: 'false_positive', reason: 'Forwarder in CN for a French lab.' });
    expect(await screen.findByText(/Released: the order of/)).toHaveTextContent('Released: the order of Lyon Labs SAS no longer waits for this check.');
  });
});
