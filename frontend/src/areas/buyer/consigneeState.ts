// The consignee form's state: every input as typed text; toInput builds the wire body the
// server validates (it owns the rules and answers with JSON-pointer field errors).

import type { Consignee, ConsigneeInput, ConsigneeStatus } from '../../api/types';
import { addressInput, addressState, emptyAddress, type AddressState } from '../../components/form';

export interface ConsigneeFormState {
  name: string;
  address: AddressState;
  contact: { name: string; email: string; phone: string };
  endUser: {
    isConsignee: boolean;
    name: string;
    address: AddressState;
    endUse: string;
    industry: string;
  };
  status: ConsigneeStatus;
}

export function emptyConsignee(): ConsigneeFormState {
  return {
    name: '',
    address: emptyAddress(),
    contact: { name: '', email: '', phone: '' },
    endUser: { isConsignee: true, name: '', address: emptyAddress(), endUse: '', industry: '' },
    status: 'active',
  };
}

export function fromConsignee(c: Consignee): ConsigneeFormState {
  return {
    name: c.name,
    address: addressState(c.address),
    contact: { name: c.contact?.name ?? '', email: c.contact?.email ?? '', phone: c.contact?.phone ?? '' },
    endUser: {
      isConsignee: c.end_user.is_consignee,
      name: c.end_user.is_consignee ? '' : c.end_user.name,
      address: c.end_user.is_consignee ? emptyAddress() : addressState(c.end_user.address),
      endUse: c.end_user.end_use,
      industry: c.end_user.industry,
    },
    status: c.status,
  };
}

export function toInput(s: ConsigneeFormState): ConsigneeInput {
  const contact: ConsigneeInput['contact'] = {};
  if (s.contact.name.trim()) contact.name = s.contact.name.trim();
  if (s.contact.email.trim()) contact.email = s.contact.email.trim();
  if (s.contact.phone.trim()) contact.phone = s.contact.phone.trim();
  const body: ConsigneeInput = {
    name: s.name.trim(),
    address: addressInput(s.address),
    end_user: { is_consignee: s.endUser.isConsignee, end_use: s.endUser.endUse.trim(), industry: s.endUser.industry },
    status: s.status,
  };
  if (Object.keys(contact).length) body.contact = contact;
  if (!s.endUser.isConsignee) {
    body.end_user.name = s.endUser.name.trim();
    body.end_user.address = addressInput(s.endUser.address);
  }
  return body;
}

/** The same consignee, archived or restored (PUT replaces the whole record). */
export function withStatus(c: Consignee, status: ConsigneeStatus): ConsigneeInput {
  return toInput({ ...fromConsignee(c), status });
}
