/**
 * Demo world, inspections part 1 (planning to the start of fieldwork), run through the real
 * services with historical fixed clocks so every date is what it would have been:
 *
 * - the Luton area review of child safeguarding and looked-after children's health services,
 *   notified on Thursday 10 September 2026 for fieldwork Monday 14 to Friday 18 September, with
 *   evidence partly returned (files through the real upload service, one "cannot provide"), a
 *   case list imported, a seeded sample drawn and the week's programme (not yet agreed: the
 *   opening meeting belongs to the fieldwork part);
 * - Stopsley Village Practice (E81006): announced, notified Monday 22 September 2025 for
 *   fieldwork 7 to 8 October 2025 (a later part carries it through fieldwork);
 * - Bell House Medical Centre (E81005, a Luton practice from the register): announced for
 *   15 December 2026 and left planned.
 *
 * Idempotent: each step checks what is already there and the current state first.
 */
import { findUserByEmail } from '../../data/repositories/user.repository.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { importCaseListCsv } from '../inspections/cases.service.js';
import { createEvidenceRequests, markCannotProvide } from '../inspections/evidence.service.js';
import { changeInspectionState } from '../inspections/inspection-lifecycle.service.js';
import { confirmInspectionTeam, createInspection, type ScopeServiceInput } from '../inspections/inspection-plan.service.js';
import { addVisits, type VisitInput } from '../inspections/programme.service.js';
import { drawCaseSample } from '../inspections/sampling.service.js';
import { receiveChunk, startUpload } from '../inspections/uploads.service.js';
import { demoCsvFile, demoPdf } from './demo-files.js';
import { LUTON_SERVICES } from './luton-organisations.demo.js';
import { declareLutonParticipants } from './multi-agency.demo.js';
import { parseRole } from '../../domain/vocabulary/roles.js';

export const LUTON_REVIEW = { areaName: 'Luton', fieldworkStart: '2026-09-14', fieldworkEnd: '2026-09-18' } as const;
export const STOPSLEY_INSPECTION = { odsCode: 'E81006', fieldworkStart: '2025-10-07', fieldworkEnd: '2025-10-08' } as const;
export const THIRD_PRACTICE = { odsCode: 'E81005', fieldworkStart: '2026-12-15' } as const;
export const LUTON_SAMPLE_SEED = 'luton-clas-2026-09';

/** The scope of the review: the name inspectors use, and the Luton service (demo organisation) that provides it. */
const SCOPE: readonly { serviceName: string; service: (typeof LUTON_SERVICES)[number]['name'] }[] = [
  { serviceName: 'Midwifery', service: 'Maternity and midwifery, Luton and Dunstable University Hospital' },
  { serviceName: 'Health Visiting', service: 'Luton 0–19 Service: Health Visiting' },
  { serviceName: 'A&E', service: 'Emergency department (A&E), Luton and Dunstable University Hospital' },
  { serviceName: 'School Nursing', service: 'Luton 0–19 Service: School Nursing' },
  { serviceName: 'Child & Adolescent Mental Health', service: 'Luton Child and Adolescent Mental Health Service (CAMHS)' },
  { serviceName: 'Adult Mental Health', service: 'Luton adult mental health services' },
  { serviceName: 'Contraception & Sexual Health', service: 'iCaSH Luton (integrated contraception and sexual health)' },
  { serviceName: 'Drugs & Alcohol', service: 'Luton Drug and Alcohol Service' },
];

type Ctx = ServiceContext;

async function actor(ctx: Ctx, email: string): Promise<SignedInUser> {
  const u = await findUserByEmail(ctx.db, email);
  if (!u) throw new Error(`demo user ${email} is missing: the Luton part must run first`);
  return { id: u.id, email: u.email, name: u.name, role: parseRole(u.role), organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin };
}

/** The same context acting as a demo person at a moment in the past. */
function as(ctx: Ctx, user: SignedInUser, at: string): Ctx {
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

async function orgId(ctx: Ctx, where: { name?: string; ods?: string; kind?: 'location' | 'provider' | 'commissioner' | 'local_authority' }): Promise<string | null> {
  let q = ctx.db.selectFrom('organisations').select('id');
  if (where.name) q = q.where('name', '=', where.name);
  if (where.ods) q = q.where('ods_code', '=', where.ods);
  if (where.kind) q = q.where('kind', '=', where.kind);
  return (await q.orderBy('created_at').executeTakeFirst())?.id ?? null;
}

/** Sends a whole file through the resumable upload protocol, in 8 MB chunks like the page. */
async function uploadFile(ctx: Ctx, requestId: string, filename: string, bytes: Buffer): Promise<void> {
  let status = await startUpload(ctx, requestId, { filename, size: bytes.length });
  while (status.status === 'receiving') {
    const start = status.receivedBytes;
    const end = Math.min(start + status.maxChunkBytes, bytes.length);
    status = await receiveChunk(ctx, status.id, `bytes ${start}-${end - 1}/${bytes.length}`, bytes.subarray(start, end));
  }
}

/** A pseudonymous case list in the documented column set: 48 children and families. */
export function lutonCaseListCsv(): string {
  const bands = ['0-4', '5-10', '11-15', '16-17', '0-4', '11-15'];
  const journeys = [
    'Midwifery;Health Visiting',
    'Health Visiting;A&E',
    'School Nursing;Child & Adolescent Mental Health',
    'A&E;Child & Adolescent Mental Health',
    'Contraception & Sexual Health;School Nursing',
    'Adult Mental Health;Health Visiting',
    'Drugs & Alcohol;Midwifery',
    'A&E;Drugs & Alcohol;School Nursing',
  ];
  const lines = ['case_reference,services_used,age_band,looked_after,child_protection_plan,child_in_need,consent_to_contact'];
  for (let i = 1; i <= 48; i++) {
    const yn = (b: boolean) => (b ? 'Y' : 'N');
    lines.push([`LTN-${String(i).padStart(4, '0')}`, `"${journeys[i % journeys.length]}"`, bands[i % bands.length], yn(i % 4 === 0), yn(i % 3 === 0), yn(i % 5 === 1), yn(i % 7 !== 0)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function findLutonReview(ctx: Ctx, icbId: string) {
  return ctx.db
    .selectFrom('inspections')
    .selectAll()
    .where('subject_type', '=', 'area')
    .where('area_name', '=', LUTON_REVIEW.areaName)
    .where('lead_commissioner_id', '=', icbId)
    .where('fieldwork_start', '=', LUTON_REVIEW.fieldworkStart)
    .executeTakeFirst();
}

async function loadLutonReview(ctx: Ctx): Promise<string[]> {
  const lines: string[] = [];
  const icbId = await orgId(ctx, { ods: 'QHG', kind: 'commissioner' });
  if (!icbId) return ['Luton area review: the ICB is missing, skipped'];
  const lead = await actor(ctx, 'daniel.osei@inspectorate.example');
  const inspector = await actor(ctx, 'aisha.rahman@inspectorate.example');
  const adviser = await actor(ctx, 'tom.whitfield@inspectorate.example');
  const manager = await actor(ctx, 'helen.carter@inspectorate.example');
  const executiveLead = await actor(ctx, 'caroline.hughes@nhs.example');
  const designatedNurse = await actor(ctx, 'joanne.whitaker@nhs.example');
  const designatedDoctor = await actor(ctx, 'samuel.adeyemi@nhs.example');

  let review = await findLutonReview(ctx, icbId);
  if (!review) {
    const scopeServices: ScopeServiceInput[] = [];
    for (const s of SCOPE) {
      const service = LUTON_SERVICES.find((x) => x.name === s.service)!;
      scopeServices.push({
        serviceName: s.serviceName,
        organisationId: await orgId(ctx, { name: service.name, kind: 'location' }),
        // Council-commissioned services default to "no recommendations", with the reason recorded.
        commissionedBy: service.commissioner === 'lutonCouncil' ? 'local_authority' : 'nhs',
      });
    }
    await createInspection(as(ctx, lead, '2026-09-09T14:00:00Z'), {
      kind: 'area_review_safeguarding_lac',
      noticeType: 'short_notice',
      subject: { type: 'area', areaName: LUTON_REVIEW.areaName, leadCommissionerId: icbId },
      fieldworkStart: LUTON_REVIEW.fieldworkStart,
      fieldworkEnd: LUTON_REVIEW.fieldworkEnd,
      plannedNotificationDate: '2026-09-10',
      caseListRequest:
        'Children and families who used two or more of the services in scope in the last 12 months, including looked-after children and children on a child protection plan. Use your own pseudonymous references only.',
      caseListDueDate: '2026-09-11',
      scopeServices,
      team: [
        { userId: lead.id, role: 'lead_inspector' },
        { userId: inspector.id, role: 'inspector' },
        { userId: adviser.id, role: 'specialist_adviser' },
        { userId: manager.id, role: 'inspection_manager' },
      ],
      contacts: [
        { userId: executiveLead.id, role: 'executive_lead' },
        { userId: designatedNurse.id, role: 'designated_nurse' },
        { userId: designatedDoctor.id, role: 'designated_doctor' },
      ],
    });
    review = (await findLutonReview(ctx, icbId))!;
    lines.push(`Luton area review: planned (${review.reference})`);
  }
  const id = review.id;
  lines.push(...(await declareLutonParticipants(ctx, id)));

  const requestCount = Number((await ctx.db.selectFrom('evidence_requests').select(ctx.db.fn.countAll<number>().as('n')).where('inspection_id', '=', id).executeTakeFirstOrThrow()).n);
  if (requestCount === 0 && review.state === 'planned') {
    const hospital = await orgId(ctx, { name: 'Maternity and midwifery, Luton and Dunstable University Hospital', kind: 'location' });
    const camhs = await orgId(ctx, { name: 'Luton Child and Adolescent Mental Health Service (CAMHS)', kind: 'location' });
    await createEvidenceRequests(as(ctx, lead, '2026-09-10T08:30:00Z'), id, [
      { title: 'Safeguarding children and young people policy', description: 'The ICB’s current policy, with the date it was last reviewed.' },
      { title: 'Safeguarding training compliance by staff group', description: 'Levels 1 to 3 by provider and staff group, as at the end of August 2026.' },
      { title: 'Designated professionals: job descriptions and supervision arrangements' },
      { title: 'Looked-after children initial health assessments within 20 working days, last 12 months' },
      { title: 'Midwifery safeguarding supervision records', description: 'Supervision of community midwives, last six months.', organisationId: hospital },
      { title: 'CAMHS waiting times and transition to adult services protocol', organisationId: camhs },
    ]);
    lines.push('Luton area review: 6 evidence requests');
  }

  if (review.state === 'planned') {
    // The lead proposed the team; the inspection manager confirms it before notice (four-eyes).
    if (!review.team_confirmed_at) await confirmInspectionTeam(as(ctx, manager, '2026-09-10T08:45:00Z'), id);
    await changeInspectionState(as(ctx, lead, '2026-09-10T09:00:00Z'), id, { event: 'notify' });
    lines.push('Luton area review: notified Thursday 10 September 2026');
  }
  const state = (await ctx.db.selectFrom('inspections').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
  if (state !== 'notified') return lines.length ? lines : ['Luton area review: already there'];

  // Evidence partly returned on Friday 11 September.
  const requests = await ctx.db.selectFrom('evidence_requests').selectAll().where('inspection_id', '=', id).orderBy('position').execute();
  const byTitle = (prefix: string) => requests.find((r) => r.title.startsWith(prefix));
  const hasFile = async (requestId: string) => (await ctx.db.selectFrom('evidence_files').select('id').where('evidence_request_id', '=', requestId).limit(1).executeTakeFirst()) !== undefined;
  const policy = byTitle('Safeguarding children and young people policy');
  if (policy && !(await hasFile(policy.id))) {
    await uploadFile(as(ctx, designatedNurse, '2026-09-11T10:15:00Z'), policy.id, 'BLMK ICB Safeguarding Children Policy v4.2.pdf', demoPdf('Safeguarding children and young people policy', ['NHS Bedfordshire, Luton and Milton Keynes ICB', 'Version 4.2, reviewed July 2026', 'Demo document: fictional content.']));
    lines.push('Luton area review: policy uploaded');
  }
  const training = byTitle('Safeguarding training compliance');
  if (training && !(await hasFile(training.id))) {
    const csv = ['provider,staff_group,level_1,level_2,level_3', 'Bedfordshire Hospitals NHS Foundation Trust,Midwives,98%,96%,91%', 'Cambridgeshire Community Services NHS Trust,Health visitors,99%,97%,94%', 'East London NHS Foundation Trust,CAMHS clinicians,97%,95%,88%'].join('\n');
    await uploadFile(as(ctx, executiveLead, '2026-09-11T11:40:00Z'), training.id, 'Safeguarding training compliance August 2026.csv', demoCsvFile(csv));
  }
  const designated = byTitle('Designated professionals');
  if (designated && designated.status === 'requested') {
    await markCannotProvide(
      as(ctx, executiveLead, '2026-09-11T12:05:00Z'),
      designated.id,
      'The designated doctor post was covered by an interim arrangement until August 2026 and the substantive job description is being finalised with the LMC. We will bring the draft and the supervision timetable to the opening meeting.',
    );
  }

  const caseCount = Number((await ctx.db.selectFrom('cases').select(ctx.db.fn.countAll<number>().as('n')).where('inspection_id', '=', id).executeTakeFirstOrThrow()).n);
  if (caseCount === 0) {
    await importCaseListCsv(as(ctx, executiveLead, '2026-09-11T14:30:00Z'), id, { csv: lutonCaseListCsv(), filename: 'Luton case list 2026-09-11.csv' });
    lines.push('Luton area review: case list of 48 imported');
  }
  const sample = await ctx.db.selectFrom('samples').select('id').where('inspection_id', '=', id).executeTakeFirst();
  if (!sample) {
    await drawCaseSample(as(ctx, lead, '2026-09-11T16:00:00Z'), id, {
      criteria: { consentRequired: true },
      design: { kind: 'proportional', field: 'age_band', size: 12 },
      seed: LUTON_SAMPLE_SEED,
      rationale:
        'Twelve children and families across the age bands, from families who agreed to be contacted, so inspectors can follow their journey between services and speak to them during the week.',
    });
    lines.push(`Luton area review: sample of 12 drawn (seed ${LUTON_SAMPLE_SEED})`);
  }
  const visits = await ctx.db.selectFrom('programme_visits').select('id').where('inspection_id', '=', id).limit(1).executeTakeFirst();
  if (!visits) {
    await addVisits(as(ctx, lead, '2026-09-11T17:00:00Z'), id, await lutonVisits(ctx, { lead: lead.id, inspector: inspector.id, adviser: adviser.id }));
    lines.push('Luton area review: programme of visits for the week (to agree on Monday)');
  }
  return lines.length ? lines : ['Luton area review: already there'];
}

async function lutonVisits(ctx: Ctx, team: { lead: string; inspector: string; adviser: string }): Promise<VisitInput[]> {
  const service = async (name: string) => orgId(ctx, { name, kind: 'location' });
  const v = async (serviceName: string, location: string, date: string, startTime: string, endTime: string, place: string, inspectorIds: string[], activities: VisitInput['activities']): Promise<VisitInput> => ({
    serviceName,
    organisationId: await service(location),
    date,
    startTime,
    endTime,
    place,
    inspectorIds,
    activities,
  });
  return [
    await v('Midwifery', SCOPE[0]!.service, '2026-09-14', '13:30', '16:30', 'Maternity unit, Luton and Dunstable University Hospital, Lewsey Road', [team.lead, team.adviser], ['speak_to_staff', 'review_records']),
    await v('A&E', SCOPE[2]!.service, '2026-09-15', '09:30', '12:30', 'Children’s emergency department, Luton and Dunstable University Hospital', [team.inspector], ['observe', 'speak_to_staff', 'review_records']),
    await v('Health Visiting', SCOPE[1]!.service, '2026-09-15', '13:30', '16:30', 'Luton 0–19 Service hub', [team.lead], ['speak_to_staff', 'speak_to_patients_and_families']),
    await v('School Nursing', SCOPE[3]!.service, '2026-09-16', '09:30', '12:00', 'Luton 0–19 Service hub', [team.inspector], ['speak_to_staff', 'review_records']),
    await v('Child & Adolescent Mental Health', SCOPE[4]!.service, '2026-09-16', '13:00', '16:30', 'Luton CAMHS', [team.lead, team.adviser], ['speak_to_staff', 'speak_to_patients_and_families', 'review_records']),
    await v('Adult Mental Health', SCOPE[5]!.service, '2026-09-17', '09:30', '12:30', 'Luton adult mental health services', [team.adviser], ['speak_to_staff', 'review_records']),
    await v('Contraception & Sexual Health', SCOPE[6]!.service, '2026-09-17', '13:30', '15:30', 'iCaSH Luton', [team.inspector], ['speak_to_staff', 'observe']),
    await v('Drugs & Alcohol', SCOPE[7]!.service, '2026-09-17', '15:45', '17:00', 'Luton Drug and Alcohol Service', [team.inspector], ['speak_to_staff', 'speak_to_patients_and_families']),
  ];
}

async function findGpInspection(ctx: Ctx, locationId: string, fieldworkStart: string) {
  return ctx.db.selectFrom('inspections').selectAll().where('subject_type', '=', 'location').where('subject_organisation_id', '=', locationId).where('fieldwork_start', '=', fieldworkStart).executeTakeFirst();
}

async function loadStopsley(ctx: Ctx): Promise<string[]> {
  const locationId = await orgId(ctx, { ods: STOPSLEY_INSPECTION.odsCode, kind: 'location' });
  if (!locationId) return ['Stopsley Village Practice inspection: the practice is missing, skipped'];
  const lead = await actor(ctx, 'daniel.osei@inspectorate.example');
  const adviser = await actor(ctx, 'tom.whitfield@inspectorate.example');
  const manager = await actor(ctx, 'helen.carter@inspectorate.example');
  const practiceManager = await actor(ctx, 'sarah.mitchell@nhs.example');
  const partner = await actor(ctx, 'imran.qureshi@nhs.example');
  const lines: string[] = [];
  let row = await findGpInspection(ctx, locationId, STOPSLEY_INSPECTION.fieldworkStart);
  if (!row) {
    await createInspection(as(ctx, lead, '2025-09-15T10:00:00Z'), {
      kind: 'comprehensive',
      noticeType: 'announced',
      subject: { type: 'location', organisationId: locationId },
      keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'wellLed'],
      fieldworkStart: STOPSLEY_INSPECTION.fieldworkStart,
      fieldworkEnd: STOPSLEY_INSPECTION.fieldworkEnd,
      plannedNotificationDate: '2025-09-22',
      team: [
        { userId: lead.id, role: 'lead_inspector' },
        { userId: adviser.id, role: 'specialist_adviser' },
        { userId: manager.id, role: 'inspection_manager' },
      ],
      contacts: [
        { userId: practiceManager.id, role: 'practice_manager' },
        { userId: partner.id, role: 'nominated_individual' },
        { userId: partner.id, role: 'registered_manager' },
      ],
    });
    row = (await findGpInspection(ctx, locationId, STOPSLEY_INSPECTION.fieldworkStart))!;
    lines.push(`Stopsley Village Practice inspection: planned (${row.reference})`);
  }
  if (row.state === 'planned') {
    if (!row.team_confirmed_at) await confirmInspectionTeam(as(ctx, manager, '2025-09-22T09:00:00Z'), row.id);
    await changeInspectionState(as(ctx, lead, '2025-09-22T09:30:00Z'), row.id, { event: 'notify' });
    lines.push('Stopsley Village Practice inspection: notified Monday 22 September 2025');
  }
  return lines.length ? lines : ['Stopsley Village Practice inspection: already there'];
}

async function loadThirdPractice(ctx: Ctx): Promise<string[]> {
  const locationId = await orgId(ctx, { ods: THIRD_PRACTICE.odsCode, kind: 'location' });
  if (!locationId) return [`GP practice ${THIRD_PRACTICE.odsCode} is not in the register: its planned inspection is skipped`];
  if (await findGpInspection(ctx, locationId, THIRD_PRACTICE.fieldworkStart)) return ['Bell House Medical Centre inspection: already there'];
  const lead = await actor(ctx, 'aisha.rahman@inspectorate.example');
  const adviser = await actor(ctx, 'tom.whitfield@inspectorate.example');
  const created = await createInspection(as(ctx, lead, '2026-11-16T10:00:00Z'), {
    kind: 'comprehensive',
    noticeType: 'announced',
    subject: { type: 'location', organisationId: locationId },
    keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'wellLed'],
    fieldworkStart: THIRD_PRACTICE.fieldworkStart,
    fieldworkEnd: THIRD_PRACTICE.fieldworkStart,
    plannedNotificationDate: '2026-12-01',
    team: [
      { userId: lead.id, role: 'lead_inspector' },
      { userId: adviser.id, role: 'specialist_adviser' },
    ],
    contacts: [{ name: 'Practice manager, Bell House Medical Centre', email: 'practice.manager.e81005@nhs.example', organisationId: locationId, role: 'practice_manager' }],
  });
  return [`Bell House Medical Centre inspection: planned for 15 December 2026 (${created.reference})`];
}

/** The demo part: Luton review, Stopsley practice, a third practice left planned. */
export async function loadInspectionsPlanning(ctx: ServiceContext): Promise<string[]> {
  return [...(await loadLutonReview(ctx)), ...(await loadStopsley(ctx)), ...(await loadThirdPractice(ctx))];
}
