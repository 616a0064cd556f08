import { describe, expect, it } from 'vitest';
import { publicationTiming } from './publication-timing.js';

describe('when a report may be published', () => {
  it.each([
    ['after fieldwork ended', { today: '2026-02-10', fieldworkEnd: '2025-10-08', fieldworkEnded: true, reason: null }, { ok: true, early: false }],
    ['on the last day of fieldwork', { today: '2025-10-08', fieldworkEnd: '2025-10-08', fieldworkEnded: true, reason: null }, { ok: true, early: false }],
    ['before the planned end, no reason', { today: '2026-12-05', fieldworkEnd: '2026-12-16', fieldworkEnded: true, reason: '  ' }, { ok: false, field: 'reason', message: 'Fieldwork is planned to end on Wednesday 16 December 2026. To publish the report before then, give the reason' }],
    ['fieldwork not ended, no reason', { today: '2026-12-05', fieldworkEnd: '2026-12-01', fieldworkEnded: false, reason: null }, { ok: false, field: 'reason', message: 'Fieldwork has not ended. To publish the report before it ends, give the reason' }],
    ['before the planned end, with a reason', { today: '2026-12-05', fieldworkEnd: '2026-12-16', fieldworkEnded: true, reason: 'Urgent public interest' }, { ok: true, early: true, fieldworkEnd: '2026-12-05' }],
  ] as const)('%s', (_name, input, expected) => {
    expect(publicationTiming(input)).toMatchObject(expected);
  });

  it('explains itself with its version', () => {
    const r = publicationTiming({ today: '2026-12-05', fieldworkEnd: '2026-12-16', fieldworkEnded: true, reason: 'x' });
    expect(r.ok && r.early ? r.explanation : '').toMatch(/^publication-timing@2026-12-06: published on 2026-12-05 before fieldwork ended/);
  });
});
