import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Me, OnboardingDocument, OnboardingOverview, Organization } from '../api/types';
import { json, memoryTokens, mockFetch, problem, type RecordedRequest } from '../test/http';
import { buyerMe, renderApp, SELLER_ORG, sellerMe } from '../test/render';

const BUYER = '0190aaaa-0000-7000-8000-000000000201';
const adminMe: Me = { ...sellerMe, permissions: ['organization:read', 'organization:update', 'product:read'] };

function org(overrides: Partial<Organization> = {}): Organization {
  return {
    id: SELLER_ORG,
    kind: 'seller',
    legal_name: 'Nordic Reagents AB',
    country: 'SE',
    vat_number: 'SE556677889901',
    onboarding_status: 'draft',
    screening_status: 'not_screened',
    invited: false,
    addresses: [{ kind: 'registered', line1: 'Kungsgatan 1', city: 'Stockholm', postal_code: '11143', country: 'SE' }],
    created_at: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

function overview(overrides: Partial<OnboardingOverview> = {}): OnboardingOverview {
  return {
    organization_id: SELLER_ORG,
    kind: 'seller',
    onboarding_status: 'draft',
    screening_status: 'not_screened',
    invited: false,
    required_documents: [
      { type: 'certificate_of_incorporation', label: 'Certificate of incorporation', uploaded: true },
      { type: 'bank_letter', label: 'Bank letter', uploaded: false },
    ],
    missing: [
      { field: 'documents.bank_letter', message: 'is required' },
      { field: '/bank_iban', message: 'an IBAN or a Stripe account is required' },
    ],
    actions: ['submit'],
    ...overrides,
  };
}

const incorporation: OnboardingDocument = {
  id: '0190abab-0000-7000-8000-000000000001',
  organization_id: SELLER_ORG,
  type: 'certificate_of_incorporation',
  filename: 'bolagsverket.pdf',
  content_type: 'application/pdf',
  size: 48213,
  sha256: 'a3f1c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00',
  created_at: '2025-02-01T10:00:00Z',
};

function server(me: Me, o: Organization = org(), ov: OnboardingOverview = overview(), uploadAnswer?: () => Response, patchAnswer?: (req: RecordedRequest) => Response) {
  return mockFetch((req) => {
    if (req.path === '/api/v1/me') return json(me);
    if (req.path === `/api/v1/organizations/${o.id}/onboarding`) return json(ov);
    if (req.path === `/api/v1/organizations/${o.id}` && req.method === 'GET') return json(o);
    if (req.path === `/api/v1/organizations/${o.id}` && req.method === 'PATCH') {
      if (patchAnswer) return patchAnswer(req);
      return problem(400, 'Invalid request', 'company data is invalid', {
        errors: [
          { field: '/vat_number', message: 'is not a valid Swedish VAT number' },
          { field: '/addresses/0/country', message: 'is not an ISO 3166-1 country' },
          { field: '/addresses/1/unlocode', message: 'XXXXX is not a known UN/LOCODE' },
        ],
      });
    }
    if (req.path === `/api/v1/organizations/${o.id}/documents` && req.method === 'GET') return json({ items: [incorporation], next_cursor: '' });
    if (req.path === `/api/v1/organizations/${o.id}/documents` && req.method === 'POST') {
      return uploadAnswer ? uploadAnswer() : json({ ...incorporation, id: 'new', type: 'bank_letter', filename: 'bank.pdf' }, 201);
    }
    if (req.path === `/api/v1/organizations/${o.id}/submit`) return json({ ...o, onboarding_status: 'submitted' });
    return problem(404, 'Not found', 'no route');
  });
}

describe('onboarding', () => {
  it('shows status, what is missing, the document checklist and the uploaded documents', async () => {
    const { fetch } = server(adminMe);
    renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });

    const steps = await screen.findByRole('list', { name: 'Onboarding steps' });
    expect(within(steps).getByText('Draft')).toHaveAttribute('aria-current', 'step');
    expect(screen.getByText('Document: Bank letter: is required')).toBeInTheDocument();
    expect(screen.getByText('Bank iban: an IBAN or a Stripe account is required')).toBeInTheDocument();
    const checklist = screen.getByRole('list', { name: 'Required documents' });
    expect(within(within(checklist).getByText(/Bank letter/).closest('li')!).getByText('missing')).toBeInTheDocument();
    expect(await screen.findByText('bolagsverket.pdf')).toBeInTheDocument();
    expect(screen.getByText('47.1 KiB')).toBeInTheDocument();
    expect(screen.getByLabelText('Legal name')).toHaveValue('Nordic Reagents AB');
    expect(screen.getByLabelText('Address 1 city')).toHaveValue('Stockholm');
  });

  it('shows every company data field error at its input, addresses included', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(adminMe);
    renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });

    await screen.findByLabelText('Legal name');
    await user.click(screen.getByRole('button', { name: 'Add address' }));
    await user.type(screen.getByLabelText('Address 2 UN/LOCODE'), 'xxxxx');
    await user.click(screen.getByRole('button', { name: 'Save company data' }));

    const vat = screen.getByLabelText('VAT number');
    await waitFor(() => expect(vat).toHaveAttribute('aria-invalid', 'true'));
    expect(vat).toHaveAccessibleDescription(/is not a valid Swedish VAT number/);
    expect(screen.getByLabelText('Address 1 country')).toHaveAccessibleDescription(/is not an ISO 3166-1 country/);
    expect(screen.getByLabelText('Address 2 UN/LOCODE')).toHaveAccessibleDescription(/XXXXX is not a known UN\/LOCODE/);
    expect(screen.getByLabelText('Legal name')).not.toHaveAttribute('aria-invalid');

    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toMatchObject({
      legal_name: 'Nordic Reagents AB',
      country: 'SE',
      vat_number: 'SE556677889901',
      eori: '',
      bank_iban: '',
      addresses: [
        { kind: 'registered', line1: 'Kungsgatan 1', city: 'Stockholm', postal_code: '11143', country: 'SE' },
        { kind: 'shipping', line1: '', city: '', country: '', unlocode: 'XXXXX' },
      ],
    });
  });

  it('uploads a document as multipart with its type, and shows a refused upload', async () => {
    const user = userEvent.setup();
    const { fetch, calls } = server(adminMe);
    renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });

    const form = await screen.findByRole('form', { name: 'Upload a document' });
    expect(within(form).getByLabelText('Document type')).toHaveValue('bank_letter');
    const file = new File(['%PDF-1.7 bank letter'], 'bank.pdf', { type: 'application/pdf' });
    await user.upload(within(form).getByLabelText('File'), file);
    await user.click(within(form).getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/documents'))).toBe(true));
    const post = calls.find((c) => c.method === 'POST' && c.path.endsWith('/documents'))!;
    expect(post.headers.get('Content-Type')).toBeNull(); // the browser sets the multipart boundary
    expect(post.form!.get('type')).toBe('bank_letter');
    expect((post.form!.get('file') as File).name).toBe('bank.pdf');
  });

  it('shows a too-large upload at the file input', async () => {
    const user = userEvent.setup();
    const { fetch } = server(adminMe, org(), overview(), () =>
      problem(413, 'Request too large', 'the body is over 2 MiB', { errors: [{ field: '/file', message: 'is larger than the 2 MiB limit' }] }),
    );
    renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });
    const form = await screen.findByRole('form', { name: 'Upload a document' });
    await user.upload(within(form).getByLabelText('File'), new File(['x'], 'huge.pdf', { type: 'application/pdf' }));
    await user.click(within(form).getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(within(form).getByLabelText('File')).toHaveAccessibleDescription(/larger than the 2 MiB limit/));
    expect(within(form).getByRole('alert')).toHaveTextContent('Request too large');
  });

  it('shows the reason of the last decision and submits again', async () => {
    const user = userEvent.setup();
    const o = org({ onboarding_status: 'needs_info', status_reason: 'The bank letter must be less than 3 months old.' });
    const { fetch, calls } = server(adminMe, o, overview({ onboarding_status: 'needs_info', status_reason: 'The bank letter must be less than 3 months old.', missing: [] }));
    renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });

    const note = await screen.findByRole('note', { name: 'Reason of the last decision' });
    expect(note).toHaveTextContent('The bank letter must be less than 3 months old.');
    expect(within(screen.getByRole('list', { name: 'Onboarding steps' })).getByText('needs info')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Submit again' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/submit'))).toBe(true));
  });

  it('is read-only once submitted, and for members who are not admins', async () => {
    const { fetch } = server(adminMe, org({ onboarding_status: 'screening', screening_status: 'pending' }), overview({ onboarding_status: 'screening', screening_status: 'pending', actions: [] }));
    renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });
    await screen.findByText('Being screened by the marketplace’s compliance team.');
    expect(screen.queryByRole('button', { name: 'Save company data' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Upload a document' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Submit/ })).not.toBeInTheDocument();
    expect(screen.getByText('SE556677889901')).toBeInTheDocument();
  });

  it('hides the edit controls from a buyer purchaser', async () => {
    const buyerOrg = org({ id: BUYER, kind: 'buyer', legal_name: 'Lyon Labs SAS' });
    const { fetch } = server(buyerMe, buyerOrg, overview({ organization_id: BUYER, kind: 'buyer', actions: [] }));
    renderApp('/buyer/onboarding', { fetch, tokens: memoryTokens('t') });
    await screen.findByRole('list', { name: 'Onboarding steps' });
    expect(screen.queryByRole('button', { name: 'Save company data' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Upload a document' })).not.toBeInTheDocument();
    // The nav offers onboarding to admins only.
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Onboarding' })).not.toBeInTheDocument();
  });

  describe('beneficial owners', () => {
    const owned = () =>
      org({ beneficial_owners: [{ name: 'Astrid Lindqvist', kind: 'individual', country: 'SE', birth_date: '1971-03', share_pct: 60 }] });
    const ownerErrors = () =>
      problem(400, 'Invalid request', 'company data is invalid', {
        errors: [
          { field: '/beneficial_owners/0/birth_date', message: 'must be YYYY, YYYY-MM or YYYY-MM-DD' },
          { field: '/beneficial_owners/1/country', message: 'is not an ISO 3166-1 country' },
          { field: '/beneficial_owners', message: 'shares add up to 110 %, more than 100 %' },
        ],
      });

    it('sends the whole list and shows each owner’s field errors at its inputs', async () => {
      const user = userEvent.setup();
      const { fetch, calls } = server(adminMe, owned(), overview(), undefined, ownerErrors);
      renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });

      expect(await screen.findByLabelText('Owner 1 name')).toHaveValue('Astrid Lindqvist');
      expect(screen.getByLabelText('Owner 1 birth date')).toHaveValue('1971-03');
      await user.clear(screen.getByLabelText('Owner 1 birth date'));
      await user.type(screen.getByLabelText('Owner 1 birth date'), '1971-13');

      await user.click(screen.getByRole('button', { name: 'Add beneficial owner' }));
      await user.type(screen.getByLabelText('Owner 2 name'), 'Lindqvist Holding AB');
      await user.type(screen.getByLabelText('Owner 2 birth date'), '1999');
      // A company has no birth date: switching the kind drops it.
      await user.selectOptions(screen.getByLabelText('Owner 2 kind'), 'entity');
      expect(screen.queryByLabelText('Owner 2 birth date')).not.toBeInTheDocument();
      await user.type(screen.getByLabelText('Owner 2 country'), 'xx');
      await user.type(screen.getByLabelText('Owner 2 share (%)'), '50');
      expect(screen.getByText('Shares add up to 110 %: more than 100 %.')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Save company data' }));

      const born = screen.getByLabelText('Owner 1 birth date');
      await waitFor(() => expect(born).toHaveAttribute('aria-invalid', 'true'));
      expect(born).toHaveAccessibleDescription(/must be YYYY, YYYY-MM or YYYY-MM-DD/);
      expect(screen.getByLabelText('Owner 2 country')).toHaveAccessibleDescription(/is not an ISO 3166-1 country/);
      expect(screen.getByText('Beneficial owners: shares add up to 110 %, more than 100 %')).toBeInTheDocument();
      expect(screen.getByLabelText('Owner 1 name')).not.toHaveAttribute('aria-invalid');
      // Every error has its place: the banner lists none of them.
      const banner = screen.getByRole('alert');
      expect(banner).toHaveTextContent('3 problems to fix; each is shown at its field.');
      expect(within(banner).queryByRole('list')).not.toBeInTheDocument();

      const patch = calls.find((c) => c.method === 'PATCH')!;
      expect((patch.body as { beneficial_owners: unknown }).beneficial_owners).toEqual([
        { name: 'Astrid Lindqvist', kind: 'individual', country: 'SE', birth_date: '1971-13', share_pct: 60 },
        { name: 'Lindqvist Holding AB', kind: 'entity', country: 'XX', share_pct: 50 },
      ]);
    });

    it('keeps a share that is not a whole percent in the browser', async () => {
      const user = userEvent.setup();
      const { fetch, calls } = server(adminMe, owned());
      renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });
      const share = await screen.findByLabelText('Owner 1 share (%)');
      await user.clear(share);
      await user.type(share, '12.5');
      await user.click(screen.getByRole('button', { name: 'Save company data' }));
      await waitFor(() => expect(share).toHaveAttribute('aria-invalid', 'true'));
      expect(share).toHaveAccessibleDescription(/a whole percent from 0 to 100/);
      expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    });

    it('removing the last owner sends an empty list, which clears the stored one', async () => {
      const user = userEvent.setup();
      const { fetch, calls } = server(adminMe, owned(), overview(), undefined, (req) => json({ ...owned(), ...(req.body as object), beneficial_owners: undefined }));
      renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });
      await user.click(await screen.findByRole('button', { name: 'Remove owner 1' }));
      expect(screen.getByText('No beneficial owners declared.')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Save company data' }));
      expect(await screen.findByText('Saved.')).toBeInTheDocument();
      const patch = calls.find((c) => c.method === 'PATCH')!;
      expect(patch.body).toMatchObject({ beneficial_owners: [] });
    });

    it('shows the owners read-only once submitted', async () => {
      const o = org({
        onboarding_status: 'screening',
        beneficial_owners: [
          { name: 'Astrid Lindqvist', kind: 'individual', country: 'SE', birth_date: '1971-03', share_pct: 60 },
          { name: 'Lindqvist Holding AB', kind: 'entity', country: 'SE', share_pct: 40 },
        ],
      });
      const { fetch } = server(adminMe, o, overview({ onboarding_status: 'screening', actions: [] }));
      renderApp('/seller/onboarding', { fetch, tokens: memoryTokens('t') });
      const holding = (await screen.findByText('Lindqvist Holding AB')).closest('tr')!;
      expect(within(holding).getByText('entity')).toBeInTheDocument();
      expect(within(holding).getByText('40 %')).toBeInTheDocument();
      expect(within(screen.getByText('Astrid Lindqvist').closest('tr')!).getByText('1971-03')).toBeInTheDocument();
      expect(screen.getByText('Together').closest('tr')).toHaveTextContent('100 %');
      expect(screen.queryByLabelText('Owner 1 name')).not.toBeInTheDocument();
    });
  });
});
