import { describe, expect, it } from 'vitest';
import { SecondView, SeenGeneration } from './public-page-cache.js';

describe('the newest generation a process has read (what a page not kept is kept under)', () => {
  it.each<[string, string[], boolean, string]>([
    ['nothing read yet: a generation no page can match', [], false, 'unknown'],
    ['one read', ['41'], true, '41'],
    ['reads arriving out of order keep the newest (requests overlap)', ['41', '43', '42'], true, '43'],
    ['past what a JavaScript number holds exactly', ['9007199254740993', '9007199254740992'], true, '9007199254740993'],
  ])('%s', (_name, reads, known, lowerBound) => {
    const seen = new SeenGeneration();
    for (const r of reads) seen.saw(r);
    expect(seen.known).toBe(known);
    expect(seen.lowerBound).toBe(lowerBound);
  });
});

describe('SecondView: a page is worth keeping from its second view', () => {
  it('answers no for a first view and yes for the next, and forgets everything once its limit is reached', () => {
    const views = new SecondView(3);
    expect(['/a', '/a', '/b', '/a'].map((k) => views.seenBefore(k))).toEqual([false, true, false, true]);
    views.seenBefore('/c');
    views.seenBefore('/d'); // a fourth address: the three remembered are forgotten
    expect(views.seenBefore('/a')).toBe(false);
    expect(views.seenBefore('/a')).toBe(true);
  });

  it('forgets everything when the addresses it remembers reach their length limit', () => {
    const views = new SecondView(1_000, 25);
    expect(views.seenBefore(`/locations/${'x'.repeat(10)}`)).toBe(false);
    expect(views.seenBefore(`/locations/${'y'.repeat(10)}`)).toBe(false); // 20 + 20 characters: over 25, the first forgotten
    expect(views.seenBefore(`/locations/${'x'.repeat(10)}`)).toBe(false);
  });
});
