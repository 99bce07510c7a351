import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/types';
import { json, memoryTokens, mockFetch, problem } from '../../test/http';
import { product, revision, seller } from '../../test/catalog';
import { curatorMe, renderApp } from '../../test/render';

function setup(me: Me = curatorMe) {
  const p = product({ sku: 'CHEM-ACA', name: 'Glacial acetic acid', curation_status: 'submitted', revision: 2, approved_revision: 1 });
  const rev = revision({
    number: 2,
    status: 'submitted',
    data: {
      name: 'Glacial acetic acid',
      hs_code: '291521',
      country_of_origin: 'DE',
      unit: 'KGM',
      coa_spec: [{ parameter: 'Assay', min: '99.8' }, { parameter: 'Water', max: '0.20' }],
    },
    changes: [
      {
        field: '/coa_spec',
        before: [{ parameter: 'Assay', min: '99.8' }, { parameter: 'Water', max: '0.15' }],
        after: [{ parameter: 'Assay', min: '99.8' }, { parameter: 'Water', max: '0.20' }],
      },
    ],
  });
  const mock = mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === '/api/v1/curation/queue') return json({ items: [p], next_cursor: '' });
    if (req.path === `/api/v1/products/${p.id}/revisions`) return json({ items: [rev] });
    if (req.path === `/api/v1/products/${p.id}/curation`) return json({ ...p, curation_status: 'rejected' });
    if (req.path.startsWith('/api/v1/organizations/')) return json(seller(p.seller_id, 'Nordic Reagents AB'));
    return problem(404, 'Not found', 'no route');
  });
  renderApp('/operator/curation', { fetch: mock.fetch, tokens: memoryTokens('t') });
  const decisions = () => mock.calls.filter((c) => c.path.endsWith('/curation'));
  return { p, ...mock, decisions };
}

async function openDialog(user: ReturnType<typeof userEvent.setup>, action: string) {
  await user.click(await screen.findByRole('button', { name: action }));
  return screen.getByRole('dialog');
}

describe('curation queue', () => {
  it('shows the submitted revision per field against the live one', async () => {
    setup();
    expect(await screen.findByText('Changes against revision 1 (live)')).toBeInTheDocument();
    const row = (await screen.findByText('CoA row 2 · Max')).closest('tr')!;
    expect(within(row).getByText('0.15')).toBeInTheDocument();
    expect(within(row).getByText('0.20')).toBeInTheDocument();
    expect(screen.queryByText('CoA row 1 · Min')).not.toBeInTheDocument();
  });

  it('requires a reason to reject', async () => {
    const user = userEvent.setup();
    const { decisions } = setup();
    const dialog = await openDialog(user, 'Reject');

    await user.click(within(dialog).getByRole('button', { name: 'Confirm: reject' }));
    const reason = within(dialog).getByLabelText('Reason');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/Give a reason/);
    expect(decisions()).toHaveLength(0);

    await user.type(reason, 'Outside the marketplace scope.');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: reject' }));

    await waitFor(() => expect(decisions()).toHaveLength(1));
    expect(decisions()[0]!.body).toEqual({ decision: 'reject', reason: 'Outside the marketplace scope.' });
    expect(await screen.findByText(/rejected\./)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('requires at least one comment on a field to request changes', async () => {
    const user = userEvent.setup();
    const { decisions } = setup();
    const dialog = await openDialog(user, 'Request changes');

    await user.click(within(dialog).getByRole('button', { name: 'Confirm: request changes' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Add at least one comment');
    expect(decisions()).toHaveLength(0);

    // A comment needs its field.
    await user.type(within(dialog).getByLabelText('Comment'), 'Water above 0.15 % breaks the food grade.');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: request changes' }));
    expect(within(dialog).getByLabelText('Field')).toHaveAccessibleDescription('Pick the field this comment is about.');
    expect(decisions()).toHaveLength(0);

    // The changed fields are offered first.
    const changed = within(dialog).getByRole('group', { name: 'Changed in revision 2' });
    expect(within(changed).getByRole('option', { name: 'CoA row 2 · Max' })).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByLabelText('Field'), '/coa_spec/1/max');

    await user.click(within(dialog).getByRole('button', { name: 'Add comment' }));
    await user.selectOptions(within(dialog).getByLabelText('Field 2'), '/hs_code');
    await user.type(within(dialog).getByLabelText('Comment 2'), 'Confirm the subheading.');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: request changes' }));

    await waitFor(() => expect(decisions()).toHaveLength(1));
    expect(decisions()[0]!.body).toEqual({
      decision: 'request_changes',
      comments: [
        { field: '/coa_spec/1/max', comment: 'Water above 0.15 % breaks the food grade.' },
        { field: '/hs_code', comment: 'Confirm the subheading.' },
      ],
    });
  });

  it('approves without further input', async () => {
    const user = userEvent.setup();
    const { decisions } = setup();
    const dialog = await openDialog(user, 'Approve');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm: approve' }));
    await waitFor(() => expect(decisions()).toHaveLength(1));
    expect(decisions()[0]!.body).toEqual({ decision: 'approve' });
  });

  it('is not offered outside curated marketplaces', async () => {
    const portalAdmin: Me = { ...curatorMe, tenant: { ...curatorMe.tenant, model: 'closed_portal' } };
    const { calls } = setup(portalAdmin);
    expect(await screen.findByText(/publishes products without curation/)).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Curation queue' })).not.toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Catalog' })).toBeInTheDocument();
    expect(calls.some((c) => c.path === '/api/v1/curation/queue')).toBe(false);
  });
});
