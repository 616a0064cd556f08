/**
 * The demo world for issue 19 (the provider's side between inspections):
 * - Stopsley Village Practice: its notifications of the registered manager's absence (from
 *   Monday 6 July 2026) and return (Monday 17 August 2026), the first triaged.
 * - Bell House Medical Centre (E81005): an information return requested on Monday 2 November 2026,
 *   half answered by its practice manager (Priya Nair, a demo account added here).
 * - A care home from the register: a published report of 1 October 2026 and a request for a
 *   review of its ratings, refused as outside the grounds (it disagrees with the judgement).
 *   Its registered manager is Grace Okafor (a demo account added here).
 * Idempotent: each piece is looked for before it is made.
 */
import { randomUUID } from 'node:crypto';
import { findUserByEmail, insertUser } from '../../data/repositories/user.repository.js';
import { type Role } from '../../domain/vocabulary/roles.js';
import { fixedClock } from '../../domain/shared/clock.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { hashPassword } from '../passwords.js';
import { requestReturn, saveAnswers } from '../provider-portal/information-returns.service.js';
import { decideGrounds, submitReviewRequest } from '../provider-portal/rating-review.service.js';
import { submitNotification, triageNotification } from '../provider-portal/statutory-notifications.service.js';
import { DEMO_PASSWORD } from './demo-accounts.js';

async function asUser(ctx: ServiceContext, email: string, at: string): Promise<ServiceContext | null> {
  const u = await ctx.db.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id').select(['users.id', 'users.email', 'users.name', 'users.role', 'users.organisation_id', 'users.is_org_admin', 'organisations.name as organisation_name']).where('users.email', '=', email).executeTakeFirst();
  if (!u) return null;
  const user: SignedInUser = { id: u.id, email: u.email, name: u.name, role: u.role as Role, organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin };
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

async function demoUser(ctx: ServiceContext, email: string, name: string, jobTitle: string, organisationId: string): Promise<void> {
  if (await findUserByEmail(ctx.db, email)) return;
  const now = ctx.clock.now();
  await insertUser(ctx.db, { email, name, job_title: jobTitle, role: 'provider_user', organisation_id: organisationId, is_org_admin: true, status: 'active', password_hash: await hashPassword(DEMO_PASSWORD), created_at: now, updated_at: now });
}

async function stopsleyNotifications(ctx: ServiceContext): Promise<string> {
  const loc = await ctx.db.selectFrom('register_locations').select('organisation_id').where('location_id', '=', 'E81006').executeTakeFirst();
  if (!loc) return 'Stopsley Village Practice notifications: the practice is missing, skipped';
  const done = await ctx.db.selectFrom('statutory_notifications').select('id').where('organisation_id', '=', loc.organisation_id).where('provider_reference', '=', 'SVP-RM-ABS-2026').executeTakeFirst();
  if (done) return 'Stopsley Village Practice notifications: already there';
  const sarah = await asUser(ctx, 'sarah.mitchell@nhs.example', '2026-06-29T09:30:00Z');
  if (!sarah) return 'Stopsley Village Practice notifications: Sarah Mitchell is missing, skipped';
  const absence = await submitNotification(sarah, {
    organisationId: loc.organisation_id,
    type: 'manager_absence',
    providerReference: 'SVP-RM-ABS-2026',
    channel: 'web',
    values: { eventDate: '2026-07-06', expectedReturn: '2026-08-14', absenceReason: 'planned_leave', arrangements: 'The deputy practice manager runs the practice day to day; the GP partner and nominated individual is responsible for regulated activities during the absence.' },
  });
  const daniel = await asUser(ctx, 'daniel.osei@inspectorate.example', '2026-06-30T10:00:00Z');
  if (daniel) await triageNotification(daniel, absence.id, { status: 'closed', outcome: 'no_action', note: 'Planned leave with clear interim arrangements. No action needed.', inspectionId: '' });
  await submitNotification({ ...sarah, clock: fixedClock('2026-08-17T08:45:00Z') }, { organisationId: loc.organisation_id, type: 'manager_return', providerReference: 'SVP-RM-RET-2026', channel: 'web', values: { eventDate: '2026-08-17', absenceStarted: '2026-07-06' } });
  return 'Stopsley Village Practice notifications: registered manager absence (dealt with) and return added';
}

async function bellHouseReturn(ctx: ServiceContext): Promise<string> {
  const loc = await ctx.db.selectFrom('register_locations').select(['organisation_id', 'name']).where((eb) => eb.or([eb('location_id', '=', 'E81005'), eb('ods_code', '=', 'E81005')])).executeTakeFirst();
  if (!loc) return 'Bell House Medical Centre information return: the practice is not in the register, skipped';
  const existing = await ctx.db.selectFrom('information_return_requests').select('id').where('organisation_id', '=', loc.organisation_id).executeTakeFirst();
  if (existing) return 'Bell House Medical Centre information return: already there';
  await demoUser(ctx, 'priya.nair@nhs.example', 'Priya Nair', 'Practice manager, Bell House Medical Centre', loc.organisation_id);
  const daniel = await asUser(ctx, 'daniel.osei@inspectorate.example', '2026-11-02T10:00:00Z');
  const priya = await asUser(ctx, 'priya.nair@nhs.example', '2026-11-09T14:00:00Z');
  if (!daniel || !priya) return 'Bell House Medical Centre information return: demo users missing, skipped';
  const req = await requestReturn(daniel, { organisationId: loc.organisation_id, note: 'Ahead of the inspection planned for 15 December 2026.' });
  await saveAnswers(priya, req.id, [
    { questionId: 'people_supported', value: '7400', baseVersion: 0 },
    { questionId: 'safeguarding_12m', value: '5', baseVersion: 0 },
    { questionId: 'training_compliance', value: '88', baseVersion: 0 },
    { questionId: 'complaints_12m', value: '11', baseVersion: 0 },
    { questionId: 'registered_manager_in_post', value: 'yes', baseVersion: 0 },
    { questionId: 'safe_text', value: 'Significant events are discussed at the monthly clinical meeting and shared with all staff by email.', baseVersion: 0 },
  ]);
  return `Bell House Medical Centre information return: requested (${req.reference}), half answered by Priya Nair`;
}

async function careHomeReview(ctx: ServiceContext): Promise<string> {
  const existing = await ctx.db.selectFrom('rating_review_requests').select('id').where('grounds', 'like', 'We disagree with%').executeTakeFirst();
  if (existing) return 'Care home rating review request: already there';
  const home = await ctx.db
    .selectFrom('register_locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.organisation_id', 'l.name', 'o.parent_id'])
    .where('l.care_home', '=', true)
    .where('l.registration_status', '=', 'Registered')
    .where('l.overall_rating', 'in', ['Requires improvement', 'Good'])
    .orderBy('l.location_id')
    .executeTakeFirst();
  if (!home) return 'Care home rating review request: no registered care home in the register, skipped';
  await demoUser(ctx, 'grace.okafor@care.example', 'Grace Okafor', `Registered manager, ${home.name}`, home.parent_id ?? home.organisation_id);
  const grace = await ctx.db.selectFrom('users').select('id').where('email', '=', 'grace.okafor@care.example').executeTakeFirstOrThrow();
  await ctx.db.insertInto('registered_persons').values({ organisation_id: home.organisation_id, user_id: grace.id, capacity: 'registered_manager' }).onConflict((oc) => oc.doNothing()).execute();
  const lead = await ctx.db.selectFrom('users').select('id').where('email', '=', 'aisha.rahman@inspectorate.example').executeTakeFirst();
  const manager = await ctx.db.selectFrom('users').select('id').where('email', '=', 'helen.carter@inspectorate.example').executeTakeFirst();
  if (!lead || !manager) return 'Care home rating review request: demo inspectors missing, skipped';
  // The report the request is about: an inspection of the home published on Thursday 1 October 2026.
  const inspection = await ctx.db
    .insertInto('inspections')
    .values({ reference: `INS-2026-${String(Math.floor(Math.random() * 90000) + 10000)}`, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: home.organisation_id, key_questions: ['safe', 'effective', 'caring', 'responsive', 'well_led'], notice_type: 'unannounced', state: 'published', fieldwork_start: '2026-08-11', fieldwork_end: '2026-08-12', notified_at: new Date('2026-08-11T07:30:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('inspection_team').values({ inspection_id: inspection.id, user_id: lead.id, role: 'lead_inspector' }).execute();
  const report = await ctx.db
    .insertInto('inspection_reports')
    .values({ inspection_id: inspection.id, link_id: randomUUID(), stage: 'published', owner_label: 'Published', current_version: 1, approved_version: 1, approved_by: manager.id, approved_at: new Date('2026-09-30T10:00:00Z'), published_at: new Date('2026-10-01T09:00:00Z'), published_by: manager.id, publication_date: '2026-10-01', published_version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  // What the report says, so the home's manager, the public and the reviewer read a real report.
  const sections = [
    { key: 'summary', heading: 'Summary', level: 2, body: `We carried out an unannounced inspection of ${home.name} on 11 and 12 August 2026. People told us staff were kind and knew them well. We found medicines were not always recorded when they were given, and checks of the service had not found this.` },
    { key: 'kq:safe', heading: 'Safe', level: 2, body: 'Medicines records had gaps on 9 of the 28 days we looked at. Staff knew how to report abuse and people said they felt safe.' },
    { key: 'kq:effective', heading: 'Effective', level: 2, body: 'Staff had the training they needed. People were helped to eat and drink enough and saw their GP when they needed to.' },
    { key: 'kq:caring', heading: 'Caring', level: 2, body: 'People and their families told us staff were kind and patient and respected their privacy.' },
    { key: 'kq:responsive', heading: 'Responsive', level: 2, body: 'Care plans said what each person liked and how they wanted to be supported, and were reviewed every month.' },
    { key: 'kq:wellLed', heading: 'Well-led', level: 2, body: 'The provider’s monthly checks had not found the gaps in medicines records. The registered manager put a daily check in place during our inspection.' },
  ];
  await ctx.db.insertInto('report_versions').values({ report_id: report.id, version: 1, sections: JSON.stringify(sections) }).execute();
  const ratings = { safe: 'Requires improvement', effective: 'Good', caring: 'Good', responsive: 'Good', wellLed: 'Requires improvement', overall: 'Requires improvement' };
  let position = 0;
  for (const [subject, rating] of Object.entries(ratings)) await ctx.db.insertInto('report_ratings').values({ report_id: report.id, subject, rating, source: 'new', explanation: [], position: position++ }).execute();
  const asGrace = await asUser(ctx, 'grace.okafor@care.example', '2026-10-08T11:00:00Z');
  const asHelen = await asUser(ctx, 'helen.carter@inspectorate.example', '2026-10-12T15:00:00Z');
  if (!asGrace || !asHelen) return 'Care home rating review request: demo users missing, skipped';
  const sent = await submitReviewRequest(asGrace, inspection.id, { grounds: 'We disagree with the Safe rating. Our staff work hard and families tell us they are happy with the care. We do not think Requires improvement is fair.', confirmsProcessGrounds: true });
  await decideGrounds(asHelen, sent.id, { decision: 'refuse', reason: 'The request disagrees with the judgement but does not say how the process for making the ratings decision was not followed, so it is outside the grounds for a review.', reviewerId: '' });
  return `Care home rating review request: ${home.name}, refused as outside the grounds (registered manager Grace Okafor)`;
}

export async function loadProviderPortalDemo(ctx: ServiceContext): Promise<string[]> {
  return [await stopsleyNotifications(ctx), await bellHouseReturn(ctx), await careHomeReview(ctx)];
}
