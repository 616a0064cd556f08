/**
 * The rating methods as versioned data: name, version, what it does and the rules it applies, in
 * the order it applies them. The engine quotes `name@version` in every result and the public page
 * lists these entries, so the description cannot drift from the code that cites it.
 */
export const METHOD_NAMES = ['saf-2023', 'saf-2024', 'local-authority', 'asc-principles', 'primary-medical', 'nhs-trust', 'regulations-met'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export interface MethodDescriptor {
  name: MethodName;
  version: string;
  title: string;
  appliesTo: string;
  summary: string;
  steps: readonly string[];
}

export const RATING_METHODS: readonly MethodDescriptor[] = [
  {
    name: 'saf-2023',
    version: '2023-11-21',
    title: 'Single assessment framework, evidence categories scored (until 2 December 2024)',
    appliesTo: 'A key question of a provider assessed before 2 December 2024',
    summary: 'Evidence-category scores build a quality statement score, and statement scores build the key question rating.',
    steps: [
      'Score each relevant evidence category for a quality statement from 1 to 4.',
      'Quality statement percentage = sum of category scores ÷ (categories × 4).',
      'Turn that percentage back into a statement score with the score bands.',
      'Key question percentage = sum of statement scores ÷ (statements assessed × 4); statements weigh the same.',
      'Turn the key question percentage into a rating with the same bands.',
    ],
  },
  {
    name: 'saf-2024',
    version: '2024-12-02',
    title: 'Single assessment framework, quality statements scored directly (from 2 December 2024)',
    appliesTo: 'A key question of a provider assessed from 2 December 2024',
    summary: 'Inspectors score each quality statement 1 to 4; evidence categories guide the evidence but are not scored.',
    steps: ['Score each assessed quality statement from 1 to 4.', 'Key question percentage = sum of statement scores ÷ (statements assessed × 4).', 'Turn the percentage into a rating with the score bands.'],
  },
  {
    name: 'local-authority',
    version: '2023-12-01',
    title: 'Local authority (Care Act) assessment',
    appliesTo: 'The overall rating of a local authority',
    summary: 'All nine quality statements, QS1 to QS9, are scored 1 to 4; the total out of 36 is banded.',
    steps: ['Score all nine quality statements from 1 to 4.', 'Overall percentage = total ÷ 36.', 'Turn the percentage into a rating with the score bands.'],
  },
  {
    name: 'asc-principles',
    version: '2022-05-12',
    title: 'Adult social care rating principles',
    appliesTo: 'The overall rating of an adult social care location, from its five key question ratings',
    summary: 'Rating limiters first, then the six principles, then the breach cap on the overall rating.',
    steps: [
      'A breach with a requirement notice limits the linked key question to Requires improvement at best.',
      'A breach with a warning notice or condition makes the linked key question Inadequate.',
      'Well-led is limited to Requires improvement when a registered manager is required but absent without satisfactory recruitment steps, another registration condition is unmet without good reason, statutory notifications were not sent, or a requested provider information return was not returned.',
      'After a focused inspection, new key question ratings combine with the existing ratings of the key questions not inspected; ratings inherited from a previous provider are not aggregated.',
      'Two or more Inadequate: Inadequate.',
      'Two or more Requires improvement: Requires improvement.',
      'Exactly one Inadequate and at most one Requires improvement (not covered by the published principles): Requires improvement by default.',
      'At least two Outstanding and the rest Good: Outstanding.',
      'No Inadequate and at most one Requires improvement: Good.',
      'Any breach of regulations: overall no better than Requires improvement.',
      'A care home that also provides homecare is not given an overall rating.',
    ],
  },
  {
    name: 'primary-medical',
    version: '2021-11-01',
    title: 'Primary medical services rating principles',
    appliesTo: 'The overall rating of a GP practice or other primary medical service (no population groups after October 2021)',
    summary: 'The same key question limiters as adult social care; the aggregation table was not retrieved, so the adult social care table is used (UNVERIFIED). No overall breach cap.',
    steps: [
      'A breach with a requirement notice limits the linked key question to Requires improvement at best.',
      'A breach with a warning notice or condition makes the linked key question Inadequate.',
      'Aggregate the five key questions with the adult social care table (UNVERIFIED for primary medical services).',
      'Inspectors may depart from the principles for the extent and impact of concerns; departures are recorded in the report.',
    ],
  },
  {
    name: 'nhs-trust',
    version: '2022-05-12',
    title: 'NHS trust rating principles and multi-level aggregation',
    appliesTo: 'NHS trusts: core service × key question → core service → location → trust',
    summary: 'Outstanding needs X underlying Outstanding ratings with the rest Good, where X depends on how many ratings are aggregated.',
    steps: [
      'Key questions and core services weigh the same, except significantly small services, which are left out.',
      'Acute trusts: key question × service → service rating; key question × location across services → location rating.',
      'Mental health, ambulance and community trusts have no location level.',
      'Trust well-led is assessed separately and not aggregated; single-location trusts reuse the trust well-led and overall ratings.',
      'Merged trusts are not aggregated for up to 2 years.',
    ],
  },
  {
    name: 'regulations-met',
    version: '2023-11-21',
    title: 'Services not rated by law',
    appliesTo: 'Primary dental care, children\'s homes, sexual assault referral centres, blood and transplant, hyperbaric oxygen therapy, medical laboratories, prisons, young offender institutions and immigration removal centres',
    summary: '"Regulations met" or "Not all regulations met" per evidence category, quality statement and key question; any "Not all regulations met" carries upward.',
    steps: ['Record "Regulations met" or "Not all regulations met" at the lowest level assessed.', 'Any "Not all regulations met" below makes the level above "Not all regulations met".'],
  },
];

export function methodDescriptor(name: MethodName): MethodDescriptor {
  const found = RATING_METHODS.find((m) => m.name === name);
  if (!found) throw new Error(`no rating method ${name}`);
  return found;
}

export function methodId(name: MethodName): string {
  return `${name}@${methodDescriptor(name).version}`;
}

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}
