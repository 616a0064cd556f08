/**
 * Feedback that suggests someone is at risk goes to urgent triage (issue 8). The phrases are
 * versioned data: a change of list is a new version, and each flag records the version that
 * raised it, with the phrases it found, so an inspector can see why.
 */
export const RISK_RULE_VERSION = 'feedback-risk/1';

export const RISK_CATEGORIES = ['harm', 'abuse', 'neglect', 'self-harm or suicide', 'unsafe care'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export interface RiskPhrase {
  /** Shown to the inspector. */
  phrase: string;
  category: RiskCategory;
  /** Matched as whole words, case-insensitive; spaces match any run of whitespace or hyphens. */
  pattern: string;
}

export const RISK_PHRASES: readonly RiskPhrase[] = [
  { phrase: 'harm', category: 'harm', pattern: 'harm(ed|ing|s)?' },
  { phrase: 'hurt', category: 'harm', pattern: 'hurt(s|ing)?' },
  { phrase: 'injured', category: 'harm', pattern: 'injur(ed|y|ies)' },
  { phrase: 'assault', category: 'abuse', pattern: 'assault(ed|s)?' },
  { phrase: 'abuse', category: 'abuse', pattern: 'abus(e|ed|es|ing|ive)' },
  { phrase: 'hit', category: 'abuse', pattern: '(hit|slapped|punched|pushed) (me|him|her|them|my)' },
  { phrase: 'neglect', category: 'neglect', pattern: 'neglect(ed|ing|ful)?' },
  { phrase: 'left alone for hours', category: 'neglect', pattern: 'left (alone|unattended) for hours' },
  { phrase: 'not fed', category: 'neglect', pattern: 'not (been )?(fed|given (any )?(food|water|fluids))' },
  { phrase: 'suicide', category: 'self-harm or suicide', pattern: 'suicid(e|al)' },
  { phrase: 'self-harm', category: 'self-harm or suicide', pattern: 'self harm(ing)?' },
  { phrase: 'kill myself', category: 'self-harm or suicide', pattern: '(kill|end) (myself|himself|herself|themselves|my life)' },
  { phrase: 'not safe', category: 'unsafe care', pattern: '(not|never) (feel )?safe' },
  { phrase: 'unsafe', category: 'unsafe care', pattern: 'unsafe' },
  { phrase: 'in danger', category: 'unsafe care', pattern: '(in|at) (danger|risk)' },
  { phrase: 'dangerous', category: 'unsafe care', pattern: 'dangerous(ly)?' },
];

export interface RiskMatch {
  phrase: string;
  category: RiskCategory;
  /** The words as written, so the inspector can find them in the text. */
  found: string;
}

export interface RiskAssessment {
  flagged: boolean;
  matches: RiskMatch[];
  version: string;
  explanation: string;
}

function compile(p: RiskPhrase): RegExp {
  const body = p.pattern.replace(/ /g, '[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

const COMPILED = RISK_PHRASES.map((p) => ({ phrase: p, re: compile(p) }));

/** Flags text for urgent triage when any risk phrase appears in it. */
export function assessRisk(text: string): RiskAssessment {
  const matches: RiskMatch[] = [];
  for (const { phrase, re } of COMPILED) {
    const m = re.exec(text);
    if (m) matches.push({ phrase: phrase.phrase, category: phrase.category, found: m[0] });
  }
  const flagged = matches.length > 0;
  return {
    flagged,
    matches,
    version: RISK_RULE_VERSION,
    explanation: flagged
      ? `Flagged for urgent triage (${RISK_RULE_VERSION}): it mentions ${matches.map((m) => `"${m.found}" (${m.category})`).join(', ')}.`
      : `No risk phrases found (${RISK_RULE_VERSION}): triage in the usual order.`,
  };
}
