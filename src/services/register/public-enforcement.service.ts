/**
 * Enforcement as the regulator publishes it (issue 16): for a location (or a provider and its
 * locations), each enforcement action taken at an inspection whose report is published: the
 * kind of action, the regulation, when it was taken, the date to comply by and, once decided,
 * whether it was met, with a link to the report's section. Drafts, withdrawn actions and
 * letters of intent (informal) are never public. No names of staff, no internal reasons.
 */
import type { Executor } from '../../data/database.js';
import { COMPLIANCE_DECISION_TEXT, PUBLIC_COMPLIANCE_TEXT, type ComplianceDecision } from '../../domain/enforcement/compliance.js';
import { enforcementPower } from '../../domain/enforcement/enforcement-powers.data.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { describeRegulation } from '../../domain/framework/regulations.data.js';
import { publicReportPath } from '../../domain/shared/app-paths.js';

export interface PublicEnforcementEntry {
  actionId: string;
  kind: string;
  kindName: string;
  regulation: string | null;
  regulationNumber: string | null;
  locationName: string;
  takenOn: string | null;
  complyBy: string | null;
  status: 'in_force' | 'met' | 'partly_met' | 'not_met' | 'ended';
  outcome: { decision: ComplianceDecision; decisionText: string; text: string; decidedOn: string | null } | null;
  reportLinkId: string;
  reportUrl: string;
}

const NEVER_PUBLIC_STATES = ['draft', 'withdrawn'];
const NEVER_PUBLIC_KINDS = ['letter-of-intent'];
const STATUS: Record<ComplianceDecision, PublicEnforcementEntry['status']> = { complied: 'met', partly_complied: 'partly_met', not_complied: 'not_met' };

/** Public name: the power's name without the legal section in brackets ("Warning notice"). */
function publicKindName(kind: string): string {
  try {
    return enforcementPower(kind as never).name.replace(/\s*\(.*\)$/, '');
  } catch {
    return kind;
  }
}

export async function publicEnforcementFor(db: Executor, organisationIds: readonly string[]): Promise<PublicEnforcementEntry[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('enforcement_actions as a')
    .innerJoin('inspection_reports as r', 'r.inspection_id', 'a.inspection_id')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .leftJoin('breaches as b', 'b.id', 'a.breach_id')
    .select(['a.id', 'a.kind', 'a.state', 'a.issued_on', 'a.compliance_date', 'a.compliance_decision', 'a.compliance_decided_at', 'b.regulation', 'r.link_id', 'o.name as organisation_name'])
    .where('a.organisation_id', 'in', [...organisationIds])
    .where('r.stage', '=', 'published')
    .where('a.state', 'not in', NEVER_PUBLIC_STATES)
    .where('a.kind', 'not in', NEVER_PUBLIC_KINDS)
    .orderBy('a.issued_on', 'desc')
    .orderBy('a.created_at', 'desc')
    .execute();
  return rows.map((r) => {
    const decision = r.compliance_decision;
    return {
      actionId: r.id,
      kind: r.kind,
      kindName: publicKindName(r.kind),
      regulation: r.regulation ? `${describeRegulation(r.regulation)} of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014` : null,
      regulationNumber: r.regulation,
      locationName: r.organisation_name,
      takenOn: r.issued_on,
      complyBy: r.compliance_date,
      status: decision ? STATUS[decision] : r.state === 'closed' || r.state === 'exited' ? 'ended' : 'in_force',
      outcome: decision ? { decision, decisionText: COMPLIANCE_DECISION_TEXT[decision], text: PUBLIC_COMPLIANCE_TEXT[decision], decidedOn: r.compliance_decided_at ? londonDate(r.compliance_decided_at) : null } : null,
      reportLinkId: r.link_id,
      reportUrl: `${publicReportPath(r.link_id)}#breaches`,
    };
  });
}
