/**
 * Typed URL builders: the one place pages, redirects and view-models get a URL of the app from.
 * Pure string functions in the domain so services (notification and email links) and web (routes,
 * redirects, view-models, via the re-export in src/web/paths.ts) share one implementation.
 * Route registration keeps fastify's patterns ("/inspections/:id"); a unit test
 * (app-paths.test.ts) checks every builder here against the route-rules table (src/domain/access/route-rules.ts), so a
 * builder cannot point at a page that does not exist. Pure.
 */

/** What follows a record's own path: a sub-page ("/evidence"), or a query ("?notice=saved"). */
export type SubPath = '' | `/${string}` | `?${string}`;

/** Query parameters; those left undefined are not written. */
export type QueryParams = Readonly<Record<string, string | undefined>>;

/** A path with a query string ("/inspections/new?subjectType=location&subjectCode=1-1"), encoded. */
export function withQuery(path: string, query: QueryParams): string {
  const given = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  return given.length ? `${path}?${new URLSearchParams(given).toString()}` : path;
}

// Inspections and what hangs off them

export function inspectionPath(id: string, rest: SubPath = ''): string {
  return `/inspections/${id}${rest}`;
}

/** An evidence request of an inspection. */
export function requestPath(inspectionId: string, requestId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/evidence/${requestId}${rest}`);
}

/** A case's tracking page. */
export function trackedCasePath(inspectionId: string, caseId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/cases/${caseId}/tracking${rest}`);
}

/** The inspection's report workspace and its stages. */
export function reportPath(inspectionId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/report${rest}`);
}

export function evidenceItemsPath(inspectionId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/evidence-items${rest}`);
}

/** One evidence item recorded in fieldwork. */
export function evidenceItemPath(inspectionId: string, itemId: string, rest: SubPath = ''): string {
  return evidenceItemsPath(inspectionId, `/${itemId}${rest}`);
}

/** One briefing or feedback meeting. */
export function briefingPath(inspectionId: string, briefingId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/briefings/${briefingId}${rest}`);
}

export function concernPath(inspectionId: string, concernId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/concerns/${concernId}${rest}`);
}

export function judgementPath(inspectionId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/judgement${rest}`);
}

export function enforcementPath(inspectionId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/enforcement${rest}`);
}

/** One enforcement action of an inspection. */
export function enforcementActionPath(inspectionId: string, actionId: string, rest: SubPath = ''): string {
  return enforcementPath(inspectionId, `/${actionId}${rest}`);
}

/** A generated enforcement document (a letter or notice). */
export function enforcementDocumentPath(inspectionId: string, documentId: string): string {
  return enforcementPath(inspectionId, `/documents/${documentId}`);
}

export function actionPlanPath(inspectionId: string, rest: SubPath = ''): string {
  return inspectionPath(inspectionId, `/action-plan${rest}`);
}

/** Planning a new inspection, optionally with the plan form filled in from a query. */
export function newInspectionPath(query: QueryParams = {}): string {
  return withQuery('/inspections/new', query);
}

/** The "find what to inspect" search. */
export function findSubjectPath(query: QueryParams = {}): string {
  return withQuery('/inspections/new/find-subject', query);
}

// Organisations and people

export function organisationPath(id: string): string {
  return `/organisations/${id}`;
}

export function personPath(organisationId: string, userId: string): string {
  return `/organisations/${organisationId}/people/${userId}`;
}

// The public register and published reports

export function locationPath(locationId: string): string {
  return `/locations/${locationId}`;
}

export function providerPath(providerId: string): string {
  return `/providers/${providerId}`;
}

/** A published report, by its link id; optionally a query ("?version=2") or a part of it ("#response"). */
export function publicReportPath(linkId: string, rest: '' | `?${string}` | `#${string}` = ''): string {
  return `/reports/${linkId}${rest}`;
}

export function publicReportPdfPath(linkId: string): string {
  return `/reports/${linkId}/report.pdf`;
}

// Feedback, notifications and the provider portal

export function feedbackPath(id: string, rest: SubPath = ''): string {
  return `/feedback/${id}${rest}`;
}

export function sharedFeedbackPath(id: string): string {
  return `/shared-feedback/${id}`;
}

export function notificationPath(id: string, rest: SubPath = ''): string {
  return `/notifications/${id}${rest}`;
}

export function ratingReviewPath(id: string, rest: SubPath = ''): string {
  return `/rating-reviews/${id}${rest}`;
}

export function informationReturnPath(id: string, rest: SubPath = ''): string {
  return `/information-returns/${id}${rest}`;
}

// Inspection sub-pages named in notifications and work lists

/** A visit of the inspection's programme. */
export function visitPath(inspectionId: string, visitId: string): string {
  return inspectionPath(inspectionId, `/programme/visits/${visitId}`);
}

// Links sent by email with a one-time token

export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

export function passwordResetPath(token: string): string {
  return `/password-reset/${token}`;
}

// Pages with no parameter that emails link to

/** A person's own work queue. */
export function myWorkPath(): string {
  return '/my-work';
}

/** Where someone who gave feedback checks what became of it, with their reference. */
export function feedbackStatusPath(): string {
  return '/give-feedback/status';
}
