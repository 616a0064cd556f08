/**
 * Enforcement officers' work: every enforcement action on any inspection (they are not on
 * inspection teams), open ones first by their next statutory deadline, and an inspection's
 * details as the enforcement pages need them. Inspection managers and administrators see the
 * same list; anyone else is refused.
 */
import { sql } from 'kysely';
import { ENFORCEMENT_STATE_LABELS, ENFORCEMENT_STATES, isOpenEnforcementState, kindName, type EnforcementActionKind, type EnforcementState } from '../../domain/fieldwork/enforcement-workflow.js';
import { requireUser } from '../authorisation.js';
import type { ServiceContext } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { loadInspectionDetail, subjectNames, type InspectionDetail } from '../inspections/inspection-detail.js';
import { loadEnforcementAccess } from './fieldwork-access.js';

export const ENFORCEMENT_WORK_ROLES = ['enforcement_officer', 'inspection_manager', 'administrator'] as const;

export interface EnforcementWorkItem {
  actionId: string;
  inspectionId: string;
  inspectionReference: string;
  subjectName: string;
  organisationName: string;
  kindName: string;
  state: EnforcementState;
  stateLabel: string;
  open: boolean;
  /** The latest deadline the rules engine set for the action (the one it is waiting on while open). */
  deadline: { title: string; due: string } | null;
  /** Issue 16: the date to comply by, and the compliance decision once recorded. */
  complyBy: string | null;
  complianceDecision: string | null;
  updatedAt: Date;
}

/** An inspection as the enforcement pages show it: the team as usual, enforcement officers on any inspection. */
export async function getInspectionForEnforcement(ctx: ServiceContext, inspectionId: string): Promise<InspectionDetail> {
  return loadInspectionDetail(ctx.db, await loadEnforcementAccess(ctx.db, ctx, inspectionId));
}

export async function listEnforcementWork(ctx: ServiceContext, opts: { show?: 'open' | 'all' } = {}): Promise<EnforcementWorkItem[]> {
  const user = requireUser(ctx);
  if (!(ENFORCEMENT_WORK_ROLES as readonly string[]).includes(user.role)) throw new ForbiddenError('Only enforcement officers, inspection managers and administrators can see all enforcement work');
  const rows = await ctx.db
    .selectFrom('enforcement_actions as a')
    .innerJoin('inspections as i', 'i.id', 'a.inspection_id')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('enforcement_deadlines')
          .distinctOn('action_id')
          .select(['action_id', 'title', sql<string>`to_char(due, 'YYYY-MM-DD')`.as('due')])
          .orderBy('action_id')
          .orderBy('created_at', 'desc')
          .as('d'),
      (join) => join.onRef('d.action_id', '=', 'a.id'),
    )
    .$if(opts.show !== 'all', (q) => q.where('a.state', 'in', ENFORCEMENT_STATES.filter(isOpenEnforcementState)))
    .selectAll('i')
    .select(['a.id as action_id', 'a.kind', 'a.state as action_state', 'a.updated_at as action_updated_at', 'a.compliance_date', 'a.compliance_decision', 'o.name as organisation_name', 'd.title as deadline_title', 'd.due as deadline_due'])
    .execute();
  const names = await subjectNames(ctx.db, rows);
  const items = rows.map((r) => {
    const state = r.action_state as EnforcementState;
    return {
      actionId: r.action_id,
      inspectionId: r.id,
      inspectionReference: r.reference,
      subjectName: names.get(r.id) ?? r.reference,
      organisationName: r.organisation_name,
      kindName: kindName(r.kind as EnforcementActionKind),
      state,
      stateLabel: ENFORCEMENT_STATE_LABELS[state] ?? state,
      open: isOpenEnforcementState(state),
      deadline: r.deadline_title && r.deadline_due ? { title: r.deadline_title, due: r.deadline_due } : null,
      complyBy: r.compliance_date,
      complianceDecision: r.compliance_decision,
      updatedAt: r.action_updated_at,
    };
  });
  // Open first; among them the nearest deadline first (none last); then the most recently changed.
  return items.sort((x, y) => Number(y.open) - Number(x.open) || (x.open ? (x.deadline?.due ?? '9999').localeCompare(y.deadline?.due ?? '9999') : 0) || y.updatedAt.getTime() - x.updatedAt.getTime());
}
