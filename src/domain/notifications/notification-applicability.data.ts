/**
 * Which statutory notifications each kind of service is offered (issue 19). Versioned data, one
 * place to change. The law (CQC (Registration) Regulations 2009, domain.md 3.2) sets who must
 * notify what only in part; where the domain spec does not verify that a kind of service cannot
 * have the event, the row is labelled UNVERIFIED and kept here as data so it can be changed
 * without touching the code. A service whose kind is not known is offered every type.
 */
export const SERVICE_KINDS = ['adult_social_care', 'primary_medical', 'other'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const SERVICE_KIND_NAMES: Record<ServiceKind, string> = {
  adult_social_care: 'an adult social care service',
  primary_medical: 'a GP practice',
  other: 'a hospital or other healthcare service',
};

export interface ApplicabilityRule {
  type: string;
  services: readonly ServiceKind[];
  /** Plain words: who makes this notification. */
  who: string;
  label: 'verified' | 'secondary' | 'UNVERIFIED';
}

export const NOTIFICATION_APPLICABILITY = {
  version: 'notification-applicability@2026-12-07',
  /** Types not listed here are offered to every kind of service. */
  rules: [
    { type: 'death_detained', services: ['other'], who: 'services that may detain people under the Mental Health Act 1983 (hospitals)', label: 'UNVERIFIED' },
    { type: 'unauthorised_absence', services: ['other'], who: 'services that may detain people under the Mental Health Act 1983 (hospitals)', label: 'UNVERIFIED' },
    { type: 'dols', services: ['adult_social_care', 'other'], who: 'care homes and hospitals, which ask for Deprivation of Liberty Safeguards authorisations', label: 'UNVERIFIED' },
    { type: 'court_deprivation', services: ['adult_social_care', 'other'], who: 'care services and hospitals, which may need a court to authorise depriving a person of their liberty', label: 'UNVERIFIED' },
    { type: 'child_in_adult_unit', services: ['other'], who: 'adult psychiatric units', label: 'secondary' },
  ] as readonly ApplicabilityRule[],
} as const;

/** Whether a service of these kinds is offered the type (unknown kinds: every type). */
export function notificationApplies(typeId: string, kinds: readonly ServiceKind[], rules: readonly ApplicabilityRule[] = NOTIFICATION_APPLICABILITY.rules): boolean {
  const rule = rules.find((r) => r.type === typeId);
  if (!rule || kinds.length === 0) return true;
  return kinds.some((k) => rule.services.includes(k));
}

/** Why a type is not offered, in plain words (null when it is). */
export function whyNotApplicable(typeId: string, kinds: readonly ServiceKind[], rules: readonly ApplicabilityRule[] = NOTIFICATION_APPLICABILITY.rules): string | null {
  if (notificationApplies(typeId, kinds, rules)) return null;
  const rule = rules.find((r) => r.type === typeId)!;
  return `This notification is not one ${kinds.map((k) => SERVICE_KIND_NAMES[k]).join(' or ')} sends: it is for ${rule.who}.`;
}
