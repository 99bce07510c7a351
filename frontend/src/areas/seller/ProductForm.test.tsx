import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, memoryTokens, mockFetch, problem } from '../../test/http';
import { product, revision } from '../../test/catalog';
import { catalogSellerMe, currentLocation, renderApp, SELLER_ORG } from '../../test/render';

type User = ReturnType<typeof userEvent.setup>;

/** Types a whole value at once (one input event): the form is large and jsdom is slow. */
async function fill(user: User, label: string, value: string) {
  await user.click(screen.getByLabelText(label));
  await user.paste(value);
}

async function fillRequired(user: User) {
  await fill(user, 'SKU', 'ACA-998');
  await fill(user, 'Name', 'Glacial acetic acid');
  await fill(user, 'HS code', '12');
  await fill(user, 'Country of origin', 'DE');
  await fill(user, 'Unit', 'KGM');
}

describe('product form', () => {
  it('shows every API field error at its input, CoA pointers included', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(catalogSellerMe);
      if (req.path === '/api/v1/products' && req.method === 'POST') {
        return problem(400, 'Invalid request', 'product is invalid', {
          errors: [
            { field: '/hs_code', message: 'hs code must have 6 to 10 digits' },
            { field: '/coa_spec/1/max', message: 'must not be below min' },
            { field: '/coa_spec/0', message: 'needs a min, a max or a text requirement' },
            { field: '/coa_spec/1/min', message: 'must be a decimal number' },
            { field: '/packaging/net_qty', message: 'must be a decimal number' },
            { field: '/net_weight_g', message: 'must not exceed the gross weight' },
            { field: '/sku', message: 'is required: 1 to 64 characters without spaces' },
            { field: '/sku', message: 'must be unique' },
            { field: '/mystery', message: 'is not a known field' },
          ],
        });
      }
      return problem(404, 'Not found', 'no route');
    });
    renderApp('/seller/products/new', { fetch, tokens: memoryTokens('t') });

    await screen.findByRole('heading', { name: 'New product' });
    await fillRequired(user);
    await fill(user, 'Net weight (g)', '26000');
    await fill(user, 'Gross weight (g)', '25000');
    await fill(user, 'Net quantity per package', 'twenty');
    await user.click(screen.getByRole('button', { name: 'Add CoA row' }));
    await user.click(screen.getByRole('button', { name: 'Add CoA row' }));
    await fill(user, 'CoA row 1 · Parameter', 'Appearance');
    await fill(user, 'CoA row 2 · Parameter', 'Assay');
    await fill(user, 'CoA row 2 · Min', 'abc');
    await fill(user, 'CoA row 2 · Max', '99');
    await user.click(screen.getByRole('button', { name: 'Create draft' }));

    const hs = screen.getByLabelText('HS code');
    await waitFor(() => expect(hs).toHaveAttribute('aria-invalid', 'true'));
    expect(hs).toHaveAccessibleDescription('hs code must have 6 to 10 digits');
    expect(screen.getByLabelText('SKU')).toHaveFocus(); // the first refused field

    // Nested CoA pointers land on the right row and cell.
    expect(screen.getByLabelText('CoA row 2 · Max')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('CoA row 2 · Max')).toHaveAccessibleDescription('must not be below min');
    expect(screen.getByLabelText('CoA row 2 · Min')).toHaveAccessibleDescription('must be a decimal number');
    expect(screen.getByLabelText('CoA row 1 · Max')).not.toHaveAttribute('aria-invalid');
    // A whole-row error describes every cell of that row, and only that row.
    expect(screen.getByLabelText('CoA row 1 · Text requirement')).toHaveAccessibleDescription(
      'Row 1: needs a min, a max or a text requirement',
    );
    expect(screen.getByLabelText('CoA row 2 · Text requirement')).not.toHaveAccessibleDescription(/needs a min/);

    expect(screen.getByLabelText('Net quantity per package')).toHaveAccessibleDescription('must be a decimal number');
    expect(screen.getByLabelText('Net weight (g)')).toHaveAccessibleDescription('must not exceed the gross weight');
    // Several messages for one field are all shown.
    expect(screen.getByLabelText('SKU')).toHaveAccessibleDescription('is required: 1 to 64 characters without spaces; must be unique');
    expect(screen.getByLabelText('Country of origin')).not.toHaveAttribute('aria-invalid');

    // A pointer with no input is listed in the banner.
    const banner = screen.getByRole('alert');
    expect(banner).toHaveTextContent('product is invalid');
    expect(banner).toHaveTextContent('/mystery: is not a known field');

    // Rows are sent in screen order, so the pointers' indices match the rows.
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      sku: 'ACA-998',
      seller_id: SELLER_ORG,
      name: 'Glacial acetic acid',
      hs_code: '12',
      net_weight_g: 26000,
      gross_weight_g: 25000,
      packaging: { net_qty: 'twenty' },
      coa_spec: [{ parameter: 'Appearance' }, { parameter: 'Assay', min: 'abc', max: '99' }],
    });
    expect(body).not.toHaveProperty('description');

    // Editing a field clears its error; removing a row moves the later rows' errors up.
    await user.type(hs, '3456');
    expect(hs).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByRole('button', { name: 'Remove CoA row 1' }));
    expect(screen.getByLabelText('CoA row 1 · Parameter')).toHaveValue('Assay');
    expect(screen.getByLabelText('CoA row 1 · Max')).toHaveAccessibleDescription('must not be below min');
    expect(screen.queryByText(/needs a min/)).not.toBeInTheDocument();
  });

  it('puts a duplicate SKU (409) next to the SKU', async () => {
    const user = userEvent.setup();
    const { fetch } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(catalogSellerMe);
      return problem(409, 'Conflict', 'the seller already has a product with SKU "ACA-998"');
    });
    renderApp('/seller/products/new', { fetch, tokens: memoryTokens('t') });
    await screen.findByRole('heading', { name: 'New product' });
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Create draft' }));
    await waitFor(() => expect(screen.getByLabelText('SKU')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByLabelText('SKU')).toHaveAccessibleDescription('the seller already has a product with SKU "ACA-998"');
  });

  it('creates a draft, opens it for editing and submits it for review', async () => {
    const user = userEvent.setup();
    let created = product({ sku: 'ACA-998', name: 'Glacial acetic acid', curation_status: 'draft', approved_revision: 0 });
    const { fetch, calls } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(catalogSellerMe);
      if (req.path === '/api/v1/products' && req.method === 'POST') return json(created, 201);
      if (req.path === `/api/v1/products/${created.id}`) return json(created);
      if (req.path === `/api/v1/products/${created.id}/revisions`) {
        return json({ items: [revision({ status: created.curation_status, data: { ...created, hs_code: '291521' } })] });
      }
      if (req.path === `/api/v1/products/${created.id}/submit`) {
        created = { ...created, curation_status: 'submitted' };
        return json(created);
      }
      return problem(404, 'Not found', 'no route');
    });
    renderApp('/seller/products/new', { fetch, tokens: memoryTokens('t') });
    await screen.findByRole('heading', { name: 'New product' });
    await fillRequired(user);
    await user.click(screen.getByRole('button', { name: 'Create draft' }));

    expect(await screen.findByText(/Draft created/)).toBeInTheDocument();
    expect(currentLocation(screen.getByTestId).pathname).toBe(`/seller/products/${created.id}/edit`);
    expect(screen.getByLabelText('HS code')).toHaveValue('291521');
    expect(screen.getByLabelText('SKU')).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Submit for review' }));
    expect(await screen.findByText(/Submitted for review/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/submit'))).toBe(true);
  });

  it('shows the curator comments at their fields and saves without the SKU', async () => {
    const user = userEvent.setup();
    const p = product({ sku: 'ACA-998', curation_status: 'changes_requested', approved_revision: 0 });
    const { fetch, calls } = mockFetch((req) => {
      if (req.path === '/api/v1/me') return json(catalogSellerMe);
      if (req.path === `/api/v1/products/${p.id}` && req.method === 'GET') return json(p);
      if (req.path === `/api/v1/products/${p.id}` && req.method === 'PUT') return json({ ...p, curation_status: 'draft' });
      if (req.path === `/api/v1/products/${p.id}/revisions`) {
        return json({
          items: [
            revision({
              status: 'changes_requested',
              data: { name: 'Acetic acid', hs_code: '291521', country_of_origin: 'DE', unit: 'KGM', coa_spec: [{ parameter: 'Assay', min: '99' }] },
              comments: [
                { field: '/hs_code', comment: 'Check the subheading.' },
                { field: '/coa_spec/0/max', comment: 'Add an upper bound.' },
              ],
            }),
          ],
        });
      }
      return problem(404, 'Not found', 'no route');
    });
    renderApp(`/seller/products/${p.id}/edit`, { fetch, tokens: memoryTokens('t') });

    const hs = await screen.findByLabelText('HS code');
    expect(hs).toHaveAccessibleDescription('Reviewer: Check the subheading.');
    expect(screen.getByLabelText('CoA row 1 · Max')).toHaveAccessibleDescription('Reviewer: Add an upper bound.');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();

    await fill(user, 'CoA row 1 · Max', '100.5');
    expect(screen.getByRole('button', { name: 'Submit for review' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({
      name: 'Acetic acid',
      hs_code: '291521',
      country_of_origin: 'DE',
      unit: 'KGM',
      coa_spec: [{ parameter: 'Assay', min: '99', max: '100.5' }],
    });
  });
});
