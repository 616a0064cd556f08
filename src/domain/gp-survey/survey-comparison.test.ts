import { describe, expect, it } from 'vitest';
import { compareWith, comparePractice, weightedFigure, type SurveyFigure } from './survey-comparison.js';
import { parseSurveyMapping, readSurveyRow } from './survey-mapping.js';

const fig = (percentage: number | null, responses: number, suppressed = false): SurveyFigure => ({ percentage, responses, suppressed });
const ENGLAND = fig(75, 700_000);

describe('two-proportion z-test against the rest of the comparator (gpps-comparison/1)', () => {
  it.each([
    // practice, comparator, higher is better, difference, judgement
    ['15 points below England with 400 responses', fig(60, 400), ENGLAND, true, 'lower', 'worse'],
    ['5 points below England with 300 responses', fig(70, 300), ENGLAND, true, 'lower', 'worse'],
    ['2 points below England with 300 responses', fig(73, 300), ENGLAND, true, 'no-significant-difference', 'similar'],
    ['15 points below with only 20 responses', fig(60, 20), ENGLAND, true, 'no-significant-difference', 'similar'],
    ['10 points above with 300 responses', fig(85, 300), ENGLAND, true, 'higher', 'better'],
    ['higher where lower is better', fig(85, 300), ENGLAND, false, 'higher', 'worse'],
    ['exactly the average', fig(75, 300), ENGLAND, true, 'no-significant-difference', 'similar'],
    ['a suppressed practice result', fig(null, 8, true), ENGLAND, true, 'not-compared', null],
    ['no comparator figure', fig(60, 400), fig(null, 0, true), true, 'not-compared', null],
  ] as const)('%s', (_name, practice, comparator, higherIsBetter, difference, judgement) => {
    const r = compareWith(practice, comparator, higherIsBetter, 'England');
    expect(r.difference).toBe(difference);
    expect(r.judgement).toBe(judgement);
    if (difference === 'higher' || difference === 'lower') expect(r.explanation).toMatch(/a statistically significant difference \(z = -?\d+\.\d\d, gpps-comparison\/1\)/);
    if (difference === 'no-significant-difference') expect(r.explanation).toContain('not a statistically significant difference');
  });

  it('compares with the rest of the ICB, not with a figure that contains the practice itself', () => {
    // An ICB of two practices: the practice is 60% of 400, the other 80% of 400 (ICB 70% of 800).
    const r = compareWith(fig(60, 400), fig(70, 800), true, 'the ICB');
    // Against the other practice alone, 60% v 80% with 400 each: z ≈ -6.2.
    expect(r.z).toBeCloseTo(-6.17, 1);
    expect(r.gap).toBeCloseTo(-10, 6);
  });

  it('marks only the measures that differ significantly', () => {
    const rows = comparePractice(
      [
        { id: 'a', title: 'A', higherIsBetter: true },
        { id: 'b', title: 'B', higherIsBetter: true },
      ],
      { practice: new Map([['a', fig(60, 400)], ['b', fig(74, 300)]]), icb: new Map([['a', fig(75, 20000)], ['b', fig(75, 20000)]]), england: new Map([['a', ENGLAND], ['b', ENGLAND]]) },
    );
    expect(rows.map((r) => [r.measure, r.vsIcb.difference, r.vsEngland.difference])).toEqual([
      ['a', 'lower', 'lower'],
      ['b', 'no-significant-difference', 'no-significant-difference'],
    ]);
  });
});

describe('weighted ICB and England figures', () => {
  it.each([
    [[fig(80, 100), fig(60, 300)], 65, 400],
    [[fig(80, 100), fig(null, 4, true)], 80, 100],
    [[fig(70, 200)], 70, 200],
  ])('%j → %d%% of %d', (rows, pct, n) => {
    const r = weightedFigure(rows);
    expect(r.percentage).toBeCloseTo(pct, 9);
    expect(r.responses).toBe(n);
  });
  it('is suppressed when every practice is', () => {
    expect(weightedFigure([fig(null, 3, true)])).toEqual({ percentage: null, responses: 0, suppressed: true });
  });
});

describe('reading a row through the mapping', () => {
  const mapping = parseSurveyMapping({
    version: 't/1',
    surveyYear: 2025,
    columns: { code: 'code', icbCode: 'icb' },
    suppressedMarkers: ['*'],
    minimumResponses: 10,
    measures: [{ id: 'm', title: 'M', percentColumn: 'pct', responsesColumn: 'n', higherIsBetter: true }],
  });
  if (!mapping.ok) throw new Error(mapping.error.join());
  const read = (cells: Record<string, string>) => readSurveyRow((c) => cells[c], mapping.value);
  it.each([
    [{ code: 'E81006', icb: 'QHG', pct: '71.5', n: '250' }, { percentage: 71.5, responses: 250, suppressed: false }],
    [{ code: 'e81006', icb: 'QHG', pct: '71.5%', n: '1,250' }, { percentage: 71.5, responses: 1250, suppressed: false }],
    [{ code: 'E81006', icb: 'QHG', pct: '40', n: '9' }, { percentage: null, responses: 9, suppressed: true }],
    [{ code: 'E81006', icb: 'QHG', pct: '*', n: '*' }, { percentage: null, responses: 0, suppressed: true }],
  ])('%j', (cells, cell) => {
    const r = read(cells);
    expect(r.ok && r.value.cells[0]).toEqual({ measure: 'm', ...cell });
  });
  it.each([
    [{ code: 'E8100', icb: 'QHG', pct: '50', n: '100' }, /not an ODS practice code/],
    [{ code: 'E81006', icb: '', pct: '50', n: '100' }, /ICB code is missing/],
    [{ code: 'E81006', icb: 'QHG', pct: '101', n: '100' }, /cannot be more than 100/],
    [{ code: 'E81006', icb: 'QHG', pct: 'n/a', n: '100' }, /expected a percentage/],
    [{ code: 'E81006', icb: 'QHG', pct: '50', n: 'many' }, /expected a whole number/],
  ])('rejects %j', (cells, reason) => {
    const r = read(cells);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(reason);
  });
  it('refuses a mapping with what it lacks', () => {
    const r = parseSurveyMapping({ version: 'x', measures: [{ id: 'a' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual(expect.arrayContaining(['surveyYear: a year such as 2025 is needed', 'columns.code: the practice code column is needed', 'measures[0].title is needed']));
  });
});
