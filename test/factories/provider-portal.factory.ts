/**
 * The provider portal world (issue 19): a care home on the register under its provider, with its
 * registered manager, nominated individual and another colleague; the regulator's lead inspector,
 * a team inspector, the inspection manager who approved the last report, and people outside that
 * inspection; an open inspection (fieldwork) and an earlier, published one with its ratings on
 * the register.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/data/database.js';
import type { Organisation } from '../../src/data/tables/foundation.tables.js';
import { createOrganisation } from './organisation.factory.js';
import { createUser, type TestUser } from './user.factory.js';

let counter = 0;

export interface CareWorld {
  provider: Organisation;
  location: Organisation;
  locationId: string;
  openInspectionId: string;
  openReference: string;
  publishedInspectionId: string;
  reportId: string;
  linkId: string;
  people: Record<'registeredManager' | 'nominatedIndividual' | 'colleague' | 'lead' | 'teamInspector' | 'approver' | 'independent' | 'otherManager' | 'outsider', TestUser>;
}

export async function createCareWorld(db: Db, opts: { publicationDate?: string } = {}): Promise<CareWorld> {
  const n = `${process.pid % 1000}${++counter}`;
  const regulator = await createOrganisation(db, 'regulator');
  const provider = await createOrganisation(db, 'provider', { name: `Bellflower Care Ltd ${n}` });
  const location = await createOrganisation(db, 'location', { name: `Bellflower House ${n}`, parent_id: provider.id });
  const locationId = `1-9${n.padStart(8, '0')}`;
  await db
    .insertInto('register_locations')
    .values({
      organisation_id: location.id,
      location_id: locationId,
      provider_name: provider.name,
      name: location.name,
      type: 'Social Care Org',
      inspection_directorate: 'Adult social care',
      care_home: true,
      registration_status: 'Registered',
      registration_date: '2015-04-01',
      town: 'Riverside',
      postcode: 'RV1 1AA',
      overall_rating: 'Requires improvement',
      overall_rating_date: opts.publicationDate ?? '2026-03-02',
      source: 'test',
      source_hash: randomUUID(),
      document: '{}',
    })
    .execute();
  const other = await createOrganisation(db, 'provider', { name: `Elsewhere Homes ${n}` });
  const u = (trait: Parameters<typeof createUser>[1], organisation: Organisation, name: string) => createUser(db, trait, { organisation, name });
  const people = {
    registeredManager: await u('providerUser', provider, `Rhona Manager ${n}`),
    nominatedIndividual: await u('providerAdmin', provider, `Nadia Nominated ${n}`),
    colleague: await u('providerUser', provider, `Colin Colleague ${n}`),
    lead: await u('inspector', regulator, `Lena Lead ${n}`),
    teamInspector: await u('inspector', regulator, `Tomas Team ${n}`),
    approver: await u('inspectionManager', regulator, `Amira Approver ${n}`),
    independent: await u('inspector', regulator, `Ines Independent ${n}`),
    otherManager: await u('inspectionManager', regulator, `Owen Othermanager ${n}`),
    outsider: await u('providerUser', other, `Olive Outsider ${n}`),
  };
  await db
    .insertInto('registered_persons')
    .values([
      { organisation_id: location.id, user_id: people.registeredManager.id, capacity: 'registered_manager' },
      { organisation_id: provider.id, user_id: people.nominatedIndividual.id, capacity: 'nominated_individual' },
    ])
    .execute();
  const publicationDate = opts.publicationDate ?? '2026-03-02';
  const published = await db
    .insertInto('inspections')
    .values({ reference: `INS-2025-8${n}`, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: location.id, key_questions: ['safe', 'effective', 'caring', 'responsive', 'well-led'], notice_type: 'unannounced', state: 'published', fieldwork_start: '2025-12-02', fieldwork_end: '2025-12-03', notified_at: new Date('2025-12-02T08:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('inspection_team').values([
    { inspection_id: published.id, user_id: people.lead.id, role: 'lead_inspector' },
    { inspection_id: published.id, user_id: people.teamInspector.id, role: 'inspector' },
  ]).execute();
  const linkId = randomUUID();
  const report = await db
    .insertInto('inspection_reports')
    .values({ inspection_id: published.id, link_id: linkId, stage: 'published', owner_label: 'Published', current_version: 1, approved_version: 1, approved_by: people.approver.id, approved_at: new Date(`${publicationDate}T08:00:00Z`), published_at: new Date(`${publicationDate}T09:00:00Z`), published_by: people.approver.id, publication_date: publicationDate, published_version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('report_versions').values({ report_id: report.id, version: 1, sections: JSON.stringify([]) }).execute();
  const ratings = { safe: 'Requires improvement', effective: 'Good', caring: 'Good', responsive: 'Good', wellLed: 'Requires improvement', overall: 'Requires improvement' } as const;
  const names = { safe: 'Safe', effective: 'Effective', caring: 'Caring', responsive: 'Responsive', wellLed: 'Well-led' } as const;
  let position = 0;
  for (const [subject, rating] of Object.entries(ratings)) {
    await db.insertInto('report_ratings').values({ report_id: report.id, subject, rating, rating_date: null, source: 'new', explanation: [`${subject}: ${rating} (asc-principles/1).`], position: position++ }).execute();
    await db
      .insertInto('ratings')
      .values({ organisation_id: location.id, scope: subject === 'overall' ? 'overall' : 'key_question', name: subject === 'overall' ? '' : names[subject as keyof typeof names], rating, report_date: publicationDate, report_link_id: linkId, source: 'inspectorate', current: true })
      .execute();
  }
  await db.insertInto('reports').values({ organisation_id: location.id, link_id: linkId, report_date: publicationDate, report_type: 'Comprehensive inspection', report_uri: `/reports/${linkId}`, first_visit_date: '2025-12-02', source: 'inspectorate' }).execute();
  const open = await db
    .insertInto('inspections')
    .values({ reference: `INS-2026-9${n}`, kind: 'focused', subject_type: 'location', subject_organisation_id: location.id, key_questions: ['safe', 'well-led'], notice_type: 'unannounced', state: 'fieldwork', fieldwork_start: '2026-06-01', fieldwork_end: '2026-06-30', notified_at: new Date('2026-06-01T08:00:00Z') })
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
  await db.insertInto('inspection_team').values([{ inspection_id: open.id, user_id: people.lead.id, role: 'lead_inspector' }]).execute();
  return { provider, location, locationId, openInspectionId: open.id, openReference: open.reference, publishedInspectionId: published.id, reportId: report.id, linkId, people };
}
