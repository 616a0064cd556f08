/** Timeliness figures for the regulator: every inspection past fieldwork, days to draft, to factual accuracy, to publication. */
import { londonDate } from '../../domain/deadlines/london-time.js';
import { timeliness, type TimelinessSummary } from '../../domain/reports/timeliness.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { subjectNames } from '../inspections/inspection-detail.js';

const PAST_FIELDWORK = ['judgement', 'draft_report', 'factual_accuracy', 'publication_ready', 'published', 'closed'];

export async function getTimeliness(ctx: ServiceContext): Promise<TimelinessSummary> {
  const user = requireUser(ctx);
  if (!isRegulatorRole(user.role)) throw new NotFoundError();
  const rows = await ctx.db
    .selectFrom('inspections as i')
    .leftJoin('inspection_reports as r', 'r.inspection_id', 'i.id')
    .selectAll('i')
    .select(['r.created_at as draft_created_at', 'r.fa_sent_at', 'r.publication_date'])
    .where('i.state', 'in', PAST_FIELDWORK)
    .execute();
  const names = await subjectNames(ctx.db, rows);
  return timeliness(
    rows.map((r) => ({
      inspectionId: r.id,
      reference: r.reference,
      subjectName: names.get(r.id) ?? '',
      fieldworkEnd: r.fieldwork_end,
      draftStarted: r.draft_created_at ? londonDate(r.draft_created_at) : null,
      faSent: r.fa_sent_at ? londonDate(r.fa_sent_at) : null,
      published: r.publication_date,
    })),
    londonDate(ctx.clock.now()),
  );
}
