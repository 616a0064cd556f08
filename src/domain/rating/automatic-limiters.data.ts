/**
 * Well-led limiters the rules engine raises by itself from what the regulator already knows, so
 * inspectors do not have to remember to tick them (issue 19). Versioned data: a change is a new
 * version, and every proposal names the version that fired.
 *
 * - "notifications not sent": the notification gap detection (notification-gaps.ts,
 *   NOTIFICATIONS_QUIET_MONTHS) flags the location. The well-led limiter is adult social care's
 *   (domain.md 1.5, a secondary source), so it applies only with the adult social care method.
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
  version: 'automatic-well-led-limiters@2026-12-06',
  rules: [{ limiter: 'notifications-not-sent', appliesTo: ['asc-principles'], label: 'secondary' }],
};

/** What the regulator knows about the service, for the automatic limiters. */
export interface AutomaticLimiterFacts {
  /** The notification gap check for the location (null when it was not run, e.g. not a care service). */
  notificationGap: { flagged: boolean; explanation: string } | null;
}

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
    if (rule.limiter !== 'notifications-not-sent' || !facts.notificationGap?.flagged) continue;
    if (!rule.appliesTo.includes(overallMethod)) {
      explanation.push(`${facts.notificationGap.explanation} The "notifications not sent" limit on well-led applies to adult social care only, so it does not change this rating.`);
      continue;
    }
    limiters.push(rule.limiter);
    explanation.push(`${facts.notificationGap.explanation} So well-led can be no better than Requires improvement: a service that does not send the notifications the law requires is not well-led.`);
  }
  return { limiters, explanation, version: rules.version };
}
