import { describe, expect, it } from 'vitest';
import { formatSummary, type ImportSummary } from './import-run.js';

const summary = (extra: Partial<ImportSummary>): ImportSummary => ({
  kind: 'cqc-locations', file: 'locations.ndjson', rejectsFile: 'reports/import-rejects/x.csv', seconds: 1.25,
  read: 3, inserted: 2, updated: 0, unchanged: 1, rejected: 0, ...extra,
});

describe('formatSummary', () => {
  it.each([
    [{ repeated: 1 }, '  repeated:   1 record appears more than once: the later one is kept, each is a line in the report'],
    [{ repeated: 2 }, '  repeated:   2 records appear more than once: the later one is kept, each is a line in the report'],
    [{ notes: 1 }, '  report:     reports/import-rejects/x.csv (1 note on stored records)'],
    [{ notes: 1500 }, '  report:     reports/import-rejects/x.csv (1,500 notes on stored records)'],
    [{ unlinked: 1 }, '  1 location waits for its provider: it is linked when it is imported'],
    [{ unlinked: 20000 }, '  20,000 locations wait for their provider: they are linked when it is imported'],
  ])('says %o in plain words', (extra, line) => {
    expect(formatSummary(summary(extra))).toContain(line);
  });

  it('leaves out the lines that have nothing to say', () => {
    const lines = formatSummary(summary({ rejectsFile: null }));
    expect(lines.join('\n')).not.toMatch(/repeated|report:|wait/);
    expect(lines[0]).toBe('Imported locations.ndjson as cqc-locations in 1.3 s');
  });
});
