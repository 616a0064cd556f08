import { describe, expect, it } from 'vitest';
import { cqcKeyQuestionName, inspectionScopeCode, KEY_QUESTIONS, keyQuestionName, normaliseCqcKeyQuestionName, parseKeyQuestion, parseKeyQuestions } from './key-questions.js';

describe('one key question vocabulary', () => {
  it.each([
    ['wellLed', 'wellLed'],
    ['well_led', 'wellLed'],
    ['Well-led', 'wellLed'],
    ['WELL LED', 'wellLed'],
    [' Safe ', 'safe'],
    ['Overall', null],
    ['', null],
  ])('"%s" is read as %s', (spelling, id) => expect(parseKeyQuestion(spelling)).toBe(id));

  it.each(KEY_QUESTIONS.map((k) => [k]))('%s reads back from its CQC name and its scope code', (k) => {
    expect(parseKeyQuestion(cqcKeyQuestionName(k))).toBe(k);
    expect(parseKeyQuestion(inspectionScopeCode(k))).toBe(k);
  });

  it('people read "Well-led"; CQC\'s data writes "Well-led"; the inspection record stores "well_led"', () => {
    expect([keyQuestionName('wellLed'), cqcKeyQuestionName('wellLed'), inspectionScopeCode('wellLed')]).toEqual(['Well-led', 'Well-led', 'well_led']);
  });

  it('a stored list in any spelling comes back in CQC order without repeats or unknown words', () => {
    expect(parseKeyQuestions(['well-led', 'safe', 'well_led', 'kindness'])).toEqual(['safe', 'wellLed']);
  });

  it.each([
    ['Well led', 'Well-led'],
    ['-', undefined],
    ['NA', undefined],
    [null, undefined],
  ])('the register normalises %s to %s', (raw, out) => expect(normaliseCqcKeyQuestionName(raw)).toBe(out));
});
