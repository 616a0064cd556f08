/**
 * Every rule domain.md marks UNVERIFIED is a named option here, with its default, the values it
 * can take and why. Methods name the option in their explanation whenever it decides an outcome,
 * and the public page lists this table.
 */
export interface OptionDefinition<V extends string = string> {
  id: string;
  title: string;
  values: readonly V[];
  defaultValue: V;
  meaning: Readonly<Record<V, string>>;
  why: string;
}

export const BAND_ROUNDINGS = ['half-up', 'floor', 'over'] as const;
export type BandRounding = (typeof BAND_ROUNDINGS)[number];

export const ONE_INADEQUATE_OUTCOMES = ['Requires improvement', 'Inadequate'] as const;
export type OneInadequateOutcome = (typeof ONE_INADEQUATE_OUTCOMES)[number];

export const STATEMENT_ONE_CAPS = ['off', 'cap-requires-improvement'] as const;
export type StatementOneCap = (typeof STATEMENT_ONE_CAPS)[number];

export const ESCALATED_POWER_EFFECTS = ['inadequate', 'requires-improvement'] as const;
export type EscalatedPowerEffect = (typeof ESCALATED_POWER_EFFECTS)[number];

export const UNRATED_KEY_QUESTION_POLICIES = ['no-overall', 'rate-from-rated'] as const;
export type UnratedKeyQuestionPolicy = (typeof UNRATED_KEY_QUESTION_POLICIES)[number];

export const NHS_LOWER_ROWS = ['scaled', 'fixed-two'] as const;
export type NhsLowerRows = (typeof NHS_LOWER_ROWS)[number];

export const PROVIDER_OVERALL_STRATEGIES = ['principles', 'pooled-percentage'] as const;
export type ProviderOverallStrategy = (typeof PROVIDER_OVERALL_STRATEGIES)[number];

export interface RatingOptions {
  bandRounding: BandRounding;
  oneInadequateOutcome: OneInadequateOutcome;
  /** Required when oneInadequateOutcome departs from the default. */
  oneInadequateRationale?: string;
  statementScoreOneCap: StatementOneCap;
  escalatedPowerEffect: EscalatedPowerEffect;
  unratedKeyQuestions: UnratedKeyQuestionPolicy;
  nhsLowerRows: NhsLowerRows;
  providerOverallStrategy: ProviderOverallStrategy;
}

export const BAND_ROUNDING_OPTION: OptionDefinition<BandRounding> = {
  id: 'bandRounding',
  title: 'Rounding a percentage at a band edge',
  values: BAND_ROUNDINGS,
  defaultValue: 'half-up',
  meaning: {
    'half-up': 'Round to the nearest whole percent, halves up, then band (62.5% counts as 63%)',
    floor: 'Drop the fraction, then band (62.5% counts as 62%)',
    over: 'Compare the exact percentage with "over 38%", "over 62%", "over 87%" (62.5% is over 62%)',
  },
  why: 'CQC publishes whole-number bands (25–38, 39–62, 63–87, 88–100) but not how a fraction such as 62.5% is treated (domain.md 1.4).',
};

export const ONE_INADEQUATE_OPTION: OptionDefinition<OneInadequateOutcome> = {
  id: 'oneInadequateOutcome',
  title: 'Overall rating with exactly one Inadequate key question and at most one Requires improvement',
  values: ONE_INADEQUATE_OUTCOMES,
  defaultValue: 'Requires improvement',
  meaning: {
    'Requires improvement': 'Requires improvement, which is what CQC publishes in practice',
    Inadequate:
      'Inadequate (needs a recorded rationale). Beware: with principle 5 this rates one Inadequate plus one Requires improvement worse than one Inadequate plus two, so improving a key question can lower the overall',
  },
  why: 'The adult social care rating principles do not cover this combination (domain.md 1.6).',
};

export const STATEMENT_ONE_CAP_OPTION: OptionDefinition<StatementOneCap> = {
  id: 'statementScoreOneCap',
  title: 'A quality statement with a score of 1 caps its key question',
  values: STATEMENT_ONE_CAPS,
  defaultValue: 'off',
  meaning: { off: 'No cap: the percentage alone decides', 'cap-requires-improvement': 'The key question can be no better than Requires improvement' },
  why: 'Described by commentators but not found in CQC text (domain.md 1.5).',
};

export const ESCALATED_POWER_OPTION: OptionDefinition<EscalatedPowerEffect> = {
  id: 'escalatedPowerEffect',
  title: 'Effect of suspension, cancellation, urgent action or special measures on the linked key question',
  values: ESCALATED_POWER_EFFECTS,
  defaultValue: 'inadequate',
  meaning: { inadequate: 'Treated like a warning notice or condition: the linked key question is Inadequate', 'requires-improvement': 'Treated like a requirement notice: capped at Requires improvement' },
  why: 'CQC states the effect only for requirement notices, warning notices and conditions (domain.md 1.5).',
};

export const UNRATED_KEY_QUESTIONS_OPTION: OptionDefinition<UnratedKeyQuestionPolicy> = {
  id: 'unratedKeyQuestions',
  title: 'Overall rating when a key question has no rating',
  values: UNRATED_KEY_QUESTION_POLICIES,
  defaultValue: 'no-overall',
  meaning: { 'no-overall': 'No overall rating: Not rated (or Insufficient evidence to rate)', 'rate-from-rated': 'Apply the principles to the key questions that are rated' },
  why: 'The principles assume all five key questions are rated; the published principles do not say what happens otherwise.',
};

export const NHS_LOWER_ROWS_OPTION: OptionDefinition<NhsLowerRows> = {
  id: 'nhsLowerRows',
  title: 'NHS trust aggregation: the Requires improvement and Inadequate rows',
  values: NHS_LOWER_ROWS,
  defaultValue: 'scaled',
  meaning: {
    scaled: 'Inadequate when at least X underlying ratings are Inadequate; Requires improvement when any is Inadequate or at least X are Requires improvement (X from the Outstanding table)',
    'fixed-two': 'As the adult social care principles: two Inadequate make Inadequate, two Requires improvement (or one Inadequate) make Requires improvement',
  },
  why: 'Only the Outstanding row of the NHS trust table was available (domain.md 1.6).',
};

export const PROVIDER_OVERALL_OPTION: OptionDefinition<ProviderOverallStrategy> = {
  id: 'providerOverallStrategy',
  title: 'Provider overall rating under the single assessment framework',
  values: PROVIDER_OVERALL_STRATEGIES,
  defaultValue: 'principles',
  meaning: { principles: 'Aggregate the key-question ratings with the rating principles', 'pooled-percentage': 'Pool all statement scores into one percentage and band it, as for local authorities' },
  why: 'Whether providers use pooled percentages or the principles is not published (domain.md 1.6).',
};

export const OPTION_DEFINITIONS: readonly OptionDefinition[] = [
  BAND_ROUNDING_OPTION,
  ONE_INADEQUATE_OPTION,
  STATEMENT_ONE_CAP_OPTION,
  ESCALATED_POWER_OPTION,
  UNRATED_KEY_QUESTIONS_OPTION,
  NHS_LOWER_ROWS_OPTION,
  PROVIDER_OVERALL_OPTION,
] as OptionDefinition[];

export const DEFAULT_RATING_OPTIONS: Readonly<RatingOptions> = {
  bandRounding: BAND_ROUNDING_OPTION.defaultValue,
  oneInadequateOutcome: ONE_INADEQUATE_OPTION.defaultValue,
  statementScoreOneCap: STATEMENT_ONE_CAP_OPTION.defaultValue,
  escalatedPowerEffect: ESCALATED_POWER_OPTION.defaultValue,
  unratedKeyQuestions: UNRATED_KEY_QUESTIONS_OPTION.defaultValue,
  nhsLowerRows: NHS_LOWER_ROWS_OPTION.defaultValue,
  providerOverallStrategy: PROVIDER_OVERALL_OPTION.defaultValue,
};

/** "(UNVERIFIED option bandRounding = half-up, the default)" */
export function optionNote(option: OptionDefinition, value: string): string {
  return `(UNVERIFIED option ${option.id} = ${value}${value === option.defaultValue ? ', the default' : ''})`;
}
