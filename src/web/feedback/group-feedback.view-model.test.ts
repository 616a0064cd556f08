import { describe, expect, it } from 'vitest';
import { countText, responseText } from './group-feedback.view-model.js';

describe('the group page in words people read', () => {
  it.each([
    [0, 0, 'Your group has not sent us any feedback yet.'],
    [1, 0, 'Your group has sent us 1 piece of feedback. The practice has not responded to it yet.'],
    [1, 1, 'Your group has sent us 1 piece of feedback. The practice has responded to it.'],
    [3, 0, 'Your group has sent us 3 pieces of feedback. The practice has not responded to any of them yet.'],
    [3, 2, 'Your group has sent us 3 pieces of feedback. The practice has responded to 2 of them.'],
  ])('%i sent, %i answered: %s', (n, answered, text) => {
    expect(countText(n, answered)).toBe(text);
  });

  it.each([
    [null, null],
    [{ sharedOn: '2026-02-02', responseDue: '2026-03-02', response: 'We changed it.', respondedOn: '2026-02-10', noResponseByDue: false }, 'We changed it.'],
    [{ sharedOn: '2026-02-02', responseDue: '2026-03-02', response: null, respondedOn: null, noResponseByDue: false }, 'Not yet. The practice has until 2 March 2026 to respond.'],
    [{ sharedOn: '2026-02-02', responseDue: '2026-03-02', response: null, respondedOn: null, noResponseByDue: true }, 'The practice did not respond by 2 March 2026. We have noted this when we monitor the practice.'],
  ])('the practice’s response: %j', (shared, text) => {
    expect(responseText(shared)).toBe(text);
  });
});
