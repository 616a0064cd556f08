/** Shared checks for the fieldwork services: which states allow what, and loading a child record's inspection. */
import type { Executor } from '../../data/database.js';
import { findInspection, isUuid } from '../../data/repositories/inspection.repository.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from '../inspections/inspection-access.js';

/** Evidence, briefings and concerns: while on site and while judging. */
export const FIELDWORK_STATES = ['fieldwork', 'judgement'] as const;

export function requireFieldworkState(access: InspectionAccess, what: string): void {
  if (!(FIELDWORK_STATES as readonly string[]).includes(access.inspection.state)) {
    throw new ConflictError(`You can ${what} only during fieldwork or judgement (this inspection is ${access.inspection.state.replace(/_/g, ' ')})`, 'wrong_state');
  }
}

/** Loads a row of one of the fieldwork tables by id, then its inspection for this user (404 if either is not visible). */
export async function loadChild<T extends { inspection_id: string }>(
  trx: Executor,
  ctx: ServiceContext,
  id: string,
  what: string,
  find: (trx: Executor, id: string) => Promise<T | undefined>,
  opts: { forUpdate?: boolean; enforcement?: boolean } = {},
): Promise<{ access: InspectionAccess; row: T }> {
  if (!isUuid(id)) throw new NotFoundError(`No ${what} found`);
  const row = await find(trx, id);
  if (!row) throw new NotFoundError(`No ${what} found`);
  try {
    const access = opts.enforcement ? await loadEnforcementAccess(trx, ctx, row.inspection_id, opts) : await loadInspectionAccess(trx, ctx, row.inspection_id, opts);
    return { access, row };
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`No ${what} found`);
    throw e;
  }
}

export async function userNames(trx: Executor, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const rows = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Enforcement work: the inspection team and managers as usual, and enforcement officers on any
 * inspection (they act for the regulator's enforcement side, not as members of a team).
 */
export async function loadEnforcementAccess(db: Executor, ctx: ServiceContext, inspectionId: string, opts: { forUpdate?: boolean } = {}): Promise<InspectionAccess> {
  try {
    return await loadInspectionAccess(db, ctx, inspectionId, opts);
  } catch (e) {
    if (!(e instanceof NotFoundError) || ctx.actor.kind !== 'user' || ctx.actor.user.role !== 'enforcement_officer') throw e;
    const inspection = await findInspection(db, inspectionId, opts);
    if (!inspection) throw e;
    return { inspection, user: ctx.actor.user, side: 'regulator', teamRole: null, isManager: false, organisationIds: [], isLeadOrganisation: false };
  }
}

export function requireEnforcementEditor(access: InspectionAccess, what: string): void {
  if (access.side === 'regulator' && access.user.role === 'enforcement_officer') return;
  requireInspectorEditor(access, what);
}
