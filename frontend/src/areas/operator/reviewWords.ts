// What the review actions are called and what they do, by the kind of check. The server
// has one review for every kind (internal/compliance Checks.Review): false_positive closes
// the check; confirmed closes it too and, for a party, blocks the party, while for an
// order's export-control or red-flag check the order's outcome becomes blocked when it
// asks again (internal/compliance OrderChecks.Run).

import type { BeneficialOwner, ComplianceCheck, ReviewDecision } from '../../api/types';

/** What the page knows about a check's subject beyond the check: the organization now and the owner screened. */
export interface SubjectContext {
  /** The organization's legal name now, for a check of an organization. */
  organizationName?: string;
  /** The beneficial owner whose name was screened. */
  owner?: BeneficialOwner;
}

export interface ReviewWords {
  /** The detail panel's buttons. */
  clearAction: string;
  confirmAction: string;
  /** The dialog's decision switch. */
  decision: Record<ReviewDecision, string>;
  /** The dialog's title, before the subject's name. */
  title: Record<ReviewDecision, string>;
  submit: Record<ReviewDecision, string>;
  placeholder: Record<ReviewDecision, string>;
  /** The deliberate extra step before confirming. */
  tick: string;
  tickMissing: string;
}

const ORDER_WORDS = {
  clearAction: 'Release (false positive)',
  confirmAction: 'Confirm and block the order…',
  decision: { false_positive: 'Release (false positive)', confirmed: 'Confirm: block the order' },
  title: { false_positive: 'Release', confirmed: 'Confirm and block the order' },
  submit: { false_positive: 'Release', confirmed: 'Confirm and block the order' },
  tickMissing: 'Tick this to confirm: confirming blocks the order.',
} as const;

export function reviewWords(c: ComplianceCheck, ctx: SubjectContext = {}): ReviewWords {
  const n = c.matches.length;
  switch (c.kind) {
    case 'export_control':
      return {
        ...ORDER_WORDS,
        placeholder: {
          false_positive: 'Why the line may ship: e.g. general authorisation EU001 applies and its conditions are met.',
          confirmed: 'Which reason stands, and why no licence or authorisation covers the line.',
        },
        tick: `I have read the determinations and the seller’s licences: block the order with ${c.subject_name}.`,
      };
    case 'red_flags':
      return {
        ...ORDER_WORDS,
        placeholder: {
          false_positive: 'Why each flag is explained: e.g. the forwarder is the buyer’s customs agent; the end-use statement is on file.',
          confirmed: 'Which flags stand and what they point to.',
        },
        tick: `I have weighed the red flags: block the order of ${c.subject_name}.`,
      };
    default: {
      const blocked = ctx.owner && ctx.organizationName ? ctx.organizationName : c.subject_name;
      return {
        clearAction: 'Clear as false positive',
        confirmAction: 'Confirm match…',
        decision: { false_positive: 'False positive', confirmed: 'Confirm match' },
        title: { false_positive: 'Clear as a false positive', confirmed: 'Confirm the match' },
        submit: { false_positive: 'Clear as false positive', confirmed: 'Confirm match and block' },
        placeholder: {
          false_positive: 'Which facts tell them apart: kind, country, birth date, identifiers.',
          confirmed: 'Which facts of the party and the entry agree.',
        },
        tick: `I have compared the party with the list ${n === 1 ? 'entry' : 'entries'}: block ${blocked}.`,
        tickMissing: 'Tick this to confirm: confirming blocks the party.',
      };
    }
  }
}

/** What a decision does (internal/compliance Checks.Review and OrderChecks.Run). */
export function consequence(c: ComplianceCheck, decision: ReviewDecision, ctx: SubjectContext = {}): string {
  if (c.kind === 'export_control' || c.kind === 'red_flags') {
    const what = c.kind === 'export_control' ? `this line’s determination (${c.subject_name})` : 'these red flags';
    if (decision === 'false_positive') {
      return `Closes the check: the order no longer waits for ${what}, and goes ahead once nothing else holds it. Nothing is suppressed: the next order is checked afresh.`;
    }
    return `Blocks the order${c.kind === 'red_flags' ? ` of ${c.subject_name}` : ''}: its compliance outcome becomes blocked.`;
  }
  const n = c.matches.length;
  const these = n === 1 ? 'this match' : `these ${n} matches`;
  const owner = ctx.owner && ctx.organizationName ? ctx.organizationName : undefined;
  if (decision === 'false_positive') {
    const forWhom = owner ? `this organization (its legal name and every beneficial owner)` : 'this party';
    const base = `Closes the check. ${these.charAt(0).toUpperCase() + these.slice(1)} will not come up again for ${forWhom} while the list ${n === 1 ? 'entry is' : 'entries are'} unchanged.`;
    switch (c.subject_type) {
      case 'organization':
        return `${base} An organization still in screening is cleared and its onboarding continues.`;
      case 'consignee':
        return `${base} The consignee's screening becomes clear.`;
      case 'end_user':
        return `${base} The end user's screening becomes clear.`;
      default:
        return base;
    }
  }
  switch (c.subject_type) {
    case 'organization':
      return owner
        ? `Blocks ${owner}, whose beneficial owner ${c.subject_name} was screened: its onboarding ends blocked, and an approved organization is blocked too.`
        : `Blocks ${c.subject_name}: its onboarding ends blocked, and an approved organization is blocked too.`;
    case 'consignee':
      return `Blocks the consignee ${c.subject_name} (and its end user when it is the consignee itself).`;
    case 'end_user':
      return `Blocks the end user ${c.subject_name}.`;
    default:
      return `Records the match as confirmed for ${c.subject_name}.`;
  }
}
