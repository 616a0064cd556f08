import { describe, expect, it } from 'vitest';
import { SeenGeneration } from './public-page-cache.js';

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
