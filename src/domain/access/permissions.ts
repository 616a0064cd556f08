/**
 * Who may do what: the one declared table.
 *
 * Each action says who may take it:
 *  - `roles`: user roles that may take it on any record (no team place needed);
 *  - `team`: roles on an inspection's team that may take it on that inspection (a team role can
 *    only be held by someone whose own role allows it: TEAM_ROLE_ELIGIBILITY);
 *  - `participation`: how an organisation takes part in an inspection (subject, lead commissioner,
 *    provider of a service in scope, ...) that lets its users take it on that inspection;
 *  - `fourEyes`: an approval, never made by the lead inspector or an author of the work approved;
 *  - `handler`: user roles that may take it on a record they handle themselves (the person who
 *    took a piece of feedback on: the last to record a triage decision on it).
 *
 * Routes (src/domain/access/route-rules.ts), pages, the API and the services all read this table:
 * the route guard refuses a role the table never allows, and the services check the team,
 * participation and four-eyes rules on the record itself (src/services/access.ts).
 * Pure data and functions: no I/O.
 */
import { EDITING_TEAM_ROLES, TEAM_ROLES, type TeamRole } from '../inspection/inspection-model.js';
import { isOrganisationRole, ROLES, type Role } from '../vocabulary/roles.js';


/**
 * How an organisation takes part in an inspection. Extend this list (and the rules below) when a new
 * kind of participation is recorded; `participationKindsOf` in the services works out a user's kinds.
 */
export const PARTICIPATION_KINDS = ['subject', 'lead_commissioner', 'scope_provider', 'scope_commissioner', 'partner', 'named_contact'] as const;
export type ParticipationKind = (typeof PARTICIPATION_KINDS)[number];
/** The organisations that coordinate the whole response (the report is about them). */
export const LEAD_PARTICIPATION: readonly ParticipationKind[] = ['subject', 'lead_commissioner'];

/** Which user roles may hold each team role: the inspection manager team role only an inspection manager. */
export const TEAM_ROLE_ELIGIBILITY: Record<TeamRole, readonly Role[]> = {
  lead_inspector: ['inspector', 'inspection_manager'],
  inspector: ['inspector', 'inspection_manager'],
  specialist_adviser: ['inspector', 'inspection_manager', 'enforcement_officer', 'factual_accuracy_reviewer'],
  expert_by_experience: ['inspector', 'inspection_manager', 'enforcement_officer', 'factual_accuracy_reviewer'],
  inspection_manager: ['inspection_manager'],
};

const ALL_TEAM: readonly TeamRole[] = TEAM_ROLES;
const EDITORS: readonly TeamRole[] = EDITING_TEAM_ROLES;
const LEADS: readonly TeamRole[] = ['lead_inspector', 'inspection_manager'];
const ANY_PARTICIPANT: readonly ParticipationKind[] = PARTICIPATION_KINDS;
/** The regulator's people who work the provider portal. */
const PORTAL_REGULATOR: readonly Role[] = ['inspector', 'inspection_manager', 'administrator'];

export interface PermissionRule {
  /** What the action is, in words (docs/security.md prints this table). */
  label: string;
  roles: readonly Role[];
  team?: readonly TeamRole[];
  participation?: readonly ParticipationKind[];
  fourEyes?: boolean;
  handler?: readonly Role[];
}

export const PERMISSIONS = {
  // Your own account
  'account.use': { label: 'Use your own account, notifications and home page', roles: ROLES },
  'account.manage_tokens': { label: 'Create and revoke your own personal access tokens (never with a token)', roles: ROLES },
  // People and organisations
  'organisation.view': { label: 'See an organisation and its people (your own; the regulator sees all)', roles: ROLES },
  'organisation.manage_people': { label: 'Invite, remove and restore people (organisation administrators for their own organisation; administrators anywhere)', roles: ROLES },
  'users.administer': { label: 'Create regulator accounts and see every user', roles: ['administrator'] },
  'audit.view': { label: 'Read the audit log', roles: ['administrator'] },
  'outbox.view': { label: 'Read the mail outbox (links masked)', roles: ['administrator'] },
  'jobs.manage': { label: 'See background jobs and retry a failed one', roles: ['administrator'] },
  // Planning
  'inspection.list': { label: 'List the inspections you may see', roles: ROLES },
  'inspection.plan': { label: 'Plan an inspection and choose its lead inspector', roles: ['inspection_manager'] },
  'inspection.propose_plan': { label: 'Propose an inspection naming yourself lead (a manager confirms the team before notice)', roles: ['inspector'] },
  'inspection.confirm_team': { label: 'Confirm an inspection team proposed by an inspector', roles: ['inspection_manager'] },
  'inspection.view': {
    label: 'See an inspection (organisations once told of it; enforcement officers its enforcement part)',
    roles: ['inspection_manager', 'administrator', 'enforcement_officer', 'factual_accuracy_reviewer'],
    team: ALL_TEAM,
    participation: ANY_PARTICIPANT,
  },
  'inspection.change_plan': { label: 'Change the plan, team, contacts and the organisations taking part', roles: ['inspection_manager'], team: LEADS },
  'organisation.create': { label: 'Create an organisation that has no register or NHS code (while adding it to an inspection)', roles: ['inspection_manager', 'administrator'], team: LEADS },
  'inspection.move': { label: 'Notify, start or end fieldwork, cancel (the lifecycle table says which move)', roles: ['inspection_manager'], team: EDITORS },
  // Fieldwork
  'fieldwork.view': { label: 'See evidence, cases, samples, programme, briefings and concerns', roles: ['inspection_manager', 'administrator', 'enforcement_officer'], team: ALL_TEAM, participation: ANY_PARTICIPANT },
  'fieldwork.record': { label: 'Request and record evidence, sample cases, plan visits, raise concerns', roles: ['inspection_manager'], team: EDITORS },
  'fieldwork.respond': { label: 'Upload evidence and the case list, answer concerns (for your own organisation)', roles: [], team: EDITORS, participation: ANY_PARTICIPANT },
  'evidence.download': { label: 'Download an evidence file (audited)', roles: ['inspection_manager', 'administrator', 'enforcement_officer'], team: ALL_TEAM, participation: ANY_PARTICIPANT },
  // Judgement
  'judgement.view': { label: 'See the scores and proposed ratings', roles: ['inspection_manager', 'administrator'], team: ALL_TEAM },
  'judgement.score': { label: 'Score quality statements and choose the rating method', roles: ['inspection_manager'], team: EDITORS },
  'judgement.approve': { label: 'Approve the judgement (four-eyes: never the lead inspector or a scorer)', roles: ['inspection_manager'], fourEyes: true },
  // Report
  'report.view': { label: 'Read the draft report', roles: ['inspection_manager', 'administrator', 'factual_accuracy_reviewer'], team: ALL_TEAM, participation: ANY_PARTICIPANT },
  'report.draft': { label: 'Write the draft report and send it for approval or factual accuracy (reviewers make accepted factual accuracy changes)', roles: ['inspection_manager', 'factual_accuracy_reviewer'], team: EDITORS },
  'report.approve': { label: 'Approve or return the draft report (four-eyes: never the lead inspector or an author)', roles: ['inspection_manager'], fourEyes: true },
  'report.publish': { label: 'Publish the report (four-eyes: never the lead inspector or an author)', roles: ['inspection_manager'], fourEyes: true },
  'report.comment': { label: 'Comment on the draft for factual accuracy', roles: [], participation: ANY_PARTICIPANT },
  'report.review_comments': { label: 'Decide factual accuracy comments and extension requests', roles: ['factual_accuracy_reviewer', 'inspection_manager'], team: LEADS },
  'report.respond': { label: 'Publish the organisation’s response statement', roles: [], participation: LEAD_PARTICIPATION },
  'reports.dashboards': { label: 'See the draft-report and timeliness dashboards', roles: ['inspector', 'inspection_manager', 'administrator', 'factual_accuracy_reviewer'] },
  // Enforcement
  'enforcement.view': { label: 'See breaches and enforcement actions', roles: ['enforcement_officer', 'inspection_manager', 'administrator'], team: ALL_TEAM, participation: ANY_PARTICIPANT },
  'enforcement.work': { label: 'Record breaches and take enforcement actions', roles: ['enforcement_officer', 'inspection_manager'], team: EDITORS },
  'enforcement.represent': { label: 'Make representations about a notice (for your own organisation)', roles: [], participation: ANY_PARTICIPANT },
  // After the report
  'action_plan.view': { label: 'See the action plan', roles: ['inspection_manager', 'administrator', 'enforcement_officer'], team: ALL_TEAM, participation: ANY_PARTICIPANT },
  'action_plan.respond': { label: 'Draft and change your own organisation’s actions in the action plan', roles: [], participation: ANY_PARTICIPANT },
  'action_plan.submit': { label: 'Submit the joint action plan, and open a revision of an accepted one (the lead organisation)', roles: [], participation: LEAD_PARTICIPATION },
  'action_plan.review': { label: 'Review the action plan', roles: ['inspection_manager'], team: EDITORS },
  'action_plan.progress': { label: 'Record progress on an action', roles: ['inspection_manager'], team: EDITORS, participation: ANY_PARTICIPANT },
  'monitoring.view': { label: 'See monitoring and intelligence', roles: ['inspection_manager', 'administrator'] },
  'follow_up.manage': { label: 'See follow-up and plan a follow-up inspection', roles: ['inspector', 'inspection_manager', 'administrator'] },
  'feedback.triage': { label: 'Triage feedback from the public (without the contact details of the person who gave it)', roles: ['inspector', 'inspection_manager', 'administrator'] },
  // Those triaging a piece of feedback: inspection managers; the inspector handling it (the last to
  // record a triage decision on it: choosing "Being looked at" takes it on); the lead, inspectors
  // and manager of the inspection it is linked to. Never administrators. Each view is audited.
  'feedback.contact_details': {
    label: 'See the name, email and phone of the person who gave feedback (those triaging that feedback; each view audited)',
    roles: ['inspection_manager'],
    team: EDITORS,
    handler: ['inspector'],
  },
  'feedback.respond': { label: 'See feedback shared with your organisation and respond to it', roles: ['provider_user'] },
  // The provider portal (issue 19): statutory notifications, requests for a review of ratings,
  // provider information returns. The organisation side acts for its own organisation and its
  // locations; the services check that on the record (src/services/provider-portal/portal-access.ts).
  'notifications.view': { label: 'See statutory notifications (your organisation’s; the regulator sees all)', roles: ['provider_user', ...PORTAL_REGULATOR] },
  'notifications.submit': { label: 'Send a statutory notification for your organisation', roles: ['provider_user'] },
  'notifications.triage': { label: 'Triage statutory notifications and see notification gaps', roles: PORTAL_REGULATOR },
  'rating_review.view': { label: 'See requests for a review of ratings (your organisation’s; the regulator sees all)', roles: ['provider_user', ...PORTAL_REGULATOR] },
  'rating_review.request': { label: 'Ask for a review of the ratings in your organisation’s published report', roles: ['provider_user'] },
  'rating_review.decide': { label: 'Decide whether a request for a review of ratings has grounds, and assign the reviewer', roles: ['inspection_manager', 'administrator'] },
  'rating_review.complete': { label: 'Record the outcome of a review of ratings (only the reviewer assigned, never someone involved in the inspection)', roles: PORTAL_REGULATOR },
  'information_return.view': { label: 'See provider information returns (your organisation’s; the regulator sees all)', roles: ['provider_user', ...PORTAL_REGULATOR] },
  'information_return.request': { label: 'Ask a provider or location for an information return', roles: PORTAL_REGULATOR },
  'information_return.answer': { label: 'Answer and submit your organisation’s information return', roles: ['provider_user'] },
  'gp_survey.view': { label: 'See GP patient survey results', roles: ['inspector', 'inspection_manager', 'administrator', 'enforcement_officer'], team: ALL_TEAM, participation: ANY_PARTICIPANT },
} as const satisfies Record<string, PermissionRule>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function ruleFor(action: Action): PermissionRule {
  return PERMISSIONS[action];
}

/** May someone in this role hold this team role? */
export function mayHoldTeamRole(role: Role, teamRole: TeamRole): boolean {
  return TEAM_ROLE_ELIGIBILITY[teamRole].includes(role);
}

/**
 * Could someone in this role take this action on some record? (The route guard's check: a role
 * that can never take the action is told the page does not exist.)
 */
export function roleMayEver(role: Role, action: Action): boolean {
  const rule: PermissionRule = PERMISSIONS[action];
  if (rule.roles.includes(role)) return true;
  if (rule.team?.some((t) => mayHoldTeamRole(role, t))) return true;
  if (rule.participation?.length && isOrganisationRole(role)) return true;
  if (rule.handler?.includes(role)) return true;
  return false;
}

/** What the service knows about the person and the record. */
export interface PermissionFacts {
  role: Role;
  /** Regulator side: the person's role on this inspection's team. */
  teamRole?: TeamRole | null;
  /** Organisation side: how the person's organisation takes part in this inspection. */
  participation?: readonly ParticipationKind[];
  /** For four-eyes actions: is the person the lead inspector, or an author of the work approved? */
  isLeadInspector?: boolean;
  isAuthor?: boolean;
  /** Is the person handling this record themselves (see `handler`)? */
  isHandler?: boolean;
}

export type PermissionRefusal = 'not_allowed' | 'four_eyes';

/** May this person take this action on this record? Returns null when they may, else why not. */
export function check(action: Action, facts: PermissionFacts): PermissionRefusal | null {
  const rule: PermissionRule = PERMISSIONS[action];
  const byRole = rule.roles.includes(facts.role);
  const byTeam = !!facts.teamRole && !!rule.team?.includes(facts.teamRole) && mayHoldTeamRole(facts.role, facts.teamRole);
  const byParticipation = isOrganisationRole(facts.role) && !!facts.participation?.some((p) => rule.participation?.includes(p));
  const byHandler = !!facts.isHandler && !!rule.handler?.includes(facts.role);
  if (!byRole && !byTeam && !byParticipation && !byHandler) return 'not_allowed';
  if (rule.fourEyes && (facts.isLeadInspector || facts.isAuthor)) return 'four_eyes';
  return null;
}

export function allows(action: Action, facts: PermissionFacts): boolean {
  return check(action, facts) === null;
}

/**
 * Personal access token scopes: `read` for every GET, and one named write scope per area. A token
 * never manages tokens (creating a token needs a signed-in person).
 */
export const TOKEN_SCOPES = ['read', 'inspections:write', 'reports:write', 'responses:write', 'enforcement:write', 'feedback:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/**
 * Issue 19: a provider's own system submits statutory notifications through /api/v1 only with a
 * token its signed-in user has given this scope (personal_access_tokens.scope_notifications, set on
 * the API tokens page or by PUT /api/v1/tokens/:id/scopes/notifications from a session; a token can
 * never give it to itself, as tokens never manage tokens). The route guard checks it like any scope.
 */
export const NOTIFICATIONS_SUBMIT_SCOPE = 'notifications:submit';
export type ApiTokenScope = TokenScope | typeof NOTIFICATIONS_SUBMIT_SCOPE;
export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
  read: 'Read everything you can see',
  'inspections:write': 'Plan inspections and record fieldwork, judgements and action plan reviews',
  'reports:write': 'Draft, approve and publish reports, decide factual accuracy comments',
  'responses:write': 'Respond for your organisation: evidence, case lists, comments, representations, action plans',
  'enforcement:write': 'Record breaches and take enforcement action',
  'feedback:write': 'Triage feedback',
};

/** The write scope an action needs when taken with a token (null: never with a token). */
export function writeScopeFor(action: Action): TokenScope | null {
  if (action === 'account.manage_tokens' || action === 'users.administer' || action === 'organisation.manage_people') return null;
  if (action.startsWith('report.')) return action === 'report.comment' || action === 'report.respond' ? 'responses:write' : 'reports:write';
  if (action.startsWith('enforcement.')) return action === 'enforcement.represent' ? 'responses:write' : 'enforcement:write';
  if (action === 'fieldwork.respond' || action === 'action_plan.respond' || action === 'action_plan.submit' || action === 'action_plan.progress' || action === 'feedback.respond') return 'responses:write';
  if (action === 'notifications.submit' || action === 'rating_review.request' || action === 'information_return.answer') return 'responses:write';
  if (action === 'notifications.triage' || action === 'rating_review.decide' || action === 'rating_review.complete' || action === 'information_return.request') return 'inspections:write';
  if (action === 'feedback.triage') return 'feedback:write';
  return 'inspections:write';
}
