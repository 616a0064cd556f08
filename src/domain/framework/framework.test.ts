import { describe, expect, it } from 'vitest';
import { evidenceCategoriesFor, EVIDENCE_CATEGORIES } from './evidence-categories.data.js';
import { KEY_QUESTIONS, parseKeyQuestion } from '../vocabulary/key-questions.js';
import { LA_QUALITY_STATEMENTS, LA_THEMES } from './local-authority-framework.data.js';
import { QUALITY_STATEMENTS, qualityStatement, statementsFor } from './quality-statements.data.js';
import { describeRegulation, FUNDAMENTAL_STANDARDS, REGISTRATION_REGULATIONS } from './regulations.data.js';

describe('framework catalogue', () => {
  it('has 34 quality statements with unique codes', () => {
    expect(QUALITY_STATEMENTS).toHaveLength(34);
    expect(new Set(QUALITY_STATEMENTS.map((q) => q.code)).size).toBe(34);
  });

  it.each([
    ['safe', 8, 'S'],
    ['effective', 6, 'E'],
    ['caring', 5, 'C'],
    ['responsive', 7, 'R'],
    ['wellLed', 8, 'W'],
  ] as const)('%s has %i statements coded %s1…', (kq, count, prefix) => {
    const codes = statementsFor(kq).map((q) => q.code);
    expect(codes).toEqual(Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`));
  });

  it.each([
    ['S1', 'Learning culture'],
    ['S8', 'Medicines optimisation'],
    ['E6', 'Consent to care and treatment'],
    ['C4', "Responding to people's immediate needs"],
    ['R6', 'Equity in experiences and outcomes'],
    ['W3', 'Freedom to speak up'],
    ['W8', 'Environmental sustainability – sustainable development'],
  ])('%s is %s', (code, name) => {
    expect(qualityStatement(code)?.name).toBe(name);
  });

  it.each([
    ['Well-led', 'wellLed'],
    ['well led', 'wellLed'],
    ['SAFE', 'safe'],
    ['Responsive', 'responsive'],
    ['kind', null],
  ])('parses key question %s', (given, expected) => {
    expect(parseKeyQuestion(given)).toBe(expected);
  });

  it.each([
    ['residential', ['peoplesExperience', 'staffAndLeaders', 'partners', 'observation', 'processes']],
    ['homecare', ['peoplesExperience', 'staffAndLeaders', 'partners', 'processes']],
    ['primary-medical', [...EVIDENCE_CATEGORIES]],
  ] as const)('evidence categories for %s', (type, expected) => {
    expect(evidenceCategoriesFor(type)).toEqual(expected);
  });

  it('lists the fundamental standards 8–20A including 9A and 20A', () => {
    expect(FUNDAMENTAL_STANDARDS.map((r) => r.number)).toEqual(['8', '9', '9A', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '20A']);
    expect(REGISTRATION_REGULATIONS.filter((r) => ['16', '17', '18'].includes(r.number))).toHaveLength(3);
  });

  it.each([
    ['17', 'Regulation 17 (Good governance)'],
    ['Regulation 12', 'Regulation 12 (Safe care and treatment)'],
    ['17(3)', 'Regulation 17 (Good governance)'],
    ['9a', 'Regulation 9A (Visiting and accompanying in care homes, hospitals and hospices)'],
    ['99', 'Regulation 99'],
  ])('describes regulation %s', (ref, text) => {
    expect(describeRegulation(ref)).toBe(text);
  });

  it('local authority framework: nine statements in four themes', () => {
    expect(LA_QUALITY_STATEMENTS.map((q) => q.code)).toEqual(['QS1', 'QS2', 'QS3', 'QS4', 'QS5', 'QS6', 'QS7', 'QS8', 'QS9']);
    expect(LA_THEMES.map((t) => LA_QUALITY_STATEMENTS.filter((q) => q.theme === t).length)).toEqual([3, 2, 2, 2]);
    expect(KEY_QUESTIONS).toHaveLength(5);
  });
});
