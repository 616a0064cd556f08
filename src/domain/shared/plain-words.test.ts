import { describe, expect, it } from 'vitest';
import { regulationReference } from './plain-words.js';

describe('regulation references', () => {
  it.each([
    ['17', '17(1), 17(2)(a)(b)', 'Regulation 17(1) and 17(2)(a) and (b)'],
    ['17', null, 'Regulation 17'],
    ['12', '12(2)(a)', 'Regulation 12(2)(a)'],
    ['17', '(1)', 'Regulation 17(1)'],
    ['18', '18(1), 18(2)(a), 18(2)(b)', 'Regulation 18(1), 18(2)(a) and 18(2)(b)'],
  ])('%s %s reads "%s"', (reg, para, expected) => {
    expect(regulationReference(reg, para)).toBe(expected);
  });
});
