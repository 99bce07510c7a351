import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me, ScreeningResponse } from '../../api/types';
import { json, memoryTokens, mockFetch, problem, type RecordedRequest } from '../../test/http';
import { curatorMe, officerMe, renderApp } from '../../test/render';

const answer: ScreeningResponse = {
  decision: 'potential_match',
  list_versions: { us_ofac_sdn: '2024-05-03', un_sc: '2026-02-27' },
  matches: [
    {
      list: 'us_ofac_sdn',
      entity_id: '9647',
      name: 'SHOIGU, Sergei Kuzhugetovich',
      matched_name: 'SHOIGU, Sergei',
      score: 0.93,
      programs: ['RUSSIA-EO14024'],
      why: 'matched SHOIGU, Sergei as alias; name score 0.93',
      entry_hash: 'c3',
      entry: {
        kind: 'individual',
        aliases: [{ name: 'SHOIGU, Sergei', type: 'aka', quality: 'strong' }],
        nationalities: ['RU'],
        birth_dates: ['1955-05-21'],
        gender: 'Male',
        documents: [{ type: 'Passport', number: '100311245', country: 'RU' }],
      },
    },
  ],
};

function setup(respond: (req: RecordedRequest) => Response, me: Me = officerMe) {
  const mock = mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === '/api/v1/screenings') return respond(req);
    return problem(404, 'Not found', 'no route');
  });
  renderApp('/operator/screen', { fetch: mock.fetch, tokens: memoryTokens('t') });
  const screenings = () => mock.calls.filter((c) => c.path === '/api/v1/screenings');
  return { ...mock, screenings };
}

describe('ad hoc screening', () => {
  it('shows each match with its list entry beside the name asked', async () => {
    const user = userEvent.setup();
    const { screenings } = setup(() => json(answer));
    await user.type(await screen.findByLabelText('Name'), 'Sergei Shoigu');
    await user.selectOptions(screen.getByLabelText('Kind'), 'individual');
    await user.type(screen.getByLabelText('Country'), 'RU');
    await user.type(screen.getByLabelText('Birth date'), '1955');
    await user.click(screen.getByRole('button', { name: 'Screen' }));

    await waitFor(() => expect(screenings()).toHaveLength(1));
    expect(screenings()[0]!.body).toEqual({ name: 'Sergei Shoigu', kind: 'individual', country: 'RU', birth_date: '1955' });
    const result = await screen.findByRole('region', { name: 'Screening result' });
    expect(within(result).getByText('1 potential match.', { exact: false })).toBeInTheDocument();
    const card = within(result).getByRole('article', { name: /SHOIGU, Sergei Kuzhugetovich/ });
    expect(within(card).getByText('score 0.93')).toBeInTheDocument();
    expect(within(card).getByText('RUSSIA-EO14024')).toBeInTheDocument();
    expect(within(card).getByText('(alias: aka, strong)')).toBeInTheDocument();
    expect(within(card).getByText(/name score 0.93/)).toBeInTheDocument();
    const row = (label: string) => within(card).getByText(label, { selector: 'dt' }).closest('.kv-row')!;
    expect(row('Birth date')).toHaveClass('fact-agree');
    expect(row('Country')).toHaveClass('fact-agree');
    expect(row('Kind')).toHaveClass('fact-agree');
    expect(within(result).getByText('2024-05-03')).toBeInTheDocument();
  });

  it('says clear when nothing matches', async () => {
    const user = userEvent.setup();
    setup(() => json({ decision: 'clear', matches: [], list_versions: { us_ofac_sdn: '2024-05-03' } }));
    await user.type(await screen.findByLabelText('Name'), 'Nordic Reagents AB');
    await user.click(screen.getByRole('button', { name: 'Screen' }));
    expect(await screen.findByText(/no match on the lists/)).toBeInTheDocument();
  });

  it('shows the field errors of a 400 at their inputs', async () => {
    const user = userEvent.setup();
    const { screenings } = setup(() =>
      problem(400, 'Validation failed', 'the screening request is invalid', {
        errors: [
          { field: '/country', message: '"Atlantis" is not a known country' },
          { field: '/birth_date', message: 'must be YYYY, YYYY-MM or YYYY-MM-DD' },
        ],
      }),
    );
    await user.type(await screen.findByLabelText('Name'), 'Ivan Petrov');
    await user.type(screen.getByLabelText('Country'), 'Atlantis');
    await user.type(screen.getByLabelText('Birth date'), '12.03.1964');
    await user.click(screen.getByRole('button', { name: 'Screen' }));

    await waitFor(() => expect(screenings()).toHaveLength(1));
    const country = screen.getByLabelText('Country');
    await waitFor(() => expect(country).toHaveAttribute('aria-invalid', 'true'));
    expect(country).toHaveAccessibleDescription(/"Atlantis" is not a known country/);
    expect(screen.getByLabelText('Birth date')).toHaveAccessibleDescription(/must be YYYY, YYYY-MM or YYYY-MM-DD/);
    expect(screen.getByRole('alert')).toHaveTextContent('the screening request is invalid');
    expect(screen.queryByRole('region', { name: 'Screening result' })).not.toBeInTheDocument();
  });

  it('shows why the lists cannot answer yet', async () => {
    const user = userEvent.setup();
    setup(() => problem(503, 'Service Unavailable', 'the sanctions lists are not loaded yet; try again shortly'));
    await user.type(await screen.findByLabelText('Name'), 'Ivan Petrov');
    await user.click(screen.getByRole('button', { name: 'Screen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('not loaded yet');
  });

  it('is only for those who may screen', async () => {
    setup(() => json(answer), curatorMe);
    expect(await screen.findByText('Only compliance officers screen names.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Name')).not.toBeInTheDocument();
  });
});
