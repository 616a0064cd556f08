/** Latest re-inspection date by rating (domain.md 5), configurable per sector. */
import type { KeyQuestion } from '../vocabulary/key-questions.js';
import { keyQuestionName } from '../vocabulary/key-questions.js';
import { err, ok, type Result } from '../shared/result.js';
import { addMonths, formatLongDate, parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { DEFAULT_REINSPECTION_INTERVALS, type ReinspectionIntervals, type ReinspectionSector } from './deadline-rules.data.js';

type Rating = keyof ReinspectionIntervals['months'];

export interface ReinspectionInput {
  sector: ReinspectionSector;
  /** Date the rating was published; for a new registration, the registration date. */
  from: CalendarDate;
  overall: Rating | 'new-registration';
  keyQuestions?: Partial<Record<KeyQuestion, string | null>>;
}

export interface Reinspection {
  latest: CalendarDate;
  months: number;
  explanation: string[];
}

export function latestReinspection(input: ReinspectionInput, table: readonly ReinspectionIntervals[] = DEFAULT_REINSPECTION_INTERVALS): Result<Reinspection> {
  const from = parseCalendarDate(input.from);
  if (!from.ok) return from;
  const intervals = table.find((t) => t.sector === input.sector);
  if (!intervals) return err(`no re-inspection intervals for sector ${input.sector}`);
  const explanation: string[] = [];
  let months: number;
  if (input.overall === 'new-registration') {
    months = intervals.newRegistrationMonths;
    explanation.push(`${intervals.title}: a new registration is normally inspected within ${months} months.`);
  } else {
    months = intervals.months[input.overall];
    explanation.push(`${intervals.title}: rated ${input.overall}, re-inspect within ${months} months.`);
    const inadequate = Object.entries(input.keyQuestions ?? {}).filter(([, r]) => r?.toLowerCase() === 'inadequate').map(([k]) => keyQuestionName(k as KeyQuestion));
    if (input.overall === 'Requires improvement' && intervals.inadequateKeyQuestionRule && inadequate.length > 0) {
      months = intervals.months.Inadequate;
      explanation.push(`Requires improvement overall with ${inadequate.join(', ')} Inadequate: re-inspect within ${months} months.`);
    }
  }
  const latest = addMonths(from.value, months);
  explanation.push(`Latest re-inspection: ${formatLongDate(latest)}.`);
  return ok({ latest, months, explanation });
}
