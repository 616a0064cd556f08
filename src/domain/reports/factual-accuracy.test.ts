import { describe, expect, it } from 'vitest';
import { checkComment, checkDecision, checkReviewer, checkSubmission, faDeadline, recipientClosed } from './factual-accuracy.js';

describe('factual accuracy deadline: 10 working days from the date the draft was sent (rules engine)', () => {
  it.each([
    ['Thursday sent, two weekends skipped (Luton)', '2026-10-01T10:00:00Z', '2026-10-15'],
    ['Monday sent (Stopsley)', '2025-12-01T09:30:00Z', '2025-12-15'],
    ['Christmas, Boxing Day and New Year bank holidays skipped', '2025-12-18T12:00:00Z', '2026-01-06'],
    ['Good Friday and Easter Monday skipped', '2026-03-31T08:00:00Z', '2026-04-16'],
    ['sent late in the evening in summer time: the London date counts', '2026-06-30T23:30:00Z', '2026-07-15'],
  ])('%s', (_name, sent, due) => {
    const d = faDeadline(new Date(sent));
    expect(d.ok).toBe(true);
    if (d.ok) {
      expect(d.value.due).toBe(due);
      expect(d.value.explanation.join(' ')).toMatch(/10 working days/);
    }
  });

  it('names the bank holidays it skipped in the explanation', () => {
    const d = faDeadline(new Date('2025-12-18T12:00:00Z'));
    expect(d.ok && d.value.explanation.join(' ')).toMatch(/Christmas Day.*Boxing Day.*New Year/s);
  });
});

describe('submitting once, on time', () => {
  const base = { due: '2026-10-15', extendedDue: null, submittedAt: null, draftCommentCount: 2, noInaccuracies: false };
  it.each([
    ['on the due day, late evening London time', { ...base, now: new Date('2026-10-15T22:30:00Z') }, null],
    ['the day after the deadline', { ...base, now: new Date('2026-10-16T08:00:00Z') }, /deadline for factual accuracy comments was the end of Thursday 15 October 2026: late comments cannot be accepted unless an extension was granted/],
    ['late but within a granted extension', { ...base, extendedDue: '2026-10-22', now: new Date('2026-10-20T08:00:00Z') }, null],
    ['after the extended deadline', { ...base, extendedDue: '2026-10-22', now: new Date('2026-10-23T08:00:00Z') }, /extended deadline .* Thursday 22 October 2026/],
    ['a second submission', { ...base, submittedAt: new Date('2026-10-10T09:00:00Z'), now: new Date('2026-10-12T08:00:00Z') }, /already submitted on Saturday 10 October 2026: it can only be submitted once/],
    ['no comments and no confirmation', { ...base, draftCommentCount: 0, now: new Date('2026-10-12T08:00:00Z') }, /Add at least one comment, or confirm there are no factual inaccuracies/],
    ['"no inaccuracies" with no comments', { ...base, draftCommentCount: 0, noInaccuracies: true, now: new Date('2026-10-12T08:00:00Z') }, null],
    ['"no inaccuracies" while comments are saved', { ...base, noInaccuracies: true, now: new Date('2026-10-12T08:00:00Z') }, /delete them before confirming/],
  ])('%s', (_name, facts, refusal) => {
    const r = checkSubmission(facts);
    if (refusal === null) expect(r.ok, JSON.stringify(r)).toBe(true);
    else expect(!r.ok && r.error).toMatch(refusal);
  });

  it('the check closes for an organisation when it submits or its deadline passes', () => {
    expect(recipientClosed({ submittedAt: null, due: '2026-10-15', extendedDue: null }, new Date('2026-10-15T20:00:00Z'))).toBe(false);
    expect(recipientClosed({ submittedAt: null, due: '2026-10-15', extendedDue: null }, new Date('2026-10-16T00:00:00Z'))).toBe(true);
    expect(recipientClosed({ submittedAt: new Date('2026-10-02T00:00:00Z'), due: '2026-10-15', extendedDue: null }, new Date('2026-10-03T00:00:00Z'))).toBe(true);
  });
});

describe('comments', () => {
  const keys = ['summary', 'kq:safe'];
  it.each([
    ['a typo', { sectionKey: 'summary', passage: '12 staff', category: 'typo_or_figure', comment: 'There were 14 staff' }, []],
    ['a long comment has no cap', { sectionKey: 'summary', passage: 'x', category: 'omitted_information', comment: 'word '.repeat(20_000) }, []],
    ['B without evidence', { sectionKey: 'kq:safe', passage: 'no audits', category: 'factual_inaccuracy', comment: 'We audit monthly' }, ['evidence']],
    ['B with a file attached and no description', { sectionKey: 'kq:safe', passage: 'no audits', category: 'factual_inaccuracy', comment: 'We audit monthly', fileCount: 1 }, []],
    ['B with a description and no file', { sectionKey: 'kq:safe', passage: 'no audits', category: 'factual_inaccuracy', comment: 'We audit monthly', evidence: 'Audit log sent on 7 October' }, []],
    ['eleven files on one comment', { sectionKey: 'summary', passage: 'x', category: 'typo_or_figure', comment: 'y', fileCount: 11 }, ['files']],
    ['unknown section, no passage, bad category, empty comment', { sectionKey: 'nope', passage: ' ', category: 'D', comment: '' }, ['sectionKey', 'passage', 'category', 'comment']],
  ])('%s', (_name, input, fields) => {
    const r = checkComment(input, keys);
    expect(r.ok ? [] : r.error.map((e) => e.field)).toEqual(fields);
  });
});

describe('reviewing comments', () => {
  it.each([
    [{ role: 'factual_accuracy_reviewer', onInspectionTeam: false }, null],
    [{ role: 'inspection_manager', onInspectionTeam: false }, null],
    [{ role: 'inspection_manager', onInspectionTeam: true }, /not on the inspection/],
    [{ role: 'inspector', onInspectionTeam: false }, /Only a factual accuracy reviewer/],
  ])('%o', (facts, refusal) => {
    const r = checkReviewer(facts);
    if (refusal === null) expect(r.ok).toBe(true);
    else expect(!r.ok && r.error).toMatch(refusal);
  });

  it.each([
    [{ decision: 'accepted', changeMade: 'Changed 12 to 14' }, []],
    [{ decision: 'accepted' }, ['changeMade']],
    [{ decision: 'partly_accepted', changeMade: 'Added the date' }, ['reason']],
    [{ decision: 'rejected', reason: 'The evidence shows the audit was not done' }, []],
    [{ decision: 'rejected' }, ['reason']],
    [{ decision: 'maybe' }, ['decision']],
  ])('decision %o', (input, fields) => {
    const r = checkDecision(input);
    expect(r.ok ? [] : r.error.map((e) => e.field)).toEqual(fields);
  });
});
