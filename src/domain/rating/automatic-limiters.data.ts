/**
 * Well-led limiters the rules engine raises by itself from what the regulator already knows, so
 * inspectors do not have to remember to tick them (issue 19). Versioned data: a change is a new
 * version, and every proposal names the version that fired.
 *
 * - "notifications not sent": the notification gap detection (notification-gaps.ts,
 *   NOTIFICATIONS_QUIET_MONTHS) flags the location. The well-led limiter is adult social care's
 *   (domain.md 1.5, a secondary source), so it applies only with the adult social care method.
 * - "requested information not returned": a provider information return requested of the service
 *   is past its deadline and still not submitted (information-returns.service.ts). Adult social
 *   care's limiter too (domain.md 1.5 (d), secondary).
 */
import type { OverallMethod } from './asc-principles.method.js';
import type { WellLedLimiter } from './rating-principles.data.js';

export interface AutomaticLimiterRule {
  limiter: WellLedLimiter;
  /** Overall methods (kinds of service) the limiter belongs to. */
  appliesTo: readonly OverallMethod[];
  label: 'verified' | 'secondary' | 'UNVERIFIED';
}

export interface AutomaticLimiterRuleSet {
  version: string;
  rules: readonly AutomaticLimiterRule[];
}

export const AUTOMATIC_WELL_LED_LIMITERS: AutomaticLimiterRuleSet = {
  version: 'automatic-well-led-limiters@2026-12-07',
  rules: [
    { limiter: 'notifications-not-sent', appliesTo: ['asc-principles'], label: 'secondary' },
    { limiter: 'pir-not-returned', appliesTo: ['asc-principles'], label: 'secondary' },
  ],
};

/** What the regulator knows about the service, for the automatic limiters. */
export interface AutomaticLimiterFacts {
  /** The notification gap check for the location (null when it was not run, e.g. not a care service). */
  notificationGap: { flagged: boolean; explanation: string } | null;
  /** A requested information return past its deadline and not submitted (null when none is). */
  informationReturnOverdue?: { explanation: string } | null;
}

const WHY: Record<'notifications-not-sent' | 'pir-not-returned', { name: string; because: string }> = {
  'notifications-not-sent': { name: 'notifications not sent', because: 'a service that does not send the notifications the law requires is not well-led' },
  'pir-not-returned': { name: 'requested information not returned', because: 'a service that does not return the information we ask for is not well-led' },
};

export interface AutomaticLimiterResult {
  limiters: WellLedLimiter[];
  /** Plain words for people: what was found and what it does to well-led. */
  explanation: string[];
  version: string;
}

export function automaticWellLedLimiters(overallMethod: OverallMethod, facts: AutomaticLimiterFacts, rules: AutomaticLimiterRuleSet = AUTOMATIC_WELL_LED_LIMITERS): AutomaticLimiterResult {
  const limiters: WellLedLimiter[] = [];
  const explanation: string[] = [];
  for (const rule of rules.rules) {
    const found = rule.limiter === 'notifications-not-sent' ? (facts.notificationGap?.flagged ? facts.notificationGap.explanation : null) : rule.limiter === 'pir-not-returned' ? (facts.informationReturnOverdue?.explanation ?? null) : null;
    if (!found || (rule.limiter !== 'notifications-not-sent' && rule.limiter !== 'pir-not-returned')) continue;
    const why = WHY[rule.limiter];
    if (!rule.appliesTo.includes(overallMethod)) {
      explanation.push(`${found} The "${why.name}" limit on well-led applies to adult social care only, so it does not change this rating.`);
      continue;
    }
    limiters.push(rule.limiter);
    explanation.push(`${found} So well-led can be no better than Requires improvement: ${why.because}.`);
  }
  return { limiters, explanation, version: rules.version };
}
