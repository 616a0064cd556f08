/**
 * Statutory notification types (CQC (Registration) Regulations 2009, regulations 14 to 18;
 * domain.md 3.2) as versioned data: each type names its regulation, the fields its form asks
 * for and the priority it starts with in the regulator's triage queue.
 */
export const NOTIFICATION_TYPES_VERSION = 'notification-types/2';

export const AGE_BANDS = ['Under 18', '18 to 24', '25 to 44', '45 to 64', '65 to 74', '75 to 84', '85 or over', 'Not known'] as const;

export const SERIOUS_INJURY_CATEGORIES = [
  { value: 'permanent_impairment', text: 'An injury that has led to permanent impairment of sensory, motor or intellectual functions' },
  { value: 'structural_change', text: 'Changes to the structure of the body' },
  { value: 'prolonged_pain', text: 'Prolonged pain or prolonged psychological harm (28 days or more)' },
  { value: 'shortened_life', text: 'The shortening of life expectancy' },
  { value: 'treatment_to_prevent', text: 'Treatment needed to prevent death or any of these injuries' },
] as const;

export type FieldKind = 'date' | 'text' | 'textarea' | 'choice' | 'multi';

export interface NotificationField {
  name: string;
  label: string;
  hint?: string;
  kind: FieldKind;
  required: boolean;
  /** For choice and multi. */
  options?: readonly { value: string; text: string }[];
  /** For text and textarea. */
  maxLength?: number;
  /** For dates: may be after today (told in advance: a planned absence, a change yet to take effect). */
  mayBeFuture?: boolean;
  /**
   * For text: the field is meant to hold a name or contact details of someone who is not a person
   * using the service (the registered person who died, whoever now carries on the service), so the
   * personal-data check does not refuse it. Names given here are also allowed in the type's free
   * text; any other name there is still refused.
   */
  namesAllowed?: boolean;
}

export const NOTIFICATION_PRIORITIES = ['urgent', 'high', 'routine'] as const;
export type NotificationPriority = (typeof NOTIFICATION_PRIORITIES)[number];

export interface NotificationType {
  id: string;
  title: string;
  /**
   * The regulation of the CQC (Registration) Regulations 2009, or null for a type that the domain
   * spec lists among CQC's notification types (source S24) without a regulation number: that
   * number is UNVERIFIED and is not guessed (see notificationBasis).
   */
  regulation: '14' | '15' | '16' | '17' | '18' | null;
  /** One line for the choose-a-type page. */
  description: string;
  /** Whether the form identifies a person using the service (reference, age band, initials). */
  aboutPerson: boolean;
  priority: NotificationPriority;
  fields: readonly NotificationField[];
  /** The field that holds the date the event happened (for the history and "expected notifications"). */
  dateField: string;
}

const yesNo = (unknown = false) => [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  ...(unknown ? [{ value: 'not_known', text: 'Not known yet' }] : []),
];

const what = (label = 'What happened', hint = 'Describe the event and what you have done since. Do not name anyone: refer to people by their role, or to the person by the reference above.'): NotificationField => ({ name: 'whatHappened', label, hint, kind: 'textarea', required: true, maxLength: 5000 });

export const NOTIFICATION_TYPES: readonly NotificationType[] = [
  {
    id: 'death',
    title: 'Death of a person using the service',
    regulation: '16',
    description: 'Regulation 16. Health service bodies and GP providers tell us only about deaths not attributable to the natural course of an illness.',
    aboutPerson: true,
    priority: 'urgent',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date of death', kind: 'date', required: true },
      { name: 'expected', label: 'Was the death expected?', kind: 'choice', required: true, options: yesNo(true) },
      { name: 'place', label: 'Where did the person die?', kind: 'choice', required: true, options: [{ value: 'service', text: 'At the service' }, { value: 'hospital', text: 'In hospital' }, { value: 'elsewhere', text: 'Somewhere else' }] },
      what('The circumstances of the death'),
    ],
  },
  {
    id: 'death_detained',
    title: 'Death of a person detained under the Mental Health Act',
    regulation: '17',
    description: 'Regulation 17: a person detained or liable to be detained under the Mental Health Act 1983.',
    aboutPerson: true,
    priority: 'urgent',
    dateField: 'eventDate',
    fields: [{ name: 'eventDate', label: 'Date of death', kind: 'date', required: true }, what('The circumstances of the death')],
  },
  {
    id: 'unauthorised_absence',
    title: 'Unauthorised absence of a detained person',
    regulation: '17',
    description: 'Regulation 17: a person detained under the Mental Health Act 1983 who is absent without leave.',
    aboutPerson: true,
    priority: 'high',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date the absence began', kind: 'date', required: true },
      { name: 'returned', label: 'Has the person returned?', kind: 'choice', required: true, options: yesNo() },
      what(),
    ],
  },
  {
    id: 'serious_injury',
    title: 'Serious injury to a person using the service',
    regulation: '18',
    description: 'Regulation 18(2)(a): an injury with one of the outcomes the regulation lists.',
    aboutPerson: true,
    priority: 'urgent',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date of the injury', kind: 'date', required: true },
      { name: 'injuryCategories', label: 'What kind of injury is it?', hint: 'Select all that apply (regulation 18(2)(a)).', kind: 'multi', required: true, options: SERIOUS_INJURY_CATEGORIES },
      what('How the injury happened'),
    ],
  },
  {
    id: 'abuse',
    title: 'Abuse or an allegation of abuse',
    regulation: '18',
    description: 'Regulation 18(2)(e): abuse, or an allegation of abuse, of a person using the service.',
    aboutPerson: true,
    priority: 'urgent',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date of the abuse or when the allegation was made', kind: 'date', required: true },
      {
        name: 'abuseType',
        label: 'What kind of abuse?',
        kind: 'choice',
        required: true,
        options: [
          { value: 'physical', text: 'Physical' },
          { value: 'sexual', text: 'Sexual' },
          { value: 'psychological', text: 'Psychological or emotional' },
          { value: 'financial', text: 'Financial or material' },
          { value: 'neglect', text: 'Neglect or acts of omission' },
          { value: 'discriminatory', text: 'Discriminatory' },
          { value: 'organisational', text: 'Organisational' },
          { value: 'other', text: 'Other' },
        ],
      },
      { name: 'safeguardingReferral', label: 'Has it been referred to the local authority safeguarding team?', kind: 'choice', required: true, options: yesNo() },
      what(),
    ],
  },
  {
    id: 'police',
    title: 'An incident reported to or investigated by the police',
    regulation: '18',
    description: 'Regulation 18(2)(f).',
    aboutPerson: false,
    priority: 'high',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date of the incident', kind: 'date', required: true },
      { name: 'policeReference', label: 'Police reference (if you have one)', kind: 'text', required: false, maxLength: 40 },
      what(),
    ],
  },
  {
    id: 'dols',
    title: 'Deprivation of Liberty Safeguards application and its outcome',
    regulation: '18',
    description: 'Regulation 18(4A) and (4B): a request to a supervisory body and what it decided.',
    aboutPerson: true,
    priority: 'routine',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date of the outcome', kind: 'date', required: true },
      { name: 'applicationDate', label: 'Date the application was made', kind: 'date', required: true },
      { name: 'dolsOutcome', label: 'Outcome', kind: 'choice', required: true, options: [{ value: 'authorised', text: 'Authorised' }, { value: 'not_authorised', text: 'Not authorised' }, { value: 'withdrawn', text: 'Withdrawn' }] },
    ],
  },
  {
    id: 'court_deprivation',
    title: 'An application to a court to deprive a person of their liberty',
    regulation: '18',
    description: 'Regulation 18: an application to the Court of Protection about depriving a person using the service of their liberty (where the Deprivation of Liberty Safeguards do not apply, for example in supported living), and its outcome.',
    aboutPerson: true,
    priority: 'routine',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date the application was made', kind: 'date', required: true },
      { name: 'courtOutcome', label: 'Outcome', kind: 'choice', required: true, options: [{ value: 'pending', text: 'Not decided yet' }, { value: 'authorised', text: 'Authorised' }, { value: 'not_authorised', text: 'Not authorised' }, { value: 'withdrawn', text: 'Withdrawn' }] },
      what('Why the application was made'),
    ],
  },
  {
    id: 'service_disruption',
    title: 'An event that stops the service running safely',
    regulation: '18',
    description: 'Regulation 18(2)(g): an event that prevents, or threatens to prevent, the service being provided safely.',
    aboutPerson: false,
    priority: 'high',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date it began', kind: 'date', required: true },
      {
        name: 'eventKind',
        label: 'What happened?',
        kind: 'choice',
        required: true,
        options: [
          { value: 'fire', text: 'Fire' },
          { value: 'flood', text: 'Flood' },
          { value: 'utilities', text: 'Loss of power, water or heating' },
          { value: 'staffing', text: 'Not enough staff to run safely' },
          { value: 'it', text: 'IT or records failure' },
          { value: 'other', text: 'Something else' },
        ],
      },
      what('What happened and how people are being kept safe'),
    ],
  },
  {
    id: 'child_in_adult_unit',
    title: 'A child in an adult psychiatric unit for more than 48 hours',
    regulation: '18',
    description: 'Regulation 18(2)(h), added in 2012.',
    aboutPerson: true,
    priority: 'high',
    dateField: 'eventDate',
    fields: [{ name: 'eventDate', label: 'Date of admission', kind: 'date', required: true }, what('Why the child was admitted to an adult unit, and the plan')],
  },
  {
    id: 'manager_absence',
    title: 'Absence of the registered manager for 28 days or more',
    regulation: '14',
    description: 'Regulation 14: planned absence in advance, unplanned absence as soon as it is known.',
    aboutPerson: false,
    priority: 'routine',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date the absence began (or will begin)', kind: 'date', required: true, mayBeFuture: true },
      { name: 'expectedReturn', label: 'Expected date of return', kind: 'date', required: false, mayBeFuture: true },
      { name: 'absenceReason', label: 'Reason for the absence', kind: 'choice', required: true, options: [{ value: 'planned_leave', text: 'Planned leave' }, { value: 'illness', text: 'Illness' }, { value: 'other', text: 'Other' }] },
      { name: 'arrangements', label: 'Arrangements for running the service during the absence', hint: 'Who is in charge, by role.', kind: 'textarea', required: true, maxLength: 3000 },
    ],
  },
  {
    id: 'manager_return',
    title: 'Return of the registered manager after an absence',
    regulation: '14',
    description: 'Regulation 14: the return from an absence we were told about.',
    aboutPerson: false,
    priority: 'routine',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date of return', kind: 'date', required: true },
      { name: 'absenceStarted', label: 'Date the absence began', kind: 'date', required: true },
    ],
  },
  {
    id: 'registered_details_change',
    title: 'A change to registered details',
    regulation: '15',
    description: 'Regulation 15 (and 12 for the statement of purpose).',
    aboutPerson: false,
    priority: 'routine',
    dateField: 'eventDate',
    fields: [
      { name: 'eventDate', label: 'Date the change takes effect', hint: 'Tell us before the change when you can: this date can be in the future.', kind: 'date', required: true, mayBeFuture: true },
      {
        name: 'changeKind',
        label: 'What is changing?',
        kind: 'choice',
        required: true,
        options: [
          { value: 'contact', text: 'Contact details' },
          { value: 'name', text: 'Name of the provider or a location' },
          { value: 'address', text: 'Address of the provider' },
          { value: 'statement_of_purpose', text: 'Statement of purpose' },
          { value: 'nominated_individual', text: 'Nominated individual, officers or directors' },
          { value: 'registered_manager', text: 'Registered manager' },
          { value: 'stopping_activity', text: 'Stopping a regulated activity' },
          { value: 'insolvency', text: 'Insolvency, a liquidator or a trustee' },
        ],
      },
      { name: 'changeDetails', label: 'Details of the change', kind: 'textarea', required: true, maxLength: 3000 },
    ],
  },
  {
    // CQC's notification types (domain.md 3.2, source S24) list it; the domain spec gives no regulation number (UNVERIFIED).
    id: 'death_registered_provider',
    title: 'Death of a registered provider',
    regulation: null,
    description: 'For the personal representatives of a registered provider who has died, or whoever now carries on the service. One of CQC’s notification types.',
    aboutPerson: false,
    // Not a death of a person using the service: high, like an event that stops the service running safely, because who runs it has changed.
    priority: 'high',
    dateField: 'eventDate',
    fields: [
      { name: 'registeredPersonName', label: 'Name of the registered provider who died', hint: 'As it appears on the register. Only the registered provider: do not name anyone who uses the service.', kind: 'text', required: true, maxLength: 200, namesAllowed: true },
      { name: 'eventDate', label: 'Date of death', kind: 'date', required: true },
      { name: 'carryingOnName', label: 'Who is now carrying on the regulated activity?', hint: 'The personal representative, or the person or organisation now running the service.', kind: 'text', required: true, maxLength: 200, namesAllowed: true },
      { name: 'carryingOnContact', label: 'Their telephone number or email address', kind: 'text', required: true, maxLength: 200, namesAllowed: true },
      { name: 'serviceContinues', label: 'Is the service continuing?', kind: 'choice', required: true, options: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No, it is closing or has closed' }, { value: 'not_known', text: 'Not known yet' }] },
      { name: 'whatHappened', label: 'Anything else we should know', hint: 'For example, the plans for the service. Do not name anyone who uses the service.', kind: 'textarea', required: false, maxLength: 1500 },
    ],
  },
];

/** Where the duty to notify comes from, for a caption or a receipt: the regulation, or CQC's list of notification types. */
export function notificationBasis(regulation: string | null): string {
  return regulation ? `regulation ${regulation} of the CQC (Registration) Regulations 2009` : "one of CQC's notification types (the regulation number is not yet confirmed)";
}

export function notificationType(id: string): NotificationType | undefined {
  return NOTIFICATION_TYPES.find((t) => t.id === id);
}

/** Types whose absence, over time, suggests a service is not telling us what it must (see expectedNotificationsGap). */
export const EXPECTED_NOTIFICATION_TYPES = ['death', 'serious_injury', 'abuse', 'dols', 'police'] as const;
