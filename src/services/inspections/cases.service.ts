/**
 * Case lists: the organisation sends its cases (pseudonymous references only) as a CSV file
 * with the documented column set, or enters them one by one. Every row is checked; if any
 * is wrong, the errors are reported by line and nothing is stored. Importing again updates
 * cases with the same reference, never duplicates them.
 */
import { parse } from 'csv-parse/sync';
import type { Trx } from '../../data/database.js';
import type { CaseRow } from '../../data/tables/inspections.tables.js';
import { checkHeader, validateCaseRows, type CaseInput, type LineError, type RawRow } from '../../domain/inspection/case-list.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import { concernsParticipant, loadInspectionAccess, requireOrganisationSide, type InspectionAccess } from './inspection-access.js';
import { addTimelineEvent } from './inspection-events.js';

export const MAX_CASE_ROWS = 5000;

export class CaseListError extends ValidationError {
  constructor(readonly lineErrors: LineError[]) {
    super(lineErrors.map((e) => ({ field: e.line > 0 ? `line ${e.line}` : 'file', message: e.message })));
  }
}

export interface CaseView {
  id: string;
  caseReference: string;
  organisation: { id: string; name: string };
  servicesUsed: string[];
  ageBand: string;
  lookedAfter: boolean;
  childProtectionPlan: boolean;
  childInNeed: boolean;
  consentToContact: boolean;
}

export interface ImportSummary {
  rowsRead: number;
  inserted: number;
  updated: number;
  rejected: number;
}

async function scopeServiceNames(trx: Trx, inspectionId: string): Promise<string[]> {
  const rows = await trx.selectFrom('inspection_scope_services').select('service_name').where('inspection_id', '=', inspectionId).orderBy('position').execute();
  return rows.map((r) => r.service_name);
}

function requireCaseListOpen(access: InspectionAccess): void {
  requireOrganisationSide(access, 'send its case list');
  if (!['notified', 'fieldwork'].includes(access.inspection.state)) throw new ConflictError('A case list can be sent only before or during fieldwork');
}

/** Parses CSV text into header + rows with the line each row started on. */
export function parseCaseCsv(text: string): { header: string[]; rows: RawRow[]; extraValueLines: number[] } | { error: LineError } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    return { error: { line, column: null, message: `The file is not valid CSV: ${(e as Error).message}` } };
  }
  const [first, ...rest] = records;
  if (!first) return { error: { line: 1, column: null, message: 'The file is empty: it needs a header row and one row per case' } };
  const header = first.record;
  const rows = rest.map((r) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h.trim().toLowerCase().replace(/\s+/g, '_')] = r.record[i] ?? ''));
    return { line: r.info.lines, values, extra: r.record.length > header.length };
  });
  return { header, rows: rows.map(({ line, values }) => ({ line, values })), extraValueLines: rows.filter((r) => r.extra).map((r) => r.line) };
}

export async function importCaseListCsv(ctx: ServiceContext, inspectionId: string, input: { csv: string; filename?: string | null }): Promise<ImportSummary> {
  return inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireCaseListOpen(access);
    const parsed = parseCaseCsv(input.csv);
    if ('error' in parsed) throw new CaseListError([parsed.error]);
    const header = checkHeader(parsed.header);
    if (header.errors.length) throw new CaseListError(header.errors);
    if (parsed.rows.length === 0) throw new CaseListError([{ line: 2, column: null, message: 'The file has a header row but no cases' }]);
    if (parsed.rows.length > MAX_CASE_ROWS) throw new CaseListError([{ line: 0, column: null, message: `A case list can have at most ${MAX_CASE_ROWS} cases` }]);
    const result = validateCaseRows(parsed.rows, await scopeServiceNames(trx, inspectionId));
    const extra: LineError[] = parsed.extraValueLines.map((line) => ({ line, column: null, message: 'The row has more values than the header row has columns' }));
    const errors = [...result.errors, ...extra].sort((a, b) => a.line - b.line);
    if (errors.length) throw new CaseListError(errors);
    return storeCases(trx, ctx, access, result.cases, { source: 'csv', filename: input.filename ?? null, rowsRead: parsed.rows.length });
  });
}

export interface ManualCaseInput {
  caseReference: string;
  servicesUsed: string[];
  ageBand: string;
  lookedAfter: boolean;
  childProtectionPlan: boolean;
  childInNeed: boolean;
  consentToContact: boolean;
}

/** Cases entered on a page (or sent as JSON): the same checks, rows numbered from 1. */
export async function addCases(ctx: ServiceContext, inspectionId: string, cases: ManualCaseInput[]): Promise<ImportSummary> {
  return inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireCaseListOpen(access);
    const yn = (b: boolean) => (b ? 'Y' : 'N');
    const rows: RawRow[] = cases.map((c, i) => ({
      line: i + 1,
      values: {
        case_reference: c.caseReference,
        services_used: c.servicesUsed.join(';'),
        age_band: c.ageBand,
        looked_after: yn(c.lookedAfter),
        child_protection_plan: yn(c.childProtectionPlan),
        child_in_need: yn(c.childInNeed),
        consent_to_contact: yn(c.consentToContact),
      },
    }));
    if (rows.length === 0) throw new ValidationError([{ field: 'cases', message: 'Enter at least one case' }]);
    const result = validateCaseRows(rows, await scopeServiceNames(trx, inspectionId));
    if (result.errors.length) {
      throw new ValidationError(result.errors.map((e) => ({ field: `cases[${e.line - 1}]${e.column ? `.${e.column}` : ''}`, message: e.message })));
    }
    return storeCases(trx, ctx, access, result.cases, { source: 'manual', filename: null, rowsRead: rows.length });
  });
}

async function storeCases(trx: Trx, ctx: ServiceContext, access: InspectionAccess, cases: CaseInput[], meta: { source: 'csv' | 'manual'; filename: string | null; rowsRead: number }): Promise<ImportSummary> {
  const organisationId = access.user.organisationId;
  const inspectionId = access.inspection.id;
  const list = await trx
    .insertInto('case_lists')
    .values({ inspection_id: inspectionId, organisation_id: organisationId, source: meta.source, filename: meta.filename, rows_read: meta.rowsRead, inserted: 0, updated: 0, uploaded_by: access.user.id, uploaded_at: ctx.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const existing = await trx.selectFrom('cases').select(['id', 'case_reference']).where('inspection_id', '=', inspectionId).where('organisation_id', '=', organisationId).execute();
  const byRef = new Map(existing.map((c) => [c.case_reference.toUpperCase(), c.id]));
  let inserted = 0;
  let updated = 0;
  const now = ctx.clock.now();
  const fresh = [];
  for (const c of cases) {
    const values = {
      case_reference: c.caseReference,
      services_used: c.servicesUsed,
      age_band: c.ageBand,
      looked_after: c.lookedAfter,
      child_protection_plan: c.childProtectionPlan,
      child_in_need: c.childInNeed,
      consent_to_contact: c.consentToContact,
      case_list_id: list.id,
      updated_at: now,
    };
    const id = byRef.get(c.caseReference.toUpperCase());
    if (id) {
      await trx.updateTable('cases').set(values).where('id', '=', id).execute();
      updated++;
    } else {
      fresh.push({ ...values, inspection_id: inspectionId, organisation_id: organisationId, created_at: now });
      inserted++;
    }
  }
  for (let i = 0; i < fresh.length; i += 500) await trx.insertInto('cases').values(fresh.slice(i, i + 500)).execute();
  await trx.updateTable('case_lists').set({ inserted, updated }).where('id', '=', list.id).execute();
  const summary = { rowsRead: meta.rowsRead, inserted, updated, rejected: 0 };
  await addTimelineEvent(trx, ctx, inspectionId, {
    kind: 'case_list_received',
    summary: `Case list received from ${access.user.organisationName}: ${inserted} new, ${updated} updated`,
    visibleToOrganisation: true,
  });
  await recordAudit(trx, ctx, { action: 'CASE_LIST_RECEIVED', subjectType: 'inspection', subjectId: inspectionId, after: { ...summary, source: meta.source, filename: meta.filename, organisationId } });
  return summary;
}

export function toCaseView(c: CaseRow, orgName: string): CaseView {
  return {
    id: c.id,
    caseReference: c.case_reference,
    organisation: { id: c.organisation_id, name: orgName },
    servicesUsed: c.services_used,
    ageBand: c.age_band,
    lookedAfter: c.looked_after,
    childProtectionPlan: c.child_protection_plan,
    childInNeed: c.child_in_need,
    consentToContact: c.consent_to_contact,
  };
}

/** The regulator sees every organisation's cases; an organisation sees its own. Only pseudonymous references exist. */
export async function listCases(ctx: ServiceContext, inspectionId: string): Promise<CaseView[]> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const q = ctx.db.selectFrom('cases as c').innerJoin('organisations as o', 'o.id', 'c.organisation_id').selectAll('c').select('o.name as organisation_name').where('c.inspection_id', '=', inspectionId);
  const rows = await q.orderBy('o.name').orderBy('c.case_reference').execute();
  // Issue 15: a participant sees the cases of the services it runs or commissions (and its own list).
  return rows.filter((r) => concernsParticipant(access, { organisationId: r.organisation_id, serviceNames: r.services_used })).map((r) => toCaseView(r, r.organisation_name));
}
