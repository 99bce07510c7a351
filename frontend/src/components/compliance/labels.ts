// Words for the kinds of compliance checks and what export-control and red-flag checks
// found, shared by the review queue's list and its detail views.

import type { CheckKind, ExportRegime, LineOutcome, RedFlagCode } from '../../api/types';
import type { Tone } from '../ui';

export const KIND_LABELS: Record<CheckKind, string> = {
  sanctions: 'Sanctions',
  export_control: 'Export control',
  red_flags: 'Red flags',
};

export const KIND_TONES: Record<CheckKind, Tone> = {
  sanctions: 'neutral',
  export_control: 'info',
  red_flags: 'warning',
};

const REGIME_LABELS: Record<ExportRegime, string> = {
  us_ear: 'US EAR',
  eu_dual_use: 'EU dual-use',
};

/** "us_ear" → "US EAR"; a regime the SPA does not know as it is. */
export function regimeLabel(regime: string): string {
  return REGIME_LABELS[regime as ExportRegime] ?? regime;
}

export const LINE_OUTCOMES: Record<LineOutcome, { label: string; tone: Tone }> = {
  no_licence_required: { label: 'no licence required', tone: 'success' },
  covered_by_licence: { label: 'covered by a licence', tone: 'success' },
  not_an_export: { label: 'not an export', tone: 'neutral' },
  licence_required: { label: 'licence required', tone: 'warning' },
  manual_review: { label: 'manual review', tone: 'warning' },
  prohibited: { label: 'prohibited', tone: 'danger' },
};

export const FLAG_LABELS: Record<RedFlagCode, string> = {
  destination_differs: 'Controlled items leave the buyer’s country',
  forwarder_consignee: 'The consignee looks like a freight forwarder',
  third_country_payment: 'Payment from a third country',
  no_end_use_statement: 'No end-use statement covers the order',
};

const EVIDENCE_LABELS: Record<string, string> = {
  buyer_country: 'Buyer’s country',
  consignee_country: 'Consignee’s country',
  end_user_country: 'End user’s country',
  payment_country: 'Paid from',
  classifications: 'Controlled items',
  consignee: 'Consignee',
  matched: 'Words that matched',
  end_user: 'End user',
  country: 'Country',
};

/** "buyer_country" → "Buyer’s country"; an unknown key in words ("some_key" → "Some key"). */
export function evidenceLabel(key: string): string {
  const known = EVIDENCE_LABELS[key];
  if (known) return known;
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Evidence values that are ISO country codes. */
export function isCountryKey(key: string): boolean {
  return key === 'country' || key.endsWith('_country');
}
