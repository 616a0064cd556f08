/**
 * Dates and times for people, the GOV.UK way: the one place that turns a date or an instant
 * into words a person reads (pages, emails, hints, error messages, PDFs).
 *
 * - "5 December 2026", "Tuesday 10 March 2026"
 * - "7 and 8 October 2025", "7 to 9 October 2025", "30 September to 2 October 2025"
 * - "2:30pm", "11am", "midday", "midnight"
 * - a time zone only where it matters: "11:59pm UK time on 10 March 2026"
 *
 * Calendar dates ("2026-12-05") are days, not instants: they are never shifted by a time zone.
 * Instants (a Date, or an ISO timestamp with a time) are shown in UK time (Europe/London).
 * Pure: no clock, no I/O.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const UK_TIME_ZONE = 'Europe/London';

/** A day in the UK calendar, with the time of day when the value was an instant. */
interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number | null; // 0-23, null for a calendar date
  minute: number | null;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function partsOf(value: string | Date): Parts | null {
  if (typeof value === 'string') {
    const m = CALENDAR_DATE.exec(value.trim());
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!isRealDate(year, month, day)) return null;
      return { year, month, day, hour: null, minute: null };
    }
  }
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return null;
  const p = londonParts.formatToParts(d);
  const get = (t: string) => Number(p.find((x) => x.type === t)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

/** True when day, month and year name a day that exists (31 February does not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function weekday(p: Parts): string {
  return WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()] as string;
}

type DateInput = string | Date | null | undefined;

/** "5 December 2026". '' for no value or a value that is not a date. */
export function formatDate(value: DateInput): string {
  const p = value ? partsOf(value) : null;
  return p ? `${p.day} ${MONTHS[p.month - 1]} ${p.year}` : '';
}

/** "Tuesday 10 March 2026" (GOV.UK: no comma). */
export function formatDateWithDay(value: DateInput): string {
  const p = value ? partsOf(value) : null;
  return p ? `${weekday(p)} ${p.day} ${MONTHS[p.month - 1]} ${p.year}` : '';
}

/** "March 2026". */
export function formatMonthYear(value: DateInput): string {
  const p = value ? partsOf(value) : null;
  return p ? `${MONTHS[p.month - 1]} ${p.year}` : '';
}

/** "2:30pm", "11am", "midday", "midnight" for an hour (0-23) and minute. */
export function formatClock(hour: number, minute: number): string {
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  return minute === 0 ? `${h12}${suffix}` : `${h12}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** The UK time of day of an instant: "2:30pm", "midday". */
export function formatTime(value: DateInput): string {
  const p = value ? partsOf(value) : null;
  if (!p || p.hour === null || p.minute === null) return '';
  return formatClock(p.hour, p.minute);
}

/** "5 December 2026 at 2:30pm" (UK time); a calendar date gives just the date. */
export function formatDateTime(value: DateInput, opts: { withDay?: boolean; zone?: boolean } = {}): string {
  const p = value ? partsOf(value) : null;
  if (!p) return '';
  const date = opts.withDay ? formatDateWithDay(value) : formatDate(value);
  if (p.hour === null || p.minute === null) return date;
  return `${date} at ${formatClock(p.hour, p.minute)}${opts.zone ? ' UK time' : ''}`;
}

/** A deadline, where the time zone matters: "11:59pm UK time on Tuesday 10 March 2026". */
export function formatDeadline(value: DateInput): string {
  const p = value ? partsOf(value) : null;
  if (!p) return '';
  if (p.hour === null || p.minute === null) return formatDateWithDay(value);
  return `${formatClock(p.hour, p.minute)} UK time on ${formatDateWithDay(value)}`;
}

/** "7 and 8 October 2025", "7 to 9 October 2025", "30 September to 2 October 2025", "30 December 2025 to 2 January 2026". */
export function formatDateRange(from: DateInput, to: DateInput): string {
  const a = from ? partsOf(from) : null;
  const b = to ? partsOf(to) : null;
  if (!a && !b) return '';
  if (!a || !b) return formatDate(a ? from : to);
  const same = a.year === b.year && a.month === b.month && a.day === b.day;
  if (same) return formatDate(from);
  const nextDay = new Date(Date.UTC(a.year, a.month - 1, a.day + 1));
  const consecutive = nextDay.getUTCFullYear() === b.year && nextDay.getUTCMonth() === b.month - 1 && nextDay.getUTCDate() === b.day;
  if (a.year !== b.year) return `${formatDate(from)} to ${formatDate(to)}`;
  if (a.month !== b.month) return `${a.day} ${MONTHS[a.month - 1]} to ${b.day} ${MONTHS[b.month - 1]} ${b.year}`;
  return `${a.day} ${consecutive ? 'and' : 'to'} ${b.day} ${MONTHS[b.month - 1]} ${b.year}`;
}

/** The UK calendar date of an instant, as YYYY-MM-DD (for storage and comparison, never for people). */
export function ukCalendarDate(instant: Date): string {
  const p = partsOf(instant);
  if (!p) return '';
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * Replace every ISO date or timestamp inside free text with words ("2026-12-01" → "1 December 2026").
 * For text assembled elsewhere (explanations, audit notes) before a person reads it.
 */
export function humaniseIsoDates(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\b/g, (whole, date: string, hh?: string, mm?: string, zone?: string) => {
    if (hh === undefined) return formatDate(date) || whole;
    if (zone) return formatDateTime(whole) || whole;
    const day = formatDate(date);
    return day ? `${day} at ${formatClock(Number(hh), Number(mm))}` : whole;
  });
}
