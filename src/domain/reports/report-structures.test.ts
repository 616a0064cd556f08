import { describe, expect, it } from 'vitest';
import { addSection, AREA_REVIEW_STRUCTURE, buildStructuredDraft, findStructure, KEY_QUESTIONS_STRUCTURE, placeholderBlocker, placeholderSections, removeAddedSection, structureFor, type StructuredDraftInput } from './report-structures.js';
import { replaceSection } from './report-sections.js';

const base: StructuredDraftInput = {
  subjectName: 'Luton',
  kindLabel: 'Area review',
  fieldworkStart: '2026-09-14',
  fieldworkEnd: '2026-09-18',
  keyQuestions: [],
  ratings: [],
  statements: [],
  breaches: [],
  caseTracking: null,
};

const area = buildStructuredDraft(AREA_REVIEW_STRUCTURE, base);
const gp = buildStructuredDraft(KEY_QUESTIONS_STRUCTURE, {
  ...base,
  subjectName: 'Stopsley Village Practice',
  kindLabel: 'Comprehensive inspection',
  keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'wellLed'],
  ratings: [
    { subject: 'overall', rating: 'Good', explanation: [], ratingDate: null },
    { subject: 'safe', rating: 'Good', explanation: [], ratingDate: null },
    { subject: 'effective', rating: 'Good', explanation: [], ratingDate: null },
    { subject: 'caring', rating: 'Good', explanation: [], ratingDate: null },
    { subject: 'wellLed', rating: 'Good', explanation: [], ratingDate: null },
  ],
});

describe('report structures are versioned data', () => {
  it.each([
    ['area_review_safeguarding_lac', 'area-review-safeguarding-lac/1'],
    ['comprehensive', 'key-questions/1'],
    ['focused', 'key-questions/1'],
    ['joint_inspection', 'key-questions/1'],
  ])('a %s inspection uses %s', (kind, id) => {
    expect(structureFor(kind).id).toBe(id);
    expect(findStructure(id)).toBe(structureFor(kind));
  });

  it('an unknown or missing structure id (a report drafted before structures) finds nothing', () => {
    expect(findStructure(null)).toBeNull();
    expect(findStructure('area-review-safeguarding-lac/0')).toBeNull();
  });
});

describe('the area review follows the published reviews of health services for children looked after and safeguarding', () => {
  it("has the child's journey, then management, then recommendations", () => {
    expect(area.map((s) => s.heading)).toEqual([
      'Summary',
      'How we carried out the review',
      'Cases we tracked',
      "The child's journey",
      'Early help',
      'Children in need',
      'Child protection',
      'Looked after children',
      'Management',
      'Leadership and management',
      'Governance',
      'Training and supervision',
      'Recommendations',
    ]);
  });

  it('starts every section the judgement cannot write as a placeholder; the summary and introductions are written', () => {
    expect(placeholderSections(area).map((s) => s.key)).toEqual([
      'case-tracking',
      'journey:early-help',
      'journey:children-in-need',
      'journey:child-protection',
      'journey:looked-after-children',
      'management:leadership',
      'management:governance',
      'management:training',
    ]);
  });

  it('takes the case-tracking summary when cases were tracked', () => {
    const tracked = buildStructuredDraft(AREA_REVIEW_STRUCTURE, { ...base, caseTracking: 'We tracked 3 cases.' });
    expect(tracked.find((s) => s.key === 'case-tracking')).toEqual({ key: 'case-tracking', heading: 'Cases we tracked', level: 3, body: 'We tracked 3 cases.' });
  });
});

describe('a GP practice report has the key questions', () => {
  it('has the summary, each key question in scope and recommendations', () => {
    expect(gp.map((s) => s.key)).toEqual(['summary', 'kq:safe', 'kq:effective', 'kq:caring', 'kq:responsive', 'kq:wellLed', 'recommendations']);
  });

  it('a key question in scope that was not rated is a placeholder; rated ones are written', () => {
    expect(placeholderSections(gp).map((s) => s.key)).toEqual(['kq:responsive']);
  });
});

describe('placeholders block approval and publication, naming the sections', () => {
  it.each([
    [1, 'approved', 'The report cannot be approved while a section still holds placeholder text: "Responsive". Write it.'],
    [2, 'published', 'The report cannot be published while 2 sections still hold placeholder text: "Early help" and "Governance". Write them.'],
  ] as const)('%i placeholder(s): %s', (count, what, message) => {
    const sections = count === 1 ? gp : area.filter((s) => !s.placeholder || s.key === 'journey:early-help' || s.key === 'management:governance');
    expect(placeholderBlocker(sections, what)).toBe(message);
  });

  it('a written section no longer blocks', () => {
    const written = replaceSection(gp, 'kq:responsive', 'We found people could get appointments when they needed them.');
    expect(written.ok && placeholderBlocker(written.value, 'approved')).toBeNull();
  });

  it('a report drafted before structures (no placeholder marks) never blocks', () => {
    expect(placeholderBlocker([{ key: 'kq:safe', heading: 'Safe', level: 2, body: 'We looked at whether the service is safe.' }], 'published')).toBeNull();
  });
});

describe('sections can be added where the structure allows', () => {
  it.each([
    ['journey', 'Transition to adult services', 'journey:looked-after-children', 'management'],
    ['management', 'Information sharing', 'management:training', 'recommendations'],
  ])('to %s: "%s" goes after %s', (group, heading, before, after) => {
    const r = addSection(AREA_REVIEW_STRUCTURE, area, group, heading);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const keys = r.value.sections.map((s) => s.key);
    const i = keys.indexOf(r.value.key);
    expect(keys[i - 1]).toBe(before);
    expect(keys[i + 1]).toBe(after);
    expect(r.value.sections[i]).toMatchObject({ heading, level: 3, addedTo: group });
    expect(placeholderSections(r.value.sections).map((s) => s.key)).toContain(r.value.key);
  });

  it('a population group goes after the last key question of a GP practice report', () => {
    const r = addSection(KEY_QUESTIONS_STRUCTURE, gp, 'population', 'Older people');
    expect(r.ok && r.value.sections.map((s) => s.key)).toEqual(['summary', 'kq:safe', 'kq:effective', 'kq:caring', 'kq:responsive', 'kq:wellLed', 'population:added-1', 'recommendations']);
  });

  it.each([
    [AREA_REVIEW_STRUCTURE, 'population', 'Older people', 'group', 'Sections cannot be added there in this kind of report'],
    [null, 'journey', 'Care leavers', 'group', 'Sections cannot be added there in this kind of report'],
    [AREA_REVIEW_STRUCTURE, 'journey', '  ', 'heading', 'Enter the heading of the new section'],
    [AREA_REVIEW_STRUCTURE, 'journey', 'early help', 'heading', 'The report already has a section called "early help"'],
  ] as const)('refused: %#', (structure, group, heading, field, message) => {
    expect(addSection(structure, area, group, heading)).toEqual({ ok: false, error: { field, message } });
  });

  it('an added section can be removed; a structure section cannot', () => {
    const r = addSection(AREA_REVIEW_STRUCTURE, area, 'journey', 'Care leavers');
    if (!r.ok) throw new Error('not added');
    const removed = removeAddedSection(r.value.sections, r.value.key);
    expect(removed.ok && removed.value).toEqual(area);
    expect(removeAddedSection(area, 'journey:early-help')).toEqual({ ok: false, error: { field: 'section', message: '"Early help" is part of the report\'s structure and cannot be removed' } });
  });

  it('the blocker says added sections may be removed', () => {
    const r = addSection(AREA_REVIEW_STRUCTURE, [], 'journey', 'Care leavers');
    expect(r.ok && placeholderBlocker(r.value.sections, 'approved')).toBe('The report cannot be approved while a section still holds placeholder text: "Care leavers". Write it, or remove the sections you added and do not need.');
  });
});
