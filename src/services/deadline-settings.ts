/**
 * Deadline rules whose length domain.md marks UNVERIFIED are settings, not constants: the
 * configured length for each, to pass to computeDeadline (which names the setting in the
 * explanation when it differs from the rules data).
 */
import type { Config } from '../config.js';
import type { DeadlineRuleId } from '../domain/deadlines/deadline-rules.data.js';
import type { DeadlineOverride } from '../domain/deadlines/statutory-deadlines.js';

export function configuredDeadlineLength(config: Pick<Config, 'actionPlanDays' | 'requirementNoticeActionPlanDays'>, rule: DeadlineRuleId): DeadlineOverride | undefined {
  if (rule === 'report-action-plan') return { amount: config.actionPlanDays, source: 'the ACTION_PLAN_DAYS setting' };
  if (rule === 'requirement-notice-action-plan') return { amount: config.requirementNoticeActionPlanDays, source: 'the REQUIREMENT_NOTICE_ACTION_PLAN_DAYS setting' };
  return undefined;
}
