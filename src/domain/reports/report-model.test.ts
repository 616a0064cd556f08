import { describe, expect, it } from 'vitest';
import { diffText, diffVersions } from './report-diff.js';
import { buildDraftSections, replaceSection, sectionBlocks, type ReportSection } from './report-sections.js';
import { moveReport, stageClock, type ReportMove, type ReportStage } from './report-stages.js';
import { median, timeliness } from './timeliness.js';

const input: Parameters<typeof buildDraftSections>[0] = {
  subjectName: 'Stopsley Village Practice',
  kindLabel: 'Comprehensive inspection',
  fieldworkStart: '2025-10-07',
  fieldworkEnd: '2025-10-08',
  keyQuestions: ['safe', 'wellLed'],
  ratings: [
    { subject: 'overall', rating: 'Requires improvement', explanation: ['Principle 5'], ratingDate: null },
    { subject: 'wellLed', rating: 'Inadequate', explanation: ['Warning notice makes well-led Inadequate'], ratingDate: null },
  ],
  statements: [{ code: 'W5', name: 'Governance, management and sustainability', keyQuestion: 'wellLed', score: 1, rationale: 'Governance systems were not effective.', findings: ['Significant event reviews were not completed.'], quotes: ['We never hear back about complaints'] }],
  breaches: [{ regulation: '17', paragraph: '17(1), 17(2)(a)', regulationTitle: 'Good governance', keyQuestion: 'wellLed', description: 'Systems to assess and monitor the service were not operated effectively.', enforcement: [{ kindName: 'Warning notice', issuedOn: '2025-10-24' }] }],
};
const draft = buildDraftSections(input);

describe('the draft built from the judgement', () => {
  it('has a summary, each key question, each assessed statement, breaches and recommendations', () => {
    expect(draft.map((s) => s.key)).toEqual(['summary', 'kq:safe', 'kq:wellLed', 'qs:W5', 'breaches', 'recommendations']);
    expect(draft[0]!.body).toContain('We rated the service requires improvement overall');
    expect(draft[0]!.body).toContain('Regulation 17 (Good governance)');
    // The engine's explanation stays in the staff view; the public text names the breach in words.
    expect(draft.find((s) => s.key === 'kq:wellLed')!.body).not.toContain('Warning notice makes well-led Inadequate');
    expect(draft.find((s) => s.key === 'kq:wellLed')!.body).toContain('This rating reflects the breach of Regulation 17 (Good governance)');
    expect(draft.find((s) => s.key === 'qs:W5')!.body).toContain('> We never hear back about complaints');
    expect(draft.find((s) => s.key === 'breaches')!.body).toContain('We issued a warning notice on 24 October 2025');
  });

  it('says dates the GOV.UK way and shows each piece of evidence once (issue 16)', () => {
    const twice = buildDraftSections({
      ...input,
      fieldworkStart: '2025-10-07',
      fieldworkEnd: '2025-10-08',
      statements: [
        { code: 'S1', name: 'Learning culture', keyQuestion: 'safe', score: 2, rationale: null, findings: ['No learning from significant events.'], quotes: [] },
        { code: 'W5', name: 'Governance, management and sustainability', keyQuestion: 'wellLed', score: 1, rationale: null, findings: ['No learning from significant events.'], quotes: [] },
      ],
    });
    expect(twice[0]!.body).toContain('on 7 and 8 October 2025');
    const all = twice.map((s) => s.body).join('\n');
    expect(all.split('No learning from significant events.').length - 1).toBe(1);
    expect(twice.find((s) => s.key === 'qs:W5')!.body).toContain('See also the evidence described under "Learning culture"');
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}|%|saf-2024|Score:/);
  });

  it('splits a section into paragraphs and quotes for the page', () => {
    expect(sectionBlocks('First line\ncontinues.\n\n> "A quote"\nAfter')).toEqual([
      { kind: 'paragraph', text: 'First line continues.' },
      { kind: 'quote', text: '"A quote"' },
      { kind: 'paragraph', text: 'After' },
    ]);
  });

  it.each([
    ['an unknown section', 'nope', 'text', 'section'],
    ['an empty body', 'summary', '   ', 'body'],
    ['no change', 'summary', draft[0]!.body, 'body'],
  ])('refuses to save %s', (_n, key, body, field) => {
    const r = replaceSection(draft, key, body);
    expect(!r.ok && r.error.field).toBe(field);
  });
});

describe('comparing versions', () => {
  it('shows words inserted and deleted within a changed section, and leaves others unchanged', () => {
    const edited = replaceSection(draft, 'summary', draft[0]!.body.replace('requires improvement overall', 'requires improvement overall, with an inadequate rating for well-led'));
    expect(edited.ok).toBe(true);
    if (!edited.ok) return;
    const d = diffVersions(draft, edited.value);
    expect(d.changed).toBe(1);
    const summary = d.sections.find((s) => s.key === 'summary')!;
    expect(summary.status).toBe('changed');
    expect(summary.parts.filter((p) => p.op === 'insert').map((p) => p.text).join('')).toContain('with an inadequate rating for well-led');
    expect(summary.parts.filter((p) => p.op === 'delete').map((p) => p.text.trim()).join('')).toBe('overall.');
    expect(d.sections.find((s) => s.key === 'kq:safe')!.status).toBe('unchanged');
  });

  it('reports sections added and removed', () => {
    const a: ReportSection[] = [{ key: 'x', heading: 'X', level: 2, body: 'old' }];
    const b: ReportSection[] = [{ key: 'y', heading: 'Y', level: 2, body: 'new' }];
    expect(diffVersions(a, b).sections.map((s) => [s.key, s.status])).toEqual([
      ['y', 'added'],
      ['x', 'removed'],
    ]);
  });

  it.each([
    ['the cat sat', 'the dog sat', 'the [-cat-]{+dog+} sat'],
    ['a b c', 'a b c d', 'a b c{+ d+}'],
    ['', 'new', '{+new+}'],
  ])('%s -> %s', (a, b, shown) => {
    expect(diffText(a, b).map((p) => (p.op === 'equal' ? p.text : p.op === 'insert' ? `{+${p.text}+}` : `[-${p.text}-]`)).join('')).toBe(shown);
  });
});

describe('report stages: owners and clocks', () => {
  it.each<[ReportStage, ReportMove, ReportStage | RegExp]>([
    ['drafting', 'submit_for_approval', 'awaiting_approval'],
    ['awaiting_approval', 'approve', 'approved'],
    ['awaiting_approval', 'return', 'drafting'],
    ['approved', 'send_for_factual_accuracy', 'factual_accuracy'],
    ['factual_accuracy', 'close_factual_accuracy', 'fa_review'],
    ['fa_review', 'complete_review', 'publication_ready'],
    ['publication_ready', 'publish', 'published'],
    ['drafting', 'publish', /being drafted cannot be published/],
    ['published', 'return', /published cannot be returned/],
  ])('%s --%s-->', (from, move, to) => {
    const r = moveReport(from, move);
    if (typeof to === 'string') expect(r).toEqual({ ok: true, value: to });
    else expect(!r.ok && r.error).toMatch(to);
  });

  it.each([
    ['waiting for approval within target', 'awaiting_approval', '2026-09-28', '2026-09-30', null, 2, false],
    ['waiting for approval over target, weekend not counted', 'awaiting_approval', '2026-09-24', '2026-09-30', null, 4, true],
    ['with the organisation before its deadline', 'factual_accuracy', '2026-10-01', '2026-10-14', '2026-10-15', 9, false],
    ['with the organisation after its deadline', 'factual_accuracy', '2026-10-01', '2026-10-16', '2026-10-15', 11, true],
  ] as const)('%s', (_n, stage, since, today, deadline, waited, overdue) => {
    const c = stageClock(stage, since, today, { deadline });
    expect(c.workingDaysWaited).toBe(waited);
    expect(c.overdue).toBe(overdue);
    expect(c.owner).toBe(stage === 'factual_accuracy' ? 'organisation' : 'inspection_manager');
    expect(c.explanation).toMatch(/Waiting \d+ working day/);
  });
});

describe('timeliness', () => {
  it('days from the end of fieldwork to each step, medians, and the slowest first', () => {
    const t = timeliness(
      [
        { inspectionId: '1', reference: 'INS-2026-000001', subjectName: 'Luton', fieldworkEnd: '2026-09-18', draftStarted: '2026-09-22', faSent: '2026-10-01', published: '2026-10-27' },
        { inspectionId: '2', reference: 'INS-2025-000002', subjectName: 'Stopsley', fieldworkEnd: '2025-10-08', draftStarted: '2025-10-27', faSent: '2025-12-01', published: '2026-02-10' },
        { inspectionId: '3', reference: 'INS-2026-000003', subjectName: 'Waiting', fieldworkEnd: '2026-11-01', draftStarted: null, faSent: null, published: null },
      ],
      '2026-12-01',
    );
    expect(t.rows.map((r) => [r.toDraft, r.toFactualAccuracy, r.toPublication])).toEqual([
      [4, 13, 39],
      [19, 54, 125],
      [null, null, null],
    ]);
    expect(t.medians).toEqual({ toDraft: 11.5, toFactualAccuracy: 33.5, toPublication: 82 });
    expect(t.slowest.map((r) => r.subjectName)).toEqual(['Stopsley', 'Luton', 'Waiting']);
    expect(t.rows[2]!.waitingDays).toBe(30);
    expect(t.within50Days).toBe(0.5);
  });
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
  ])('median %o', (v, m) => expect(median(v)).toBe(m));
});
