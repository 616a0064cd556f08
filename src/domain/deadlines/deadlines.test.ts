import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAY_FIRST_YEAR, BANK_HOLIDAY_LAST_YEAR, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.data.js';
import { addDays, addMonths, dayOfWeek, isWeekend } from './calendar-date.js';
import { DEFAULT_REINSPECTION_INTERVALS } from './deadline-rules.data.js';
import { endOfLondonDay, londonDate } from './london-time.js';
import { latestReinspection } from './reinspection.js';
import { computeDeadline, factualAccuracyDue, noticeOfProposalRepresentationsDue, ratingsDisplayDue, regulationResponseDue, tribunalAppealDue, warningNoticeRepresentationsDue } from './statutory-deadlines.js';
import { addWorkingDays, isWorkingDay } from './working-days.js';

/** Anonymous Gregorian computus: Easter Sunday. */
function easterSunday(y: number): string {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const years = Array.from({ length: BANK_HOLIDAY_LAST_YEAR - BANK_HOLIDAY_FIRST_YEAR + 1 }, (_, i) => BANK_HOLIDAY_FIRST_YEAR + i);
const holidaysIn = (y: number) => ENGLAND_AND_WALES_BANK_HOLIDAYS.filter(([d]) => d.startsWith(`${y}-`));

describe('bank holidays data, England and Wales 2014–2030', () => {
  it.each(years)('%i: Good Friday and Easter Monday match the computus', (y) => {
    const easter = easterSunday(y);
    expect(holidaysIn(y).find(([, n]) => n === 'Good Friday')?.[0]).toBe(addDays(easter, -2));
    expect(holidaysIn(y).find(([, n]) => n === 'Easter Monday')?.[0]).toBe(addDays(easter, 1));
  });

  it.each(years)('%i: no bank holiday falls at a weekend, and the count is right', (y) => {
    expect(holidaysIn(y).filter(([d]) => isWeekend(d))).toEqual([]);
    expect(holidaysIn(y)).toHaveLength(y === 2022 ? 10 : y === 2023 ? 9 : 8);
  });

  it.each([
    ['2015-12-28', 'Boxing Day (substitute day)'],
    ['2016-12-27', 'Christmas Day (substitute day)'],
    ['2017-01-02', "New Year's Day (substitute day)"],
    ['2020-05-08', 'Early May bank holiday (VE day)'],
    ['2020-12-28', 'Boxing Day (substitute day)'],
    ['2021-12-27', 'Christmas Day (substitute day)'],
    ['2021-12-28', 'Boxing Day (substitute day)'],
    ['2022-01-03', "New Year's Day (substitute day)"],
    ['2022-06-02', 'Spring bank holiday'],
    ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
    ['2026-12-28', 'Boxing Day (substitute day)'],
    ['2027-12-27', 'Christmas Day (substitute day)'],
    ['2028-01-03', "New Year's Day (substitute day)"],
  ])('%s is %s', (date, name) => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.find(([d]) => d === date)?.[1]).toBe(name);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each(['2020-05-04', '2022-05-30', '2023-05-30', '2022-09-20'])('%s is a working day', (date) => {
    expect(isWorkingDay(date)).toBe(true);
  });
});

describe('Europe/London end of day', () => {
  it.each([
    ['2024-01-15', '2024-01-15T23:59:59.999Z'],
    ['2024-03-30', '2024-03-30T23:59:59.999Z'],
    ['2024-03-31', '2024-03-31T22:59:59.999Z'],
    ['2024-07-01', '2024-07-01T22:59:59.999Z'],
    ['2024-10-26', '2024-10-26T22:59:59.999Z'],
    ['2024-10-27', '2024-10-27T23:59:59.999Z'],
    ['2025-03-30', '2025-03-30T22:59:59.999Z'],
  ])('%s ends at %s', (date, instant) => {
    expect(endOfLondonDay(date).toISOString()).toBe(instant);
  });

  it.each([
    ['2024-05-31T23:30:00Z', '2024-06-01'],
    ['2024-01-10T23:30:00Z', '2024-01-10'],
    ['2024-03-31T00:59:59Z', '2024-03-31'],
    ['2024-10-26T23:00:00Z', '2024-10-27'],
  ])('%s is %s in London', (instant, date) => {
    expect(londonDate(new Date(instant))).toBe(date);
  });

  it('agrees with Intl for every hour of a year', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2014, 0, 1), max: Date.UTC(2030, 11, 31) }), (ms) => {
        expect(londonDate(new Date(ms))).toBe(fmt.format(new Date(ms)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('working-day deadlines: day 0 is the sending day', () => {
  it.each([
    ['a plain fortnight', '2024-06-03', '2024-06-17', '2024-06-17T22:59:59.999Z'],
    ['sent on a Saturday', '2024-06-01', '2024-06-14', '2024-06-14T22:59:59.999Z'],
    ['across Easter 2024', '2024-03-21', '2024-04-08', '2024-04-08T22:59:59.999Z'],
    ['sent on Good Friday 2025', '2025-04-18', '2025-05-06', '2025-05-06T22:59:59.999Z'],
    ['across Christmas and New Year 2021/22', '2021-12-17', '2022-01-05', '2022-01-05T23:59:59.999Z'],
    ['across the year end 2025/26', '2025-12-17', '2026-01-05', '2026-01-05T23:59:59.999Z'],
    ['across the Platinum Jubilee', '2022-06-01', '2022-06-17', '2022-06-17T22:59:59.999Z'],
    ["across the Queen's funeral", '2022-09-12', '2022-09-27', '2022-09-27T22:59:59.999Z'],
    ['across the coronation', '2023-04-28', '2023-05-16', '2023-05-16T22:59:59.999Z'],
    ['across VE day 2020', '2020-05-04', '2020-05-19', '2020-05-19T22:59:59.999Z'],
    ['into the clocks going back', '2024-10-14', '2024-10-28', '2024-10-28T23:59:59.999Z'],
  ])('factual accuracy: %s (sent %s) is due %s', (_name, sent, due, instant) => {
    const r = factualAccuracyDue(sent);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.due).toBe(due);
    expect(r.value.dueBy.toISOString()).toBe(instant);
  });

  it('names the bank holidays it skipped', () => {
    const r = factualAccuracyDue('2024-03-21');
    expect(r.ok && r.value.explanation).toEqual(expect.arrayContaining(['Skipped Friday 29 March 2024: Good Friday (England and Wales bank holiday).', 'Skipped Monday 1 April 2024: Easter Monday (England and Wales bank holiday).']));
  });

  it('counts from the London date of the email, not the UTC date', () => {
    const r = factualAccuracyDue(new Date('2024-05-31T23:30:00Z'));
    expect(r.ok && r.value.start).toBe('2024-06-01');
    expect(r.ok && r.value.due).toBe('2024-06-14');
  });

  it('warning notice representations use the same 10 working days', () => {
    const a = warningNoticeRepresentationsDue('2021-12-17');
    expect(a.ok && a.value.due).toBe('2022-01-05');
  });

  it('fails clearly past the years it has bank holiday data for', () => {
    const r = factualAccuracyDue('2030-12-20');
    expect(!r.ok && r.error).toContain('no England and Wales bank holiday data for 2031');
  });

  it('rejects a date that does not exist', () => {
    expect(computeDeadline('ratings-display', '2023-02-29').ok).toBe(false);
  });

  it('a working-day deadline is always a working day, exactly n working days later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 30 }), (offset, n) => {
        const start = addDays('2014-01-01', offset);
        const r = addWorkingDays(start, n);
        if (!r.ok) throw new Error(r.error);
        expect(isWorkingDay(r.value.date)).toBe(true);
        let count = 0;
        for (let d = addDays(start, 1); d <= r.value.date; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
        expect(count).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendar-day deadlines', () => {
  it.each([
    ['notice of proposal representations', () => noticeOfProposalRepresentationsDue('2024-01-31'), '2024-02-28'],
    ['tribunal appeal across a leap day', () => tribunalAppealDue('2024-02-01'), '2024-02-29'],
    ['ratings display across the year end', () => ratingsDisplayDue('2024-12-20'), '2025-01-10'],
    ['Regulation 17(3) response', () => regulationResponseDue('17(3)', '2025-03-10'), '2025-04-07'],
    ['Regulation 16(3) response over Christmas', () => regulationResponseDue('16(3)', '2025-12-10'), '2026-01-07'],
    ['action plan after a published report (Stopsley, published 10 February 2026)', () => computeDeadline('report-action-plan', '2026-02-10'), '2026-03-10'],
  ])('%s', (_name, compute, due) => {
    const r = compute();
    expect(r.ok && r.value.due).toBe(due);
  });

  it.each([
    [28, '2026-03-10', /28 days from the date the report was published \(deadlines@2026-12-01\)\./],
    [42, '2026-03-24', /42 days from the date the report was published \(deadlines@2026-12-01; 42 instead of 28 by the ACTION_PLAN_DAYS setting\)\./],
  ])('an UNVERIFIED length set by configuration (%i days) is used and named in the explanation', (amount, due, explained) => {
    const r = computeDeadline('report-action-plan', '2026-02-10', undefined, { amount, source: 'the ACTION_PLAN_DAYS setting' });
    expect(r.ok && r.value.due).toBe(due);
    expect(r.ok && r.value.explanation[0]).toMatch(explained);
  });

  it('refuses a configured length that is not a whole number above 0', () => {
    const r = computeDeadline('report-action-plan', '2026-02-10', undefined, { amount: 0, source: 'the ACTION_PLAN_DAYS setting' });
    expect(!r.ok && r.error).toMatch(/must be a whole number above 0/);
  });

  it('the action plan after a report is explained from the publication date, not from a requirement notice', () => {
    const r = computeDeadline('report-action-plan', '2026-02-10');
    expect(r.ok && r.value.explanation[0]).toBe("Action plan in response to the published report's recommendations and breaches: 28 days from the date the report was published (deadlines@2026-12-01).");
    expect(r.ok && r.value.explanation.join(' ')).not.toMatch(/requirement notice/);
  });
});

describe('latest re-inspection', () => {
  it.each([
    ['gp-and-urgent-care', 'Inadequate', '2024-08-31', {}, '2025-02-28'],
    ['gp-and-urgent-care', 'Requires improvement', '2024-01-15', {}, '2025-01-15'],
    ['gp-and-urgent-care', 'Requires improvement', '2024-01-15', { safe: 'Inadequate' }, '2024-07-15'],
    ['gp-and-urgent-care', 'Good', '2020-02-29', {}, '2025-02-28'],
    ['gp-and-urgent-care', 'Outstanding', '2019-06-01', {}, '2024-06-01'],
    ['adult-social-care', 'Good', '2023-05-31', {}, '2025-11-30'],
    ['adult-social-care', 'Requires improvement', '2024-01-15', { safe: 'Inadequate' }, '2025-01-15'],
    ['adult-social-care', 'new-registration', '2024-03-01', {}, '2025-03-01'],
  ] as const)('%s rated %s on %s %o: by %s', (sector, overall, from, keyQuestions, latest) => {
    const r = latestReinspection({ sector, overall, from, keyQuestions });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.latest).toBe(latest);
  });

  it('is configurable per sector', () => {
    const table = DEFAULT_REINSPECTION_INTERVALS.map((t) => (t.sector === 'adult-social-care' ? { ...t, months: { ...t.months, Good: 24 } } : t));
    const r = latestReinspection({ sector: 'adult-social-care', overall: 'Good', from: '2024-01-15' }, table);
    expect(r.ok && r.value.latest).toBe('2026-01-15');
  });

  it('adds months clamped to the end of the month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-12-31', 2)).toBe('2024-02-29');
    expect(dayOfWeek('2024-06-01')).toBe(6);
  });
});
