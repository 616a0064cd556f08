/**
 * Taking work away: CSV files of the evidence checklist, case list, sample, programme and action
 * plan (domain/exports/csv.ts: BOM, CRLF, formula injection guarded), and iCalendar files of the
 * programme (domain/exports/icalendar.ts). Each reads through the same service the page uses, so a
 * person downloads exactly what they may see; cases appear by pseudonymous reference only (the
 * case list holds no names). Every download is audited (what, how many rows).
 */
import { downloadFileName, toCsv, type CsvCell } from '../../domain/exports/csv.js';
import { toICalendar, type CalendarEvent } from '../../domain/exports/icalendar.js';
import { formatDate } from '../../domain/shared/dates.js';
import { organisationFamily } from '../../data/repositories/inspection.repository.js';
import { getActionPlan } from '../action-plans/action-plan.service.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { listCases } from '../inspections/cases.service.js';
import { getEvidenceChecklist } from '../inspections/evidence.service.js';
import { loadInspectionAccess, type InspectionAccess } from '../inspections/inspection-access.js';
import { getProgramme, type VisitView } from '../inspections/programme.service.js';
import { listSamples } from '../inspections/sampling.service.js';

export interface Download {
  filename: string;
  contentType: string;
  body: string;
}

export const DOWNLOAD_KINDS = ['evidence', 'cases', 'sample', 'programme', 'action_plan', 'calendar'] as const;
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];

const CSV_TYPE = 'text/csv; charset=utf-8';
const ICS_TYPE = 'text/calendar; charset=utf-8';

async function audited(ctx: ServiceContext, access: InspectionAccess, kind: DownloadKind, rows: number, detail: Record<string, unknown> = {}): Promise<void> {
  await inTransaction(ctx, (trx) => recordAudit(trx, ctx, { action: 'INSPECTION_DOWNLOAD', subjectType: 'inspection', subjectId: access.inspection.id, after: { kind, rows, ...detail } }));
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

export async function evidenceChecklistCsv(ctx: ServiceContext, inspectionId: string): Promise<Download> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const { items } = await getEvidenceChecklist(ctx, inspectionId);
  const rows: CsvCell[][] = items.map((i) => [i.title, i.organisation.name, formatDate(i.dueDate), i.statusLabel, yesNo(i.overdue), i.assignedTo?.name ?? '', i.latestFile?.filename ?? '', i.fileCount, i.cannotProvideReason ?? i.withdrawn?.reason ?? '']);
  await audited(ctx, access, 'evidence', rows.length);
  return { filename: downloadFileName([access.inspection.reference, 'evidence checklist'], 'csv'), contentType: CSV_TYPE, body: toCsv(['Document', 'Organisation', 'Due date', 'Status', 'Overdue', 'Assigned to', 'Latest file', 'Files', 'Reason'], rows) };
}

export async function caseListCsv(ctx: ServiceContext, inspectionId: string): Promise<Download> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const cases = await listCases(ctx, inspectionId);
  const samples = await listSamples(ctx, inspectionId);
  const sampled = new Set(samples.flatMap((s) => s.members.filter((m) => !m.swappedOut).map((m) => m.caseId)));
  const rows: CsvCell[][] = cases.map((c) => [c.caseReference, c.organisation.name, c.ageBand, yesNo(c.lookedAfter), yesNo(c.childProtectionPlan), yesNo(c.childInNeed), c.servicesUsed.join('; '), yesNo(c.consentToContact), yesNo(sampled.has(c.id))]);
  await audited(ctx, access, 'cases', rows.length);
  return { filename: downloadFileName([access.inspection.reference, 'case list'], 'csv'), contentType: CSV_TYPE, body: toCsv(['Case reference', 'Organisation', 'Age band', 'Looked after', 'Child protection plan', 'Child in need', 'Services used', 'Consent to contact', 'Sampled'], rows) };
}

/** Every sample of the inspection, or (from a sample's page) that one sample, numbered as on the cases page. */
export async function sampleCsv(ctx: ServiceContext, inspectionId: string, opts: { sampleId?: string } = {}): Promise<Download> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const samples = await listSamples(ctx, inspectionId);
  if (opts.sampleId && !samples.some((s) => s.id === opts.sampleId)) throw new NotFoundError('No sample found');
  const rows: CsvCell[][] = [];
  samples.forEach((s, n) => {
    if (opts.sampleId && s.id !== opts.sampleId) return;
    for (const m of s.members) {
      // An organisation gets only the sampled cases that concern it (filtered by getSample, as on the cases page).
      rows.push([n + 1, formatDate(s.drawnAt), m.caseReference, m.organisation.name, m.stratum, m.rank, m.swappedOut ? `Swapped out: ${m.swappedOut.reason}` : 'In the sample', m.swappedOut?.replacedByCaseReference ?? '']);
    }
  });
  await audited(ctx, access, 'sample', rows.length);
  const number = opts.sampleId ? samples.findIndex((s) => s.id === opts.sampleId) + 1 : 0;
  return { filename: downloadFileName([access.inspection.reference, number ? `sample ${number}` : 'sample'], 'csv'), contentType: CSV_TYPE, body: toCsv(['Sample', 'Drawn on', 'Case reference', 'Organisation', 'Group', 'Rank', 'Status', 'Replaced by'], rows) };
}

export async function programmeCsv(ctx: ServiceContext, inspectionId: string): Promise<Download> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const p = await getProgramme(ctx, inspectionId);
  const rows: CsvCell[][] = p.visits.map((v) => [formatDate(v.visitDate), v.startTime, v.endTime, v.serviceName, v.organisation?.name ?? '', v.place, v.inspectors.map((i) => i.name).join('; '), v.activities.map((a) => a.label).join('; '), v.notes ?? '']);
  await audited(ctx, access, 'programme', rows.length);
  return { filename: downloadFileName([access.inspection.reference, 'programme'], 'csv'), contentType: CSV_TYPE, body: toCsv(['Date', 'Start', 'End', 'Service', 'Organisation', 'Place', 'Inspectors', 'Activities', 'Notes'], rows) };
}

export async function actionPlanCsv(ctx: ServiceContext, inspectionId: string): Promise<Download> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const plan = await getActionPlan(ctx, inspectionId);
  const rows: CsvCell[][] = plan.actions.map((a) => [a.position + 1, a.title, a.ownerName, formatDate(a.dueDate), a.status.replace(/_/g, ' '), a.milestones.map((m) => `${formatDate(m.dueDate)}: ${m.title}${m.done ? ' (done)' : ''}`).join('; '), a.completionEvidence ?? '']);
  await audited(ctx, access, 'action_plan', rows.length);
  return { filename: downloadFileName([access.inspection.reference, 'action plan'], 'csv'), contentType: CSV_TYPE, body: toCsv(['Number', 'Action', 'Owner', 'Due date', 'Status', 'Milestones', 'Evidence of completion'], rows) };
}

function visitEvent(v: VisitView, reference: string, host: string): CalendarEvent {
  const who = v.inspectors.map((i) => i.name).join(', ');
  return {
    uid: `visit-${v.id}@${host}`,
    date: v.visitDate,
    start: v.startTime,
    end: v.endTime,
    summary: `${reference}: ${v.serviceName}`,
    location: v.place,
    description: [v.organisation ? `Organisation: ${v.organisation.name}` : '', who ? `Inspectors: ${who}` : '', v.activities.length ? `Activities: ${v.activities.map((a) => a.label).join(', ')}` : '', v.notes ?? ''].filter(Boolean).join('\n'),
  };
}

/**
 * The programme as a calendar: the team's whole programme, or `mine` (an inspector's own visits);
 * an organisation always gets the visits to its own services.
 */
export async function programmeCalendar(ctx: ServiceContext, inspectionId: string, opts: { mine?: boolean } = {}): Promise<Download> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const p = await getProgramme(ctx, inspectionId);
  let visits = p.visits;
  let scope = 'team';
  if (access.side === 'organisation') {
    const family = new Set(await organisationFamily(ctx.db, access.user.organisationId));
    visits = visits.filter((v) => v.organisation && family.has(v.organisation.id));
    scope = 'organisation';
  } else if (opts.mine) {
    visits = visits.filter((v) => v.inspectors.some((i) => i.id === access.user.id));
    scope = 'mine';
  }
  const host = new URL(ctx.config.baseUrl).hostname || 'inspectorate';
  const ref = access.inspection.reference;
  const body = toICalendar({ name: `${ref} programme${scope === 'mine' ? ` (${access.user.name})` : scope === 'organisation' ? ` (${access.user.organisationName})` : ''}`, stamp: ctx.clock.now(), events: visits.map((v) => visitEvent(v, ref, host)) });
  await audited(ctx, access, 'calendar', visits.length, { scope });
  return { filename: downloadFileName([ref, 'programme', scope === 'team' ? '' : scope], 'ics'), contentType: ICS_TYPE, body };
}
