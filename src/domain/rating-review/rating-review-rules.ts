/**
 * Rating review requests (issue 19, item 3), from CQC's published guidance on requesting a
 * review of ratings: a request within 15 working days of the report's publication (the deadline
 * rule `rating-review-request`, counted with bank holidays); only on the grounds that the process
 * for making ratings decisions was not followed, never disagreement with the judgement; at most
 * 500 words; one request per report; sent by the registered manager, the nominated individual,
 * or the chief executive of an NHS trust or local authority. The reviewer is independent of the
 * inspection: never on its team, never the person who approved or published its report or judgement.
 */
import { computeDeadline, type Deadline } from '../deadlines/statutory-deadlines.js';
import type { CalendarDate } from '../deadlines/calendar-date.js';
import { err, ok, type Result } from '../shared/result.js';

export const RATING_REVIEW_RULES_VERSION = 'rating-review/1';
export const REVIEW_MAX_WORDS = 500;

export const REVIEW_CAPACITIES = ['registered_manager', 'nominated_individual', 'chief_executive'] as const;
export type ReviewCapacity = (typeof REVIEW_CAPACITIES)[number];
export const REVIEW_CAPACITY_LABELS: Record<ReviewCapacity, string> = {
  registered_manager: 'Registered manager',
  nominated_individual: 'Nominated individual',
  chief_executive: 'Chief executive',
};

export type ReviewOrganisationKind = 'nhs_trust' | 'local_authority' | 'other';

/** What is known of the organisation the report is about, and of its provider (for a location). */
export interface OrganisationFacts {
  kind: string;
  name: string;
  odsCode: string | null;
  localAuthorityCode: string | null;
  /** The register's provider type and ownership type ("NHS Healthcare Organisation", "NHS Body", "Local Authority"), when on the register. */
  registerType: string | null;
  registerOwnership: string | null;
}

/**
 * Whether a chief executive may ask: the organisation (or the provider of the location) is an NHS
 * trust or a local authority. From the register's provider type or ownership when known, else the
 * organisation itself: a council record, a local authority code, or an NHS trust's ODS code (three
 * characters beginning R or T) or name ("... NHS ... Trust"). A labelled rule (rating-review/1).
 */
export function reviewOrganisationKind(orgs: readonly OrganisationFacts[]): ReviewOrganisationKind {
  const registered = (o: OrganisationFacts) => `${o.registerType ?? ''} ${o.registerOwnership ?? ''}`;
  if (orgs.some((o) => o.kind === 'local_authority' || !!o.localAuthorityCode || /local authority/i.test(registered(o)) || /\b(borough|county|city|district) council$|^(london borough of|royal borough of)\b/i.test(o.name.trim()))) return 'local_authority';
  if (orgs.some((o) => /\bNHS\b/.test(registered(o)) || /^[RT][A-Z0-9]{2}$/.test((o.odsCode ?? '').toUpperCase()) || /\bNHS\b.*\btrust\b/i.test(o.name))) return 'nhs_trust';
  return 'other';
}

export function countWords(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/).length : 0;
}

export interface ReviewRequestFacts {
  publicationDate: CalendarDate;
  /** The London date the request arrives. */
  today: CalendarDate;
  /** The capacities the requester holds for the organisation the report is about. */
  capacities: readonly ReviewCapacity[];
  /** The kind of organisation, for "chief executive of an NHS trust or local authority". */
  organisationKind: ReviewOrganisationKind;
  alreadyRequested: boolean;
  grounds: string;
  confirmsProcessGrounds: boolean;
}

export interface Refusal {
  field: string;
  message: string;
}

export interface Eligibility {
  deadline: Deadline;
  capacity: ReviewCapacity;
  wordCount: number;
}

/** Whether the request may be made, and when not, every reason why in words. */
export function checkReviewRequest(f: ReviewRequestFacts): Result<Eligibility, Refusal[]> {
  const problems: Refusal[] = [];
  const due = computeDeadline('rating-review-request', f.publicationDate);
  if (!due.ok) return err([{ field: 'grounds', message: `The publication date cannot be read: ${due.error}` }]);
  const deadline = due.value;
  if (f.alreadyRequested) problems.push({ field: 'grounds', message: 'A review of this report’s ratings has already been requested: only one request can be made for each report' });
  if (f.today > deadline.due) {
    problems.push({ field: 'grounds', message: `The time to ask for a review has passed: a request must reach us within 15 working days of the report’s publication, by ${longDate(deadline.due)}` });
  }
  const allowed = f.capacities.filter((c) => c !== 'chief_executive' || f.organisationKind !== 'other');
  const capacity = allowed[0];
  if (!capacity) {
    problems.push({
      field: 'grounds',
      message:
        f.organisationKind === 'other'
          ? 'Only the registered manager or the nominated individual can ask for a review of ratings. Ask one of them to send it'
          : 'Only the registered manager, the nominated individual or the chief executive can ask for a review of ratings. Ask one of them to send it',
    });
  }
  const grounds = f.grounds.trim();
  const words = countWords(grounds);
  if (!grounds) problems.push({ field: 'grounds', message: 'Explain how the process for making the ratings decision was not followed' });
  else if (words > REVIEW_MAX_WORDS) problems.push({ field: 'grounds', message: `Your grounds must be ${REVIEW_MAX_WORDS} words or fewer: they have ${words} words` });
  if (!f.confirmsProcessGrounds) problems.push({ field: 'confirmsProcessGrounds', message: 'Confirm that your request is about the process for making the ratings decision, not disagreement with the judgement' });
  if (problems.length || !capacity) return err(problems);
  return ok({ deadline, capacity, wordCount: words });
}

export interface ReviewerFacts {
  reviewerId: string;
  reviewerRole: string;
  reviewerActive: boolean;
  teamMemberIds: readonly string[];
  approverIds: readonly string[];
}

/** The reviewer must be regulator staff who took no part in the inspection or the approval of its report. */
export function checkReviewer(f: ReviewerFacts): Result<true, string> {
  if (!f.reviewerActive || !['inspector', 'inspection_manager'].includes(f.reviewerRole)) return err('Choose an inspector or inspection manager to review the ratings');
  if (f.teamMemberIds.includes(f.reviewerId)) return err('The reviewer must not have been on the inspection team: choose someone who was not involved in the inspection');
  if (f.approverIds.includes(f.reviewerId)) return err('The reviewer must not be the person who approved the report or its judgement: choose someone who was not involved');
  return ok(true);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function longDate(d: CalendarDate): string {
  return `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
}
