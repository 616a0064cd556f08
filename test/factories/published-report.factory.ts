/**
 * A published inspection report for action-plan tests: an inspection of a location with a lead
 * inspector, and its published report with recommendations and a breach (the shape issue 7's
 * publication leaves behind; docs/reports.md).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/data/database.js';
import type { Organisation } from '../../src/data/tables/foundation.tables.js';
import { createOrganisation } from './organisation.factory.js';
import { createUser, type TestUser } from './user.factory.js';

let counter = 0;

export interface PublishedWorld {
  provider: Organisation;
  location: Organisation;
  inspectionId: string;
  reference: string;
  reportId: string;
  lead: TestUser;
  manager: TestUser;
  practiceManager: TestUser;
  recommendationIds: string[];
  breachId: string;
}

export async function createPublishedReport(db: Db, opts: { publicationDate?: string } = {}): Promise<PublishedWorld> {
  const n = ++counter;
  const regulator = await createOrganisation(db, 'regulator');
  const provider = await createOrganisation(db, 'provider', { name: `Orchard Medical Partnership ${n}` });
  const location = await createOrganisation(db, 'location', { name: `Orchard Surgery ${n}`, parent_id: provider.id });
  const lead = await createUser(db, 'inspector', { organisation: regulator, name: `Lead Inspector ${n}` });
  const manager = await createUser(db, 'inspectionManager', { organisation: regulator });
  const practiceManager = await createUser(db, 'providerAdmin', { organisation: provider, name: `Practice Manager ${n}` });
  const reference = `INS-2025-7${String(process.pid).slice(-4)}${n}`;
  const inspection = await db
    .insertInto('inspections')
    .values({ reference, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: location.id, key_questions: ['safe', 'effective', 'caring', 'responsive', 'well-led'], notice_type: 'announced', state: 'published', fieldwork_start: '2025-10-07', fieldwork_end: '2025-10-08', notified_at: new Date('2025-09-22T09:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('inspection_team').values([{ inspection_id: inspection.id, user_id: lead.id, role: 'lead_inspector' }]).execute();
  const publicationDate = opts.publicationDate ?? '2026-02-10';
  const report = await db
    .insertInto('inspection_reports')
    .values({ inspection_id: inspection.id, link_id: randomUUID(), stage: 'published', owner_label: 'Published', current_version: 1, published_at: new Date(`${publicationDate}T09:00:00Z`), publication_date: publicationDate, published_version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('report_versions').values({ report_id: report.id, version: 1, sections: JSON.stringify([]) }).execute();
  const breach = await db
    .insertInto('report_breaches')
    .values({ report_id: report.id, regulation: '17', paragraph: null, regulation_title: 'Good governance', key_question: 'well-led', description: 'Systems to assess and monitor the quality of services were not effective.', enforcement: JSON.stringify([{ actionId: randomUUID(), kind: 'warning-notice', kindName: 'Warning notice', state: 'issued', issuedOn: '2025-10-24' }]), position: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const recs = await db
    .insertInto('report_recommendations')
    .values([
      { report_id: report.id, position: 1, strength: 'must', text: 'Establish effective governance systems to monitor the quality of services.', organisation_id: provider.id, organisation_name: provider.name, report_breach_id: breach.id },
      { report_id: report.id, position: 2, strength: 'should', text: 'Respond to patients who ask to discuss concerns with the practice manager.', organisation_id: provider.id, organisation_name: provider.name },
    ])
    .returning('id')
    .execute();
  return { provider, location, inspectionId: inspection.id, reference, reportId: report.id, lead, manager, practiceManager, recommendationIds: recs.map((r) => r.id), breachId: breach.id };
}
