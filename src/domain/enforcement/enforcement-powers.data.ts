/**
 * CQC's enforcement powers as data (domain.md 4). Enforcement workflows build on this table;
 * the rating engine reads `ratingEffect` to apply the limiters of domain.md 1.5.
 */
import type { SourceLabel } from '../framework/regulations.data.js';

/** The actions a breach can carry (the CLI's `action` values), plus the other powers. */
export const BREACH_ACTIONS = ['requirement-notice', 'warning-notice', 'condition', 'suspension', 'cancellation', 'urgent-action', 'special-measures'] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];

export const ENFORCEMENT_POWERS = [
  ...BREACH_ACTIONS,
  'warning-notice-s29a',
  'letter-of-intent',
  'repeated-requires-improvement',
  'fixed-penalty-notice',
  'prosecution',
  'simple-caution',
] as const;
export type EnforcementPower = (typeof ENFORCEMENT_POWERS)[number];

/**
 * What a breach carrying this power does to the linked key question:
 * - `cap-requires-improvement`: linked rating "normally limited to requires improvement at best" (verified)
 * - `inadequate`: linked rating "will normally be inadequate" (verified for warning notices and conditions)
 * - `escalated`: stronger than a condition; the effect is the UNVERIFIED option `escalatedPowerEffect`
 * - `none`: no direct effect on a rating
 */
export type RatingEffect = 'cap-requires-improvement' | 'inadequate' | 'escalated' | 'none';

export interface EnforcementPowerDefinition {
  id: EnforcementPower;
  name: string;
  kind: 'civil' | 'criminal' | 'other';
  effect: string;
  timelines: string;
  ratingEffect: RatingEffect;
  label: SourceLabel;
}

export const ENFORCEMENT_POWER_DEFINITIONS: readonly EnforcementPowerDefinition[] = [
  {
    id: 'requirement-notice',
    name: 'Requirement notice',
    kind: 'civil',
    effect: 'Breach without immediate risk. The provider reports the action it will take (an action plan).',
    timelines: 'Statutory report powers (Regulation 16(3), 17(3)) allow 28 days; the letter deadline (commonly 28 days) is UNVERIFIED.',
    ratingEffect: 'cap-requires-improvement',
    label: 'verified',
  },
  {
    id: 'warning-notice',
    name: 'Warning notice (section 29)',
    kind: 'civil',
    effect: 'States the requirement breached, how, and a compliance timescale set by CQC. Usually published.',
    timelines: 'Representations within 10 working days; no tribunal appeal. CQC replies within 20 working days.',
    ratingEffect: 'inadequate',
    label: 'verified',
  },
  {
    id: 'warning-notice-s29a',
    name: 'Warning notice (section 29A, NHS trusts)',
    kind: 'civil',
    effect: 'Significant improvement needed (systemic risk or harm), with a timescale per failing.',
    timelines: 'Compliance checked by an on-site inspection after the last deadline.',
    ratingEffect: 'inadequate',
    label: 'verified',
  },
  {
    id: 'condition',
    name: 'Conditions (impose, vary or remove)',
    kind: 'civil',
    effect: 'Provider-wide or per location, for example stop an activity at one site or restrict admissions.',
    timelines: 'Notice of proposal → representations within 28 days → notice of decision → appeal to the First-tier Tribunal within 28 days.',
    ratingEffect: 'inadequate',
    label: 'verified',
  },
  { id: 'suspension', name: 'Suspension of registration', kind: 'civil', effect: 'Registration suspended for a specified period.', timelines: 'Notice of proposal and notice of decision route.', ratingEffect: 'escalated', label: 'verified' },
  { id: 'cancellation', name: 'Cancellation of registration', kind: 'civil', effect: 'Registration ends.', timelines: 'Notice of proposal and notice of decision route.', ratingEffect: 'escalated', label: 'verified' },
  {
    id: 'urgent-action',
    name: 'Urgent procedures (section 31 and section 30)',
    kind: 'civil',
    effect: 'Immediate suspension or conditions where a person will or may be exposed to the risk of harm (s31); urgent cancellation by magistrates\' order (s30).',
    timelines: 'Immediate; s31 is appealable to the Tribunal.',
    ratingEffect: 'escalated',
    label: 'verified',
  },
  {
    id: 'special-measures',
    name: 'Special measures',
    kind: 'other',
    effect: 'Inadequate overall leads straight in; exit once no longer Inadequate.',
    timelines: 'Re-inspection within about 6 months; adult social care closure if no improvement in about 12 months (2014 policy).',
    ratingEffect: 'escalated',
    label: 'verified',
  },
  { id: 'letter-of-intent', name: 'Letter of intent', kind: 'other', effect: 'Informal precursor to s31: the provider gives assurance and an action plan.', timelines: 'Often 24 hours.', ratingEffect: 'none', label: 'secondary' },
  { id: 'repeated-requires-improvement', name: 'Repeated requires improvement', kind: 'other', effect: 'CQC requires an improvement action plan.', timelines: '', ratingEffect: 'none', label: 'verified' },
  {
    id: 'fixed-penalty-notice',
    name: 'Fixed penalty notice',
    kind: 'criminal',
    effect: 'Alternative to prosecution; no warning notice needed. Examples: no registered manager £4,000; statement of purpose £1,250 provider / £625 manager (amounts UNVERIFIED).',
    timelines: '',
    ratingEffect: 'none',
    label: 'secondary',
  },
  { id: 'prosecution', name: 'Prosecution', kind: 'criminal', effect: 'For example s10 unregistered activity: unlimited fine and/or 12 months.', timelines: '', ratingEffect: 'none', label: 'secondary' },
  { id: 'simple-caution', name: 'Simple caution', kind: 'criminal', effect: 'Criminal option alongside fixed penalties and prosecution.', timelines: '', ratingEffect: 'none', label: 'UNVERIFIED' },
];

export function enforcementPower(id: EnforcementPower): EnforcementPowerDefinition {
  const found = ENFORCEMENT_POWER_DEFINITIONS.find((p) => p.id === id);
  if (!found) throw new Error(`no definition for enforcement power ${id}`);
  return found;
}

export function isBreachAction(value: unknown): value is BreachAction {
  return typeof value === 'string' && (BREACH_ACTIONS as readonly string[]).includes(value);
}
