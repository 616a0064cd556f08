/**
 * Demo world, issue 15: the Luton review's cases tracked with findings during fieldwork week. The
 * first six cases of the seeded sample are tracked through the services they used: the services
 * seen, the records read, what was found (good practice, concerns, one immediate action needed) and
 * the evidence items and visits linked to each. Idempotent: does nothing once any case is tracked.
 */
import type { FindingKind } from '../../domain/fieldwork/case-tracking.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { addCaseFinding, linkToCase, recordCaseTracking } from '../fieldwork/case-tracking.service.js';

interface TrackingStory {
  at: string;
  recordsRead: string;
  findings: { kind: FindingKind; about: 'first' | 'second' | null; text: string }[];
  /** Link the evidence item whose text starts with this, if there is one. */
  evidence?: string;
}

const STORIES: readonly TrackingStory[] = [
  {
    at: '2026-09-14T15:30:00Z',
    recordsRead: 'Maternity record, health visiting record, GP summary',
    findings: [
      { kind: 'concern', about: 'first', text: 'The safeguarding handover from midwifery to health visiting was made by phone and not written in the maternity record.' },
      { kind: 'good_practice', about: 'second', text: 'The health visitor completed a thorough antenatal contact and shared the family’s needs with the GP.' },
    ],
    evidence: 'Six maternity records reviewed',
  },
  {
    at: '2026-09-15T14:00:00Z',
    recordsRead: 'Emergency department record, safeguarding liaison notes, health visiting record',
    findings: [{ kind: 'good_practice', about: 'first', text: 'The emergency department’s safeguarding flag prompted a same-day referral and a follow-up contact by the health visitor.' }],
  },
  {
    at: '2026-09-15T16:00:00Z',
    recordsRead: 'Health visiting record, child protection conference minutes',
    findings: [
      { kind: 'good_practice', about: 'first', text: 'The health visitor attended every core group and the child’s health needs were reflected in the child protection plan.' },
      { kind: 'concern', about: null, text: 'Information from adult mental health services was not shared before the review conference.' },
    ],
  },
  {
    at: '2026-09-16T11:00:00Z',
    recordsRead: 'School nursing record, initial health assessment, review health assessment',
    findings: [{ kind: 'concern', about: 'first', text: 'The initial health assessment was completed 11 weeks after the child came into care.' }],
  },
  {
    at: '2026-09-16T15:00:00Z',
    recordsRead: 'CAMHS record, school nursing record',
    findings: [{ kind: 'immediate_action', about: 'first', text: 'A young person waiting for a first CAMHS appointment had no risk review while waiting; the service was asked to review the waiting list the same day.' }],
  },
  {
    at: '2026-09-17T12:00:00Z',
    recordsRead: 'Drug and alcohol service record, GP summary, think-family screening tool',
    findings: [{ kind: 'good_practice', about: 'first', text: 'Think-family screening identified the children in the household and a referral was made to early help.' }],
  },
];

export async function trackLutonCases(ctx: ServiceContext, inspectionId: string, inspector: SignedInUser): Promise<string[]> {
  const already = await ctx.db.selectFrom('case_tracking').select('case_id').where('inspection_id', '=', inspectionId).limit(1).executeTakeFirst();
  if (already) return [];
  const members = await ctx.db
    .selectFrom('sample_members as m')
    .innerJoin('samples as s', 's.id', 'm.sample_id')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select(['c.id', 'c.services_used'])
    .where('s.inspection_id', '=', inspectionId)
    .where('m.swapped_out_at', 'is', null)
    .orderBy('m.position')
    .execute();
  if (!members.length) return ['Luton area review: no sample, so no case tracked'];
  const scope = (await ctx.db.selectFrom('inspection_scope_services').select('service_name').where('inspection_id', '=', inspectionId).orderBy('position').execute()).map((s) => s.service_name);
  const evidence = await ctx.db.selectFrom('evidence_items').select(['id', 'body']).where('inspection_id', '=', inspectionId).where('status', '=', 'recorded').execute();
  const visits = await ctx.db.selectFrom('programme_visits').select(['id', 'service_name']).where('inspection_id', '=', inspectionId).execute();
  let tracked = 0;
  for (const [i, story] of STORIES.entries()) {
    const member = members[i];
    if (!member) break;
    const services = member.services_used.filter((s) => scope.includes(s)).slice(0, 3);
    if (!services.length) continue;
    const as = { ...ctx, actor: { kind: 'user' as const, user: inspector }, clock: fixedClock(story.at) };
    await recordCaseTracking(as, inspectionId, member.id, { servicesSeen: services, recordsRead: story.recordsRead });
    for (const f of story.findings) {
      const serviceName = f.about === 'first' ? services[0]! : f.about === 'second' ? (services[1] ?? services[0]!) : null;
      await addCaseFinding(as, inspectionId, member.id, { kind: f.kind, text: f.text, serviceName });
    }
    const item = story.evidence ? evidence.find((e) => e.body.startsWith(story.evidence!)) : undefined;
    if (item) await linkToCase(as, inspectionId, member.id, { kind: 'evidence_item', targetId: item.id });
    const visit = visits.find((v) => v.service_name === services[0]);
    if (visit) await linkToCase(as, inspectionId, member.id, { kind: 'visit', targetId: visit.id });
    tracked++;
  }
  return [`Luton area review: ${tracked} sampled cases tracked with findings (good practice, concerns, one immediate action needed)`];
}
