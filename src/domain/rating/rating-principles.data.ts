/**
 * The published adult social care rating principles (page dated 12 May 2022, domain.md 1.6),
 * the rating limiters (1.5) and the NHS trust "X outstanding" table, as data. The methods cite
 * these by number and id; the public page lists them.
 */
export interface Principle {
  number: number;
  text: string;
}

export const ASC_PRINCIPLES: readonly Principle[] = [
  { number: 1, text: 'The overall rating can be no better than Requires improvement if any regulation is breached.' },
  { number: 2, text: 'The five key questions weigh the same. After a focused inspection, the new key question ratings combine with the existing ratings of the key questions not inspected.' },
  { number: 3, text: 'Outstanding normally needs at least two key questions Outstanding and the others Good.' },
  { number: 4, text: 'Good normally: no key question Inadequate and no more than one Requires improvement.' },
  { number: 5, text: 'Two or more key questions Requires improvement normally give Requires improvement.' },
  { number: 6, text: 'Two or more key questions Inadequate normally give Inadequate.' },
];

export const WELL_LED_LIMITERS = ['no-registered-manager', 'registration-condition-unmet', 'notifications-not-sent', 'pir-not-returned'] as const;
export type WellLedLimiter = (typeof WELL_LED_LIMITERS)[number];

export const WELL_LED_LIMITER_TEXT: Readonly<Record<WellLedLimiter, string>> = {
  'no-registered-manager': 'a required registered manager is absent and no satisfactory recruitment steps were taken',
  'registration-condition-unmet': 'another condition of registration is unmet without good reason',
  'notifications-not-sent': 'statutory notifications were not sent',
  'pir-not-returned': 'a requested provider information return was not returned',
};

export interface LimiterRule {
  id: string;
  rule: string;
  scope: string;
  label: 'verified' | 'secondary' | 'UNVERIFIED';
}

export const LIMITER_RULES: readonly LimiterRule[] = [
  { id: 'requirement-notice', rule: 'A breach with a requirement notice limits the linked rating to Requires improvement at best.', scope: 'NHS trusts (core service × key question); primary medical services and adult social care (key question)', label: 'verified' },
  { id: 'warning-notice-or-condition', rule: 'A breach with a warning notice or condition makes the linked rating Inadequate.', scope: 'As above', label: 'verified' },
  { id: 'breach-caps-overall', rule: 'Any breach of regulations: the overall rating can be no better than Requires improvement.', scope: 'Adult social care', label: 'verified' },
  { id: 'well-led', rule: `Well-led is limited to Requires improvement if ${Object.values(WELL_LED_LIMITER_TEXT).join('; or ')}.`, scope: 'Adult social care', label: 'secondary' },
  { id: 'escalated-powers', rule: 'Suspension, cancellation, urgent action or special measures: treated like a warning notice (the linked rating is Inadequate) by default.', scope: 'All rated services', label: 'UNVERIFIED' },
  { id: 'statement-scored-one', rule: 'A quality statement with a score of 1 caps its key question at Requires improvement (off by default).', scope: 'Single assessment framework providers', label: 'UNVERIFIED' },
];

export interface OutstandingThreshold {
  fromRatings: number;
  toRatings: number | null;
  outstandingNeeded: number;
}

/** NHS trusts: Outstanding normally requires X underlying Outstanding ratings with the rest Good. */
export const NHS_OUTSTANDING_TABLE: readonly OutstandingThreshold[] = [
  { fromRatings: 1, toRatings: 3, outstandingNeeded: 1 },
  { fromRatings: 4, toRatings: 8, outstandingNeeded: 2 },
  { fromRatings: 9, toRatings: null, outstandingNeeded: 3 },
];

export function outstandingNeeded(underlyingRatings: number): number {
  const row = NHS_OUTSTANDING_TABLE.find((r) => underlyingRatings >= r.fromRatings && (r.toRatings === null || underlyingRatings <= r.toRatings));
  if (!row) throw new Error(`no NHS table row for ${underlyingRatings} ratings`);
  return row.outstandingNeeded;
}
