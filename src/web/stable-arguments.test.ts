import { describe, expect, it } from 'vitest';
import { markStable, stableToken } from './stable-arguments.js';

describe('values marked stable', () => {
  it('are frozen with their items, and keep one token for good', () => {
    const items = markStable([{ value: 'a', text: 'A' }, { value: 'b', text: 'B' }]);
    expect(Object.isFrozen(items)).toBe(true);
    expect(Object.isFrozen(items[0])).toBe(true);
    const token = stableToken(items);
    expect(token).toBeDefined();
    expect(stableToken(markStable(items))).toBe(token);
    expect(stableToken(markStable([{ value: 'a', text: 'A' }]))).not.toBe(token);
  });
  it.each([[[1, 2]], [{ a: 1 }], ['text'], [null], [undefined]])('an unmarked %j has no token', (v) => {
    expect(stableToken(v)).toBeUndefined();
  });
});
