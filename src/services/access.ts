/**
 * The services' side of the declared table (src/domain/access/permissions.ts): every use case asks
 * here, with the facts about the person and the record, instead of listing roles itself.
 */
import { check, type Action, type ParticipationKind } from '../domain/access/permissions.js';
import type { TeamRole } from '../domain/inspection/inspection-model.js';
import type { Executor } from '../data/database.js';
import { requireUser } from './authorisation.js';
import type { ServiceContext, SignedInUser } from './context.js';
import { ForbiddenError, NotFoundError } from './errors.js';

/** What an inspection-scoped check needs (InspectionAccess has all of it). */
export interface AccessFacts {
  user: SignedInUser;
  side: 'regulator' | 'organisation';
  teamRole: TeamRole | null;
  participation?: readonly ParticipationKind[];
  inspection: { id: string };
}

const FOUR_EYES_MESSAGE: Partial<Record<Action, string>> = {
  'judgement.approve': 'The judgement must be approved by an inspection manager who is not the lead inspector and did not score it',
  'report.approve': 'The draft report must be approved by an inspection manager who is not the lead inspector and did not write it',
  'report.publish': 'The report must be published by an inspection manager who is not the lead inspector and did not write it',
};

/** Anyone whose role the table does not allow for this action: "not found" (the page does not exist for them). */
export function requireAllowed(ctx: Pick<ServiceContext, 'actor'>, action: Action): SignedInUser {
  const user = requireUser(ctx);
  if (check(action, { role: user.role }) !== null) throw new NotFoundError();
  return user;
}

/** True when the person may take the action on this inspection (no four-eyes facts: for showing buttons). */
export function mayOnInspection(access: AccessFacts, action: Action, fourEyes: { isLeadInspector?: boolean; isAuthor?: boolean } = {}): boolean {
  return check(action, { role: access.user.role, teamRole: access.teamRole, participation: access.participation ?? [], ...fourEyes }) === null;
}

/** Throws 403 with a readable reason unless the person may take the action on this inspection. */
export function requireOnInspection(access: AccessFacts, action: Action, what: string, fourEyes: { isLeadInspector?: boolean; isAuthor?: boolean } = {}): void {
  const refusal = check(action, { role: access.user.role, teamRole: access.teamRole, participation: access.participation ?? [], ...fourEyes });
  if (refusal === 'four_eyes') throw new ForbiddenError(FOUR_EYES_MESSAGE[action] ?? `Someone other than the author must ${what}`);
  if (refusal) throw new ForbiddenError(`You do not have permission to ${what}`);
}

/** Is this user the inspection's lead inspector? */
export async function isLeadInspector(db: Executor, inspectionId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', inspectionId).where('user_id', '=', userId).where('role', '=', 'lead_inspector').executeTakeFirst();
  return !!row;
}
