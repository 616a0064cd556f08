/**
 * Following enforcement through (issue 16): the regulator's decision on whether the provider
 * complied with a notice by its date (with the evidence), the next step of the escalation when
 * it did not, and the enforcement officer's decision on representations sent late. Each use
 * case is one transaction with its audit row; the moves, documents and deadlines come from the
 * enforcement workflow and the rules engine.
 */
import { COMPLY_BY_KINDS, COMPLIANCE_DECISION_TEXT, escalationOptions, isComplianceDecision } from '../../domain/enforcement/compliance.js';
import { formatLongDate } from '../../domain/deadlines/calendar-date.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { canRecordCompliance, isEnforcementActionKind, kindName, organisationEvent, type EnforcementActionKind, type EnforcementState } from '../../domain/fieldwork/enforcement-workflow.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { notify } from '../notifications.service.js';
import { applyMove, createEnforcementAction } from './enforcement.service.js';
import { loadChild, requireEnforcementEditor } from './fieldwork-access.js';
import { getEnforcementAction, type EnforcementActionView } from './fieldwork-read.service.js';
import { enforcementActionPath } from '../../domain/shared/app-paths.js';

export { complianceCheckFor } from './fieldwork-read.service.js';

export interface ComplianceDecisionInput {
  decision: string;
  evidence: string;
  version?: number | null;
}

export async function recordComplianceDecision(ctx: ServiceContext, actionId: string, input: ComplianceDecisionInput): Promise<EnforcementActionView> {
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, actionId, 'enforcement action', (db, id) => db.selectFrom('enforcement_actions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(), { enforcement: true });
    if (access.side !== 'regulator') throw new NotFoundError('No enforcement action found');
    requireEnforcementEditor(access, 'record whether the provider complied');
    if (input.version !== undefined && input.version !== null && input.version !== row.version) throw new ConflictError('Someone else changed this enforcement action since you loaded it. Reload it and try again.', 'version_conflict');
    const kind = row.kind as EnforcementActionKind;
    if (!(COMPLY_BY_KINDS as readonly string[]).includes(kind)) throw new ConflictError(`A ${kindName(kind).toLowerCase()} has no date to comply by to check`, 'illegal_transition');
    if (!canRecordCompliance(kind, row.state as EnforcementState)) throw new ConflictError(`Compliance cannot be recorded: the ${kindName(kind).toLowerCase()} is ${row.state.replace(/_/g, ' ')}`, 'illegal_transition');
    const errors: FieldError[] = [];
    if (!isComplianceDecision(input.decision)) errors.push({ field: 'decision', message: 'Choose whether the provider complied, partly complied or did not comply' });
    const evidence = input.evidence?.trim() ?? '';
    if (!evidence) errors.push({ field: 'evidence', message: 'Describe the evidence that shows whether the provider complied' });
    else if (evidence.length > 10_000) errors.push({ field: 'evidence', message: 'The evidence must be 10,000 characters or fewer' });
    const today = londonDate(ctx.clock.now());
    if (row.compliance_date && today < row.compliance_date) errors.push({ field: 'decision', message: `Compliance can be checked on or after the date to comply by, ${formatLongDate(row.compliance_date)}` });
    if (errors.length) throw new ValidationError(errors);
    const decision = input.decision as keyof typeof COMPLIANCE_DECISION_TEXT;
    const now = ctx.clock.now();
    await trx.updateTable('enforcement_actions').set({ compliance_decision: decision, compliance_evidence: evidence, compliance_decided_by: access.user.id, compliance_decided_at: now }).where('id', '=', row.id).execute();
    const updated = { ...row, compliance_decision: decision, compliance_evidence: evidence, compliance_decided_by: access.user.id, compliance_decided_at: now };
    await applyMove(trx, ctx, access, updated, 'record_compliance', {});
    await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'enforcement_compliance', summary: `${kindName(kind)}: ${COMPLIANCE_DECISION_TEXT[decision].toLowerCase()}`, visibleToOrganisation: true });
  });
  return getEnforcementAction(ctx, actionId);
}

/** Not complied (or partly): the next step of the escalation, as a new action in draft linked to the notice. */
export async function escalateEnforcementAction(ctx: ServiceContext, actionId: string, input: { kind: string }): Promise<EnforcementActionView> {
  const { access, row } = await loadChild(ctx.db, ctx, actionId, 'enforcement action', (db, id) => db.selectFrom('enforcement_actions').selectAll().where('id', '=', id).executeTakeFirst(), { enforcement: true });
  if (access.side !== 'regulator') throw new NotFoundError('No enforcement action found');
  requireEnforcementEditor(access, 'choose the next enforcement step');
  if (row.compliance_decision === null) throw new ConflictError('Record whether the provider complied before choosing the next step', 'illegal_transition');
  if (row.compliance_decision === 'complied') throw new ConflictError('The provider complied: there is no next step to take', 'illegal_transition');
  const breach = row.breach_id ? await ctx.db.selectFrom('breaches').select('regulation').where('id', '=', row.breach_id).executeTakeFirst() : undefined;
  const options = escalationOptions(row.kind, breach?.regulation ?? null);
  if (!isEnforcementActionKind(input.kind) || !options.some((o) => o.kind === input.kind)) {
    throw new ValidationError([{ field: 'kind', message: `Choose the next step: ${options.map((o) => o.name.toLowerCase()).join(', ')}` }]);
  }
  const next = await createEnforcementAction(ctx, row.inspection_id, { kind: input.kind, breachId: row.breach_id, organisationId: row.organisation_id, escalatedFromId: row.id });
  await inTransaction(ctx, async (trx) => {
    await recordAudit(trx, ctx, { action: 'ENFORCEMENT_ESCALATED', subjectType: 'enforcement_action', subjectId: row.id, after: { next: next.id, kind: input.kind } });
  });
  return next;
}

export async function decideLateRepresentations(ctx: ServiceContext, representationId: string, input: { decision: string; reason?: string | null }): Promise<EnforcementActionView> {
  let actionId = '';
  await inTransaction(ctx, async (trx) => {
    const { access, row: rep } = await loadChild(
      trx,
      ctx,
      representationId,
      'representation',
      (db, id) => db.selectFrom('enforcement_representations as r').innerJoin('enforcement_actions as a', 'a.id', 'r.action_id').selectAll('r').select('a.inspection_id').where('r.id', '=', id).forUpdate().executeTakeFirst(),
      { enforcement: true },
    );
    if (access.side !== 'regulator') throw new NotFoundError('No representation found');
    requireEnforcementEditor(access, 'decide on late representations');
    actionId = rep.action_id;
    if (!rep.late) throw new ConflictError('These representations came in time: there is nothing to decide', 'not_late');
    if (rep.late_decision) throw new ConflictError(`These late representations were already ${rep.late_decision}`, 'already_decided');
    const errors: FieldError[] = [];
    if (input.decision !== 'accepted' && input.decision !== 'declined') errors.push({ field: 'decision', message: 'Choose whether to accept or decline the late representations' });
    const reason = input.reason?.trim() ?? '';
    if (!reason) errors.push({ field: 'reason', message: input.decision === 'accepted' ? 'Give the reason for accepting representations sent after their due date' : 'Give the reason for declining the late representations' });
    if (errors.length) throw new ValidationError(errors);
    const action = await trx.selectFrom('enforcement_actions').selectAll().where('id', '=', rep.action_id).forUpdate().executeTakeFirstOrThrow();
    const now = ctx.clock.now();
    await trx.updateTable('enforcement_representations').set({ late_decision: input.decision as 'accepted', late_decision_reason: reason, late_decided_by: access.user.id, late_decided_at: now }).where('id', '=', rep.id).execute();
    if (input.decision === 'accepted') {
      const event = organisationEvent(action.kind as EnforcementActionKind, action.state as EnforcementState);
      // Considered as if received in time, but no new statutory clock starts by itself.
      if (event) await applyMove(trx, ctx, access, action, event, {}, { startDeadlines: false });
    }
    await addTimelineEvent(trx, ctx, rep.inspection_id, { kind: 'enforcement_late_representations_decided', summary: `Late representations ${input.decision}: ${reason}`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: input.decision === 'accepted' ? 'LATE_REPRESENTATIONS_ACCEPTED' : 'LATE_REPRESENTATIONS_DECLINED', subjectType: 'enforcement_representation', subjectId: rep.id, after: { reason } });
    await notify(trx, { userId: rep.submitted_by, title: `Your late representations were ${input.decision}`, body: reason, link: enforcementActionPath(rep.inspection_id, rep.action_id) });
  });
  return getEnforcementAction(ctx, actionId);
}
