/**
 * Dates that make no sense: a due date already past when it is set (an evidence request, an
 * action, a visit), or a record of something "held" in the future (a briefing held tomorrow).
 * Today is allowed both ways. Pure: today arrives from the caller (London date).
 */
import { err, ok, type Result } from './result.js';
import { formatDate } from './dates.js';

export type DateRule = 'not_in_past' | 'not_in_future';

/** YYYY-MM-DD of a date or instant, compared as text (ISO dates sort as text). */
export function checkDateRule(rule: DateRule, date: string, today: string, what: string): Result<string, string> {
  const day = date.slice(0, 10);
  if (rule === 'not_in_past' && day < today) return err(`${what} must be today or in the future: ${formatDate(day)} has passed`);
  if (rule === 'not_in_future' && day > today) return err(`${what} cannot be in the future: today is ${formatDate(today)}`);
  return ok(day);
}
