/**
 * Issue 15 in the demo world: the Luton area review as a multi-agency review.
 * - Luton Borough Council (local authority code E06000032) takes part as the commissioner of the
 *   services in scope it commissions (health visiting, school nursing, sexual health, drugs and
 *   alcohol); Bedfordshire Hospitals NHS Foundation Trust takes part as the provider of midwifery
 *   and A&E (from the plan's scope);
 * - the school nursing recommendation is addressed to the provider and to the council;
 * - every declared participant with people is sent the draft for factual accuracy; those who did not
 *   comment confirm there are no inaccuracies;
 * - a joint action plan: the ICB, the trust and the council each draft their own actions (the
 *   council's owned by a named person without an account), the ICB submits it, the lead inspector
 *   accepts it, each owner records progress, and the ICB's first action is overdue (escalated).
 * Everything runs through the services with the demo people and historical clocks. Idempotent.
 */
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { fixedClock } from '../../domain/shared/clock.js';
import { runActionPlanFollowUp } from '../action-plans/action-follow-up.service.js';
import { addAction, changeAction, getActionPlan, reviewPlan, submitPlan } from '../action-plans/action-plan.service.js';
import { systemActor, type ServiceContext, type SignedInUser } from '../context.js';
import { addParticipant } from '../inspections/participants.service.js';
import { submitFactualAccuracy } from '../reports/factual-accuracy.service.js';
import { getPublishedReportForInspection } from '../reports/published-report.service.js';
import { addressRecommendation } from '../reports/recommendation-addressees.service.js';
import { parseRole } from '../../domain/vocabulary/roles.js';

type Ctx = ServiceContext;

export const LUTON_COUNCIL_CODE = 'E06000032';

async function person(ctx: Ctx, email: string): Promise<SignedInUser | null> {
  const u = await findUserByEmail(ctx.db, email);
  return u ? { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin } : null;
}

function as(ctx: Ctx, user: SignedInUser, at: string): Ctx {
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

async function council(ctx: Ctx): Promise<string | null> {
  return (await ctx.db.selectFrom('organisations').select('id').where('kind', '=', 'local_authority').where('name', '=', 'Luton Borough Council').executeTakeFirst())?.id ?? null;
}

/**
 * The council takes part in the Luton review as the commissioner of services in scope, and the
 * hospital trust is declared as the provider of midwifery and A&E (so it answers the factual
 * accuracy check too): both declared by the lead inspector.
 */
export async function declareLutonParticipants(ctx: Ctx, reviewId: string): Promise<string[]> {
  const councilId = await council(ctx);
  const trustId = (await ctx.db.selectFrom('organisations').select('id').where('kind', '=', 'provider').where('ods_code', '=', 'RC9').executeTakeFirst())?.id ?? null;
  const lead = await person(ctx, 'daniel.osei@inspectorate.example');
  if (!councilId || !trustId || !lead) return ['Luton area review: the council, the trust or the lead inspector is missing, not added'];
  const lines: string[] = [];
  for (const [organisationId, capacity, line] of [
    [councilId, 'scope_commissioner', 'Luton Borough Council takes part as commissioner of services in scope'],
    [trustId, 'scope_provider', 'Bedfordshire Hospitals NHS Foundation Trust takes part as provider of services in scope'],
  ] as const) {
    const already = await ctx.db.selectFrom('inspection_participants').select('capacity').where('inspection_id', '=', reviewId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (already) continue;
    await addParticipant(as(ctx, lead, '2026-09-09T14:30:00Z'), reviewId, { organisationId, capacity });
    lines.push(`Luton area review: ${line}`);
  }
  return lines;
}

/** After drafting: the school nursing recommendation is addressed to the council that commissions the service too. */
export async function addressLutonRecommendations(ctx: Ctx, reviewId: string, at: string): Promise<void> {
  const councilId = await council(ctx);
  const lead = await person(ctx, 'daniel.osei@inspectorate.example');
  if (!councilId || !lead) return;
  const report = await ctx.db.selectFrom('inspection_reports').select('id').where('inspection_id', '=', reviewId).executeTakeFirst();
  if (!report) return;
  const rec = await ctx.db.selectFrom('report_recommendations').select('id').where('report_id', '=', report.id).where('service_name', '=', 'School Nursing').executeTakeFirst();
  if (rec) await addressRecommendation(as(ctx, lead, at), reviewId, rec.id, [councilId]);
}

/** Organisations sent the draft that did not comment confirm there are no inaccuracies (as their first administrator). */
export async function confirmOtherRecipients(ctx: Ctx, inspectionId: string, at: string): Promise<void> {
  const report = await ctx.db.selectFrom('inspection_reports').select(['id', 'stage']).where('inspection_id', '=', inspectionId).executeTakeFirst();
  if (!report || report.stage !== 'factual_accuracy') return;
  const open = await ctx.db.selectFrom('fa_recipients').select('organisation_id').where('report_id', '=', report.id).where('submitted_at', 'is', null).execute();
  for (const r of open) {
    const u = await ctx.db
      .selectFrom('users')
      .innerJoin('organisations as o', 'o.id', 'users.organisation_id')
      .select('users.email')
      .where('users.status', '=', 'active')
      .where((eb) => eb.or([eb('o.id', '=', r.organisation_id), eb('o.parent_id', '=', r.organisation_id)]))
      .orderBy('users.is_org_admin', 'desc')
      .orderBy('users.email')
      .executeTakeFirst();
    const who = u ? await person(ctx, u.email) : null;
    if (who) await submitFactualAccuracy(as(ctx, who, at), inspectionId, { noInaccuracies: true });
  }
}

/** The joint action plan of the Luton review. */
export async function loadLutonJointPlan(ctx: Ctx, reviewId: string): Promise<string> {
  const label = 'Action plan for the Luton area review';
  const report = await getPublishedReportForInspection(ctx.db, reviewId);
  if (!report) return `${label}: its report is not published yet`;
  if (await ctx.db.selectFrom('action_plans').select('id').where('inspection_id', '=', reviewId).executeTakeFirst()) return `${label}: already there`;
  const [caroline, samuel, linda, fiona, daniel] = await Promise.all(['caroline.hughes@nhs.example', 'samuel.adeyemi@nhs.example', 'linda.osborne@nhs.example', 'fiona.kaur@luton.example', 'daniel.osei@inspectorate.example'].map((e) => person(ctx, e)));
  if (!caroline || !samuel || !linda || !fiona || !daniel) return `${label}: demo people missing, skipped`;
  const councilId = await council(ctx);
  const rec = (service: string | null) => report.recommendations.find((r) => (service ? r.serviceName === service : !r.serviceName));
  const ids: { icb?: string; trust?: string; council?: string } = {};
  const lac = rec(null);
  if (lac) ids.icb = await addAction(as(ctx, caroline, '2026-11-02T10:00:00Z'), reviewId, { title: 'Weekly tracking of initial health assessments for every child entering care, with escalation to the designated doctor after 15 working days; monthly report to the corporate parenting board.', ownerOrganisationId: caroline.organisationId, ownerUserId: samuel.id, ownerName: '', dueDate: '2026-11-20', covers: [`recommendation:${lac.id}`], milestones: '' });
  const midwifery = rec('Midwifery');
  if (midwifery) ids.trust = await addAction(as(ctx, linda, '2026-11-03T11:00:00Z'), reviewId, { title: 'Add a mandatory safeguarding handover entry to the maternity record and audit every handover to health visiting for three months.', ownerOrganisationId: linda.organisationId, ownerUserId: linda.id, ownerName: '', dueDate: '2027-01-29', covers: [`recommendation:${midwifery.id}`], milestones: '2026-12-18 Handover entry live in the maternity record' });
  const school = rec('School Nursing');
  if (school && councilId) ids.council = await addAction(as(ctx, fiona, '2026-11-03T14:00:00Z'), reviewId, { title: 'Agree consent arrangements with placing authorities so review health assessments go ahead while consent is sought, and add them to the 0–19 service specification.', ownerOrganisationId: councilId, ownerUserId: null, ownerName: 'Priya Shah, Head of Children’s Public Health Commissioning', dueDate: '2027-02-26', covers: [`recommendation:${school.id}`], milestones: '' });
  // Anything else the report asks (other recommendations, breaches) the ICB answers as the lead.
  const view = await getActionPlan(as(ctx, caroline, '2026-11-04T10:00:00Z'), reviewId);
  for (const item of view.uncovered) await addAction(as(ctx, caroline, '2026-11-04T10:00:00Z'), reviewId, { title: `Answer: ${item.label}`.slice(0, 500), ownerOrganisationId: caroline.organisationId, ownerUserId: caroline.id, ownerName: '', dueDate: '2027-03-31', covers: [`${item.kind}:${item.id}`], milestones: '' });
  await submitPlan(as(ctx, caroline, '2026-11-05T16:00:00Z'), reviewId);
  await reviewPlan(as(ctx, daniel, '2026-11-09T10:00:00Z'), reviewId, 'accept', 'Plan accepted. Each organisation’s actions will be followed up by their due dates.');
  if (ids.icb) await changeAction(as(ctx, caroline, '2026-11-13T15:00:00Z'), ids.icb, 'progress', 'Tracker in place; 6 of 9 children entering care in October assessed within 20 working days. Board report delayed to December.');
  if (ids.trust) await changeAction(as(ctx, linda, '2026-11-24T12:00:00Z'), ids.trust, 'progress', 'Handover entry designed with the community midwifery leads; goes live on 18 December.');
  if (ids.council) await changeAction(as(ctx, fiona, '2026-11-26T10:00:00Z'), ids.council, 'progress', 'Draft consent protocol shared with Bedfordshire and Hertfordshire placing authorities.');
  for (const at of ['2026-11-13', '2026-11-21']) await runActionPlanFollowUp({ ...ctx, actor: systemActor('action_plan_follow_up'), clock: fixedClock(`${at}T07:00:00Z`) });
  const done = await getActionPlan(as(ctx, caroline, '2026-11-26T12:00:00Z'), reviewId);
  return `${label}: joint plan with ${done.actions.length} actions owned by ${new Set(done.actions.map((a) => a.ownerOrganisation?.id)).size} organisations, accepted`;
}
