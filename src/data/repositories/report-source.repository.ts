/**
 * What the draft report is built from: the approved judgement, the statement scores with the
 * evidence behind them, open breaches and their enforcement actions (the fieldwork tables of
 * issue #6, docs/fieldwork.md). Read directly here so the report does not depend on the
 * fieldwork services' view shapes. No authorisation: callers check access first.
 */
import type { Executor } from '../database.js';

export interface SourceRating {
  subject: string;
  rating: string;
  explanation: string[];
  ratingDate: string | null;
}

export interface SourceStatement {
  code: string;
  score: number | null;
  rationale: string;
  evidence: { type: string | null; body: string }[];
}

export interface SourceBreach {
  id: string;
  regulation: string;
  paragraph: string | null;
  keyQuestion: string | null;
  description: string;
  actions: { id: string; kind: string; state: string; issuedOn: string | null; complianceDate: string | null }[];
}

export interface ReportSource {
  judgementApproved: boolean;
  ratings: SourceRating[];
  statements: SourceStatement[];
  breaches: SourceBreach[];
}

export async function loadReportSource(db: Executor, inspectionId: string): Promise<ReportSource> {
  const judgement = await db.selectFrom('judgements').select(['status', 'approved_at']).where('inspection_id', '=', inspectionId).executeTakeFirst();
  const ratings = await db
    .selectFrom('judgement_ratings')
    .select(['subject', 'approved_rating', 'proposed_rating', 'explanation', 'proposed_explanation', 'rating_date'])
    .where('inspection_id', '=', inspectionId)
    .execute();
  const scores = await db
    .selectFrom('quality_statement_scores')
    .select(['statement_code', 'score', 'rationale', 'evidence_item_ids'])
    .where('inspection_id', '=', inspectionId)
    .orderBy('statement_code')
    .execute();
  const evidence = await db
    .selectFrom('evidence_items')
    .select(['id', 'type', 'body', 'quality_statements'])
    .where('inspection_id', '=', inspectionId)
    .where('status', '=', 'recorded')
    .orderBy('refers_to_date')
    .orderBy('created_at')
    .execute();
  const breaches = await db
    .selectFrom('breaches')
    .select(['id', 'regulation', 'paragraph', 'key_question', 'description'])
    .where('inspection_id', '=', inspectionId)
    .where('status', '=', 'open')
    .orderBy('recorded_at')
    .execute();
  const actions = await db
    .selectFrom('enforcement_actions')
    .select(['id', 'breach_id', 'kind', 'state', 'issued_on', 'compliance_date'])
    .where('inspection_id', '=', inspectionId)
    .where('state', 'not in', ['draft', 'withdrawn'])
    .orderBy('created_at')
    .execute();
  const byId = new Map(evidence.map((e) => [e.id, e]));
  return {
    judgementApproved: judgement?.status === 'approved',
    ratings: ratings.map((r) => ({
      subject: r.subject,
      rating: r.approved_rating ?? r.proposed_rating,
      explanation: r.explanation.length ? r.explanation : r.proposed_explanation,
      ratingDate: r.rating_date,
    })),
    statements: scores.map((s) => {
      const linked = s.evidence_item_ids.map((id) => byId.get(id)).filter((e): e is NonNullable<typeof e> => !!e);
      const items = linked.length ? linked : evidence.filter((e) => e.quality_statements.includes(s.statement_code));
      return { code: s.statement_code, score: s.score, rationale: s.rationale, evidence: items.map((e) => ({ type: e.type, body: e.body })) };
    }),
    breaches: breaches.map((b) => ({
      id: b.id,
      regulation: b.regulation,
      paragraph: b.paragraph,
      keyQuestion: b.key_question,
      description: b.description,
      actions: actions.filter((a) => a.breach_id === b.id).map((a) => ({ id: a.id, kind: a.kind, state: a.state, issuedOn: a.issued_on, complianceDate: a.compliance_date })),
    })),
  };
}
