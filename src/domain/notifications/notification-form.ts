/**
 * Checking a statutory notification before it is accepted, and where it goes in the triage queue.
 * Pure: the services pass in today's date. People are identified by an internal reference, an age
 * band and initials only; names, NHS numbers and dates of birth are refused (the report's
 * personal-data check, domain/reports/personal-data-check.ts).
 */
import { parseCalendarDate } from '../deadlines/calendar-date.js';
import { assessRisk, type RiskMatch } from '../feedback/risk-phrases.js';
import { checkPersonalData, PD_KIND_LABELS } from '../reports/personal-data-check.js';
import { withArticle } from '../shared/plain-words.js';
import { err, ok, type Result } from '../shared/result.js';
import { AGE_BANDS, notificationType, NOTIFICATION_TYPES_VERSION, type NotificationPriority, type NotificationType } from './notification-types.data.js';

export const NOTIFICATION_RULES_VERSION = 'notification-triage/1';

export interface FieldProblem {
  field: string;
  message: string;
}

/** What the form or the API sends: dates as YYYY-MM-DD, multi-choice fields as arrays. */
export type NotificationInput = Record<string, string | string[] | undefined>;

export interface CheckedNotification {
  type: NotificationType;
  /** Only the type's own fields (and the person fields when it is about a person), trimmed. */
  details: Record<string, string | string[]>;
  summary: string;
  eventDate: string;
}


const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).map((x) => x.trim()).filter(Boolean);

const KINDS_REFUSED = ['person_name', 'nhs_number', 'date_of_birth'] as const;

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lady', 'lord', 'rev']);
const nameWords = (s: string): string[] => s.toLowerCase().split(/[^a-z'’-]+/).filter((w) => w && !TITLES.has(w.replace(/\.$/, '')));

/** A name found in the text that is one of the names the form asks for (every word of it, titles aside, is in one of them). */
function isAllowedName(matched: string, allowedNames: readonly string[]): boolean {
  const words = nameWords(matched);
  return words.length > 0 && allowedNames.some((n) => {
    const allowed = new Set(nameWords(n));
    return words.every((w) => allowed.has(w));
  });
}

/**
 * Text that names or identifies a person: a problem for the field, or null. `knownNames`: people the
 * service knows (its staff), refused anywhere in the text. `allowedNames`: names the form itself asks
 * for (fields marked namesAllowed, such as the registered provider who died), which the text may repeat.
 */
export function identifyingText(field: string, text: string, knownNames: readonly string[] = [], allowedNames: readonly string[] = []): FieldProblem | null {
  if (!text) return null;
  const findings = checkPersonalData({ sections: [{ key: field, heading: field, level: 2, body: text }], knownPeople: knownNames.map((name) => ({ name, category: 'staff' as const })), caseReferences: [] }).filter((f) => (KINDS_REFUSED as readonly string[]).includes(f.kind) && !(f.kind === 'person_name' && isAllowedName(f.matched, allowedNames)));
  const f = findings[0];
  if (!f) return null;
  const what = f.kind === 'person_name' ? 'a name' : withArticle(PD_KIND_LABELS[f.kind]);
  return { field, message: `Remove "${f.matched}": it looks like ${what}. Refer to people by their role, or to the person by their internal reference, age band and initials` };
}

export function checkNotification(typeId: string, input: NotificationInput, today: string, knownNames: readonly string[] = []): Result<CheckedNotification, FieldProblem[]> {
  const type = notificationType(typeId);
  if (!type) return err([{ field: 'type', message: 'Choose what you are telling us about' }]);
  const problems: FieldProblem[] = [];
  const details: Record<string, string | string[]> = {};

  if (type.aboutPerson) {
    const reference = str(input['personReference']);
    const band = str(input['personAgeBand']);
    const initials = str(input['personInitials']).toUpperCase().replace(/[.\s]/g, '');
    if (!reference) problems.push({ field: 'personReference', message: 'Enter your internal reference for the person' });
    else if (reference.length > 30) problems.push({ field: 'personReference', message: 'The internal reference must be 30 characters or fewer' });
    else if (/(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/.test(reference)) problems.push({ field: 'personReference', message: 'Do not use an NHS number as the reference: use your own internal reference for the person' });
    else if (/(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}(?!\d)|(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)/.test(reference)) problems.push({ field: 'personReference', message: 'Do not use a date of birth in the reference: use your own internal reference for the person' });
    else if (/\s/.test(reference) && /[a-z]{2,}\s+[a-z]{2,}/i.test(reference)) problems.push({ field: 'personReference', message: 'The reference looks like a name: use your own internal reference (letters and numbers, no spaces)' });
    if (!(AGE_BANDS as readonly string[]).includes(band)) problems.push({ field: 'personAgeBand', message: "Select the person's age band" });
    if (!initials) problems.push({ field: 'personInitials', message: "Enter the person's initials" });
    else if (!/^[A-Z]{1,3}$/.test(initials)) problems.push({ field: 'personInitials', message: 'Enter initials only: 1 to 3 letters, like JS' });
    details['personReference'] = reference;
    details['personAgeBand'] = band;
    details['personInitials'] = initials;
  }

  // Names the form asks for (namesAllowed fields): not refused there, and allowed again in the free text.
  const allowedNames = type.fields.filter((f) => f.namesAllowed).map((f) => str(input[f.name])).filter(Boolean);
  for (const f of type.fields) {
    if (f.kind === 'multi') {
      const values = list(input[f.name]);
      const allowed = new Set((f.options ?? []).map((o) => o.value));
      if (values.some((v) => !allowed.has(v))) problems.push({ field: f.name, message: `Choose from the list for "${f.label}"` });
      else if (f.required && values.length === 0) problems.push({ field: f.name, message: `Select at least one answer for "${f.label}"` });
      details[f.name] = values;
      continue;
    }
    const value = str(input[f.name]);
    details[f.name] = value;
    if (!value) {
      if (f.required) problems.push({ field: f.name, message: f.kind === 'choice' ? `Select an answer for "${f.label}"` : f.kind === 'date' ? `Enter the ${f.label.toLowerCase()}` : `Enter ${f.label.toLowerCase()}` });
      continue;
    }
    if (f.kind === 'date') {
      const d = parseCalendarDate(value);
      if (!d.ok) problems.push({ field: f.name, message: `${f.label} must be a real date` });
      else if (value > today && !f.mayBeFuture) problems.push({ field: f.name, message: `${f.label} must be today or in the past` });
    } else if (f.kind === 'choice') {
      if (!(f.options ?? []).some((o) => o.value === value)) problems.push({ field: f.name, message: `Choose from the list for "${f.label}"` });
    } else {
      if (f.maxLength && value.length > f.maxLength) problems.push({ field: f.name, message: `${f.label} must be ${f.maxLength.toLocaleString('en-GB')} characters or fewer (it has ${value.length.toLocaleString('en-GB')})` });
      const pd = f.namesAllowed ? null : identifyingText(f.name, value, knownNames, allowedNames);
      if (pd) problems.push(pd);
    }
  }
  if (type.id === 'manager_absence' && str(input['expectedReturn']) && str(input['eventDate']) && str(input['expectedReturn']) < str(input['eventDate'])) {
    problems.push({ field: 'expectedReturn', message: 'The expected date of return must be after the absence began' });
  }
  if (type.id === 'manager_return' && str(input['absenceStarted']) > str(input['eventDate'])) problems.push({ field: 'absenceStarted', message: 'The absence must have begun before the return' });
  if (problems.length) return err(problems);
  const eventDate = str(input[type.dateField]);
  return ok({ type, details, summary: notificationSummary(type, details), eventDate });
}

function notificationSummary(type: NotificationType, details: Record<string, string | string[]>): string {
  const person = type.aboutPerson ? ` (${details['personInitials']}, ${details['personAgeBand']}, ref ${details['personReference']})` : '';
  return `${type.title}${person}`;
}

export interface TriagePriority {
  priority: NotificationPriority;
  riskFlagged: boolean;
  matches: RiskMatch[];
  explanation: string;
}

/** Deaths, abuse and serious injury first; a risk phrase in the free text raises anything else to urgent. */
export function triagePriority(type: NotificationType, details: Record<string, string | string[]>): TriagePriority {
  const text = type.fields.filter((f) => f.kind === 'textarea' || f.kind === 'text').map((f) => details[f.name]).filter((v): v is string => typeof v === 'string').join('\n');
  const risk = assessRisk(text);
  const base = type.priority;
  const priority: NotificationPriority = risk.flagged ? 'urgent' : base;
  const why = base === 'urgent' ? `${type.title.toLowerCase()} is always urgent` : `${type.title.toLowerCase()} starts as ${base}`;
  const explanation = risk.flagged && base !== 'urgent' ? `Urgent: ${why}, but the text mentions ${risk.matches.map((m) => `"${m.found}"`).join(', ')} (${NOTIFICATION_RULES_VERSION}, ${risk.version}).` : `${priority[0]!.toUpperCase()}${priority.slice(1)}: ${why}${risk.flagged ? `; the text also mentions ${risk.matches.map((m) => `"${m.found}"`).join(', ')}` : ''} (${NOTIFICATION_RULES_VERSION}, ${NOTIFICATION_TYPES_VERSION}).`;
  return { priority, riskFlagged: risk.flagged, matches: risk.matches, explanation };
}

export const PRIORITY_ORDER: Record<NotificationPriority, number> = { urgent: 0, high: 1, routine: 2 };
