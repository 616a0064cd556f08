/** The factual accuracy recipient row the signed-in organisation user answers for, and whether it can still comment. */
import type { Trx } from '../../data/database.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { checkCanComment } from '../../domain/reports/factual-accuracy.js';
import type { ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import type { ReportAccess } from './report-common.js';

export async function myRecipient(trx: Trx, access: ReportAccess, report: InspectionReportRow) {
  if (access.side !== 'organisation') throw new ForbiddenError('Only the organisation that received the draft can do this');
  const rows = await trx.selectFrom('fa_recipients').selectAll().where('report_id', '=', report.id).where('organisation_id', 'in', access.organisationIds.length ? access.organisationIds : ['00000000-0000-0000-0000-000000000000']).execute();
  const row = rows[0];
  if (!row) throw new ForbiddenError('Your organisation was not sent this draft for factual accuracy');
  return row;
}

/** Comments (and their files) can change only while the check is open for this organisation. */
export function requireCommentingOpen(ctx: ServiceContext, report: InspectionReportRow, recipient: Awaited<ReturnType<typeof myRecipient>>): void {
  if (report.stage !== 'factual_accuracy') throw new ConflictError('The factual accuracy check is closed', 'wrong_stage');
  const open = checkCanComment({ now: ctx.clock.now(), due: recipient.due, extendedDue: recipient.extended_due, submittedAt: recipient.submitted_at });
  if (!open.ok) throw new ConflictError(open.error, 'factual_accuracy_closed');
}
