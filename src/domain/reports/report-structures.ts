/**
 * Report structures per kind of inspection, kept as versioned data like the rules (issue 15).
 *
 * A structure lists the sections a draft report starts with, in order, and the groups an author may
 * add sections to. A section the judgement cannot write (a stage of the child's journey, governance)
 * starts with placeholder text; while a section still holds its placeholder the report cannot be
 * approved or published (`placeholderBlocker`).
 *
 * - `area-review-safeguarding-lac/1`: the shape of CQC's published reviews of health services for
 *   children looked after and safeguarding: a summary, how the review was carried out (with the cases
 *   tracked), the child's journey (early help, children in need, child protection, looked-after
 *   children), management (leadership and management, governance, training and supervision), then
 *   recommendations addressed to named organisations.
 * - `key-questions/1`: a GP practice (and any other location or provider): a summary, the five key
 *   questions with the quality statements assessed, breaches and enforcement, recommendations.
 *   Population groups may be added.
 *
 * Pure data and functions: no I/O.
 */
import { err, ok, type Result } from '../shared/result.js';
import { buildDraftSections, MAX_SECTION_HEADING, type DraftInput, type ReportSection } from './report-sections.js';

export type StructureSectionSource =
  /** Written from the judgement (summary, key questions and their statements, breaches). */
  | 'judgement'
  /** Written from the case-tracking summary; a placeholder while no case has been tracked. */
  | 'case_tracking'
  /** Fixed introductory text. */
  | 'fixed'
  /** Placeholder text for the author to replace. */
  | 'placeholder';

export interface StructureSection {
  key: string;
  heading: string;
  level: 2 | 3;
  source: StructureSectionSource;
  /** Fixed text, or the placeholder the author must replace. */
  text: string;
}

export interface AddableGroup {
  /** The key prefix of the group's sections (`journey`, `management`, `population`). */
  group: string;
  /** What the author adds, in words: "A part of the child's journey". */
  label: string;
  level: 2 | 3;
  /** New sections go after the last section of the group, or after this section when the group is empty. */
  after: string;
  /** The headings commonly used, offered as a hint. */
  suggestions: readonly string[];
  placeholder: string;
  max: number;
}

export interface ReportStructure {
  /** `name/version`, stored on the report so later versions never change a report already drafted. */
  id: string;
  name: string;
  /** Where the shape comes from, for "How this was worked out". */
  basis: string;
  sections: readonly StructureSection[];
  addable: readonly AddableGroup[];
}

const todo = (what: string) => `[To write: ${what}]`;

export const AREA_REVIEW_STRUCTURE: ReportStructure = {
  id: 'area-review-safeguarding-lac/1',
  name: "Review of health services for children looked after and safeguarding",
  basis: "The section order of CQC's published reviews of health services for children looked after and safeguarding (CLAS reviews): the child's journey through early help, children in need, child protection and looked-after children, then management, then recommendations to named organisations.",
  sections: [
    { key: 'summary', heading: 'Summary', level: 2, source: 'judgement', text: '' },
    { key: 'about', heading: 'How we carried out the review', level: 2, source: 'fixed', text: "We followed the experiences of children, young people and families through the health services in scope. We looked at how services identify needs and risks, share information and work together, and we spoke to children, parents, carers and staff." },
    { key: 'case-tracking', heading: 'Cases we tracked', level: 3, source: 'case_tracking', text: todo('what we found when we tracked and sampled cases: the services we saw, the records we read and what we found.') },
    { key: 'journey', heading: "The child's journey", level: 2, source: 'fixed', text: "This part of the report follows the child's journey through early help, children in need, child protection and, for children in care, the health services for looked-after children." },
    { key: 'journey:early-help', heading: 'Early help', level: 3, source: 'placeholder', text: todo('how well health services identify and respond to the needs of children and families early, before problems escalate.') },
    { key: 'journey:children-in-need', heading: 'Children in need', level: 3, source: 'placeholder', text: todo('how well health services assess and meet the needs of children in need and share information with partners.') },
    { key: 'journey:child-protection', heading: 'Child protection', level: 3, source: 'placeholder', text: todo('how well health services recognise and respond to risk of harm, contribute to child protection plans and share information.') },
    { key: 'journey:looked-after-children', heading: 'Looked after children', level: 3, source: 'placeholder', text: todo('the timeliness and quality of initial and review health assessments and how well the health needs of looked-after children are met.') },
    { key: 'management', heading: 'Management', level: 2, source: 'fixed', text: 'This part of the report looks at how well safeguarding and the health of looked-after children are led and managed across the area.' },
    { key: 'management:leadership', heading: 'Leadership and management', level: 3, source: 'placeholder', text: todo('how leaders and designated professionals set direction, work with partners and know the quality of practice.') },
    { key: 'management:governance', heading: 'Governance', level: 3, source: 'placeholder', text: todo('the assurance, audit and oversight arrangements, and how learning from reviews is used.') },
    { key: 'management:training', heading: 'Training and supervision', level: 3, source: 'placeholder', text: todo('safeguarding training compliance and how staff are supervised and supported.') },
    { key: 'breaches', heading: 'Breaches of regulations and enforcement', level: 2, source: 'judgement', text: '' },
    { key: 'recommendations', heading: 'Recommendations', level: 2, source: 'fixed', text: 'Each recommendation below is addressed to the organisation that must act on it.' },
  ],
  addable: [
    { group: 'journey', label: "A part of the child's journey", level: 3, after: 'journey', suggestions: ['Transition to adult services', 'Children with special educational needs and disabilities', 'Care leavers'], placeholder: todo("what we found about this part of the child's journey."), max: 6 },
    { group: 'management', label: 'An area of management', level: 3, after: 'management', suggestions: ['Information sharing', 'Commissioning'], placeholder: todo('what we found about this area of management.'), max: 4 },
  ],
};

export const KEY_QUESTIONS_STRUCTURE: ReportStructure = {
  id: 'key-questions/1',
  name: 'Key questions',
  basis: 'The five key questions (safe, effective, caring, responsive, well-led) with the quality statements assessed under each, breaches and enforcement, and recommendations.',
  sections: [
    { key: 'summary', heading: 'Summary', level: 2, source: 'judgement', text: '' },
    { key: 'kq:*', heading: 'Each key question in scope', level: 2, source: 'judgement', text: '' },
    { key: 'breaches', heading: 'Breaches of regulations and enforcement', level: 2, source: 'judgement', text: '' },
    { key: 'recommendations', heading: 'Recommendations', level: 2, source: 'judgement', text: '' },
  ],
  addable: [
    {
      group: 'population',
      label: 'A population group',
      level: 2,
      after: 'kq:*',
      suggestions: ['Older people', 'People with long-term conditions', 'Families, children and young people', 'Working age people', 'People whose circumstances make them vulnerable', 'People experiencing poor mental health'],
      placeholder: todo('what we found for this population group.'),
      max: 6,
    },
  ],
};

export const REPORT_STRUCTURES: readonly ReportStructure[] = [AREA_REVIEW_STRUCTURE, KEY_QUESTIONS_STRUCTURE];

/** The structure a new draft of this kind of inspection uses. */
export function structureFor(kind: string): ReportStructure {
  return kind === 'area_review_safeguarding_lac' ? AREA_REVIEW_STRUCTURE : KEY_QUESTIONS_STRUCTURE;
}

export function findStructure(id: string | null | undefined): ReportStructure | null {
  return REPORT_STRUCTURES.find((s) => s.id === id) ?? null;
}

export interface StructuredDraftInput extends DraftInput {
  /** The case-tracking summary in words (no case references), or null when no case was tracked. */
  caseTracking: string | null;
}

/** The judgement's placeholder for a key question it did not rate. */
const unratedKq = (body: string) => /^We looked at whether the service is [a-z-]+\.$/.test(body.trim());

/** The first version of a report in its structure. Pure: the same input gives the same sections. */
export function buildStructuredDraft(structure: ReportStructure, input: StructuredDraftInput): ReportSection[] {
  const judged = buildDraftSections(input);
  if (structure.id.startsWith('key-questions/')) {
    // A key question in scope that was not rated starts as a placeholder: it must be written before approval.
    return judged.map((s) => (s.key.startsWith('kq:') && unratedKq(s.body) ? { ...s, placeholder: s.body } : s));
  }
  const sections: ReportSection[] = [];
  for (const def of structure.sections) {
    if (def.source === 'judgement') {
      const found = judged.find((s) => s.key === def.key);
      if (found) sections.push({ ...found, heading: def.heading });
    } else if (def.source === 'case_tracking' && input.caseTracking) {
      sections.push({ key: def.key, heading: def.heading, level: def.level, body: input.caseTracking });
    } else if (def.source === 'fixed') {
      sections.push({ key: def.key, heading: def.heading, level: def.level, body: def.text });
    } else {
      sections.push({ key: def.key, heading: def.heading, level: def.level, body: def.text, placeholder: def.text });
    }
  }
  return sections;
}

/** The section a structure writes from the case-tracking summary ("Cases we tracked"), if it has one. */
export function caseTrackingSection(structure: ReportStructure | null): StructureSection | null {
  return structure?.sections.find((s) => s.source === 'case_tracking') ?? null;
}

export function isPlaceholder(section: ReportSection): boolean {
  return section.placeholder !== undefined && section.body.trim() === section.placeholder.trim();
}

/** Sections still holding their placeholder text, in report order. */
export function placeholderSections(sections: readonly ReportSection[]): ReportSection[] {
  return sections.filter(isPlaceholder);
}

/** Why the report cannot be approved or published yet, naming the sections; null when every section is written. */
export function placeholderBlocker(sections: readonly ReportSection[], what: 'approved' | 'published' | 'sent for approval'): string | null {
  const open = placeholderSections(sections);
  if (!open.length) return null;
  const names = open.map((s) => `"${s.heading}"`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `The report cannot be ${what} while ${open.length === 1 ? 'a section still holds' : `${open.length} sections still hold`} placeholder text: ${list}. Write ${open.length === 1 ? 'it' : 'them'}${open.some((s) => s.addedTo) ? ', or remove the sections you added and do not need' : ''}.`;
}

export type AddSectionError = { field: 'group' | 'heading'; message: string };

/** Adds a section to one of the structure's groups, after the group's last section. */
export function addSection(structure: ReportStructure | null, sections: readonly ReportSection[], group: string, heading: string): Result<{ sections: ReportSection[]; key: string }, AddSectionError> {
  const def = structure?.addable.find((g) => g.group === group);
  if (!structure || !def) return err({ field: 'group', message: 'Sections cannot be added there in this kind of report' });
  const title = heading.replace(/\s+/g, ' ').trim();
  if (!title) return err({ field: 'heading', message: 'Enter the heading of the new section' });
  if (title.length > MAX_SECTION_HEADING) return err({ field: 'heading', message: `The heading must be ${MAX_SECTION_HEADING} characters or fewer` });
  if (sections.some((s) => s.heading.toLowerCase() === title.toLowerCase())) return err({ field: 'heading', message: `The report already has a section called "${title}"` });
  const added = sections.filter((s) => s.addedTo === group);
  if (added.length >= def.max) return err({ field: 'group', message: `At most ${def.max} sections can be added here` });
  let n = added.length + 1;
  while (sections.some((s) => s.key === `${group}:added-${n}`)) n++;
  const key = `${group}:added-${n}`;
  const belongs = (k: string) => k === def.after || k.startsWith(`${def.after}:`) || k.startsWith(`${group}:`) || (def.after === 'kq:*' && /^(kq|qs):/.test(k));
  let at = -1;
  sections.forEach((s, i) => {
    if (belongs(s.key)) at = i;
  });
  if (at < 0) {
    const before = sections.findIndex((s) => s.key === 'breaches' || s.key === 'recommendations');
    at = before < 0 ? sections.length - 1 : before - 1;
  }
  const section: ReportSection = { key, heading: title, level: def.level, body: def.placeholder, placeholder: def.placeholder, addedTo: group };
  return ok({ sections: [...sections.slice(0, at + 1), section, ...sections.slice(at + 1)], key });
}

/** Removes a section the author added (the structure's own sections stay). */
export function removeAddedSection(sections: readonly ReportSection[], key: string): Result<ReportSection[], { field: 'section'; message: string }> {
  const s = sections.find((x) => x.key === key);
  if (!s) return err({ field: 'section', message: 'There is no such section in this report' });
  if (!s.addedTo) return err({ field: 'section', message: `"${s.heading}" is part of the report's structure and cannot be removed` });
  return ok(sections.filter((x) => x.key !== key));
}
