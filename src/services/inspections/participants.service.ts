/**
 * Issue 15: the organisations taking part in an inspection, each in a capacity: the organisation
 * inspected, the lead commissioner and the providers of services in scope (worked out from the
 * plan), and the capacities the plan cannot say (the commissioner of a service in scope, such as
 * the local authority; a partner), declared here. Each participant's users see the inspection and
 * the part of it that concerns them (src/services/inspections/inspection-access.ts).
 *
 * Organisations are found by name, postcode or any identifier (the subject search, widened to
 * commissioners and local authorities), and one with no external code can be created, with a
 * warning when a similar name exists.
 */
import { sql } from 'kysely';
import type { Trx } from '../../data/database.js';
import { upsertOrganisation } from '../../data/repositories/organisation.repository.js';
import { PARTICIPANT_CAPACITIES, type ParticipantCapacity } from '../../data/tables/participants.tables.js';
import { visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { requireOnInspection } from '../access.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ServiceError, ValidationError, type FieldError } from '../errors.js';
import { notify } from '../notifications.service.js';
import { addTimelineEvent } from './inspection-events.js';
import { loadInspectionAccess, type InspectionAccess } from './inspection-access.js';
import { findInspectionSubjects, PARTICIPANT_ORGANISATION_KINDS, type SubjectMatch } from './subject-search.service.js';
import { inspectionPath } from '../../domain/shared/app-paths.js';

export type ParticipantKind = 'subject' | ParticipantCapacity;

export const CAPACITY_LABELS: Record<ParticipantKind, string> = {
  subject: 'Organisation inspected',
  lead_commissioner: 'Lead commissioner',
  scope_provider: 'Provider of a service in scope',
  scope_commissioner: 'Commissioner of a service in scope',
  partner: 'Partner',
};

export interface Participant {
  organisation: { id: string; name: string; kind: string; code: string | null };
  capacities: ParticipantKind[];
  /** Declared on this page (and so removable), rather than worked out from the plan. */
  declared: ParticipantCapacity | null;
  /** The services in scope it runs or commissions. */
  services: string[];
}

export interface ParticipantsView {
  inspection: { id: string; reference: string };
  participants: Participant[];
  /** Commissioners of services in scope (from the commissioning register) not yet taking part. */
  suggestions: { id: string; name: string; services: string[] }[];
  canChange: boolean;
}

function canChange(access: InspectionAccess): boolean {
  try {
    requireOnInspection(access, 'inspection.change_plan', 'change who takes part');
    return ['planned', 'notified', 'fieldwork', 'judgement', 'draft_report', 'factual_accuracy', 'publication_ready', 'published'].includes(access.inspection.state);
  } catch {
    return false;
  }
}

export async function listParticipants(ctx: ServiceContext, inspectionId: string): Promise<ParticipantsView> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const i = access.inspection;
  const scope = await ctx.db.selectFrom('inspection_scope_services as s').leftJoin('organisations as o', 'o.id', 's.organisation_id').select(['s.service_name', 's.organisation_id', 'o.parent_id']).where('s.inspection_id', '=', i.id).orderBy('s.position').execute();
  const declared = await ctx.db.selectFrom('inspection_participants').selectAll().where('inspection_id', '=', i.id).execute();
  // Services in scope may be named only (no organisation chosen): ask only about those that have one.
  const serviceIds = scope.map((s) => s.organisation_id).filter((x): x is string => !!x);
  const commissioning = serviceIds.length ? await ctx.db.selectFrom('commissioning').select(['commissioner_id', 'service_id']).where('service_id', 'in', serviceIds).execute() : [];
  const byOrg = new Map<string, { capacities: Set<ParticipantKind>; declared: ParticipantCapacity | null; services: Set<string> }>();
  const entry = (id: string) => {
    let e = byOrg.get(id);
    if (!e) byOrg.set(id, (e = { capacities: new Set(), declared: null, services: new Set() }));
    return e;
  };
  if (i.subject_organisation_id) entry(i.subject_organisation_id).capacities.add('subject');
  if (i.lead_commissioner_id) entry(i.lead_commissioner_id).capacities.add('lead_commissioner');
  for (const s of scope) {
    if (!s.organisation_id) continue;
    // A service is a location of its provider: the provider takes part.
    const e = entry(s.parent_id ?? s.organisation_id);
    e.capacities.add('scope_provider');
    e.services.add(s.service_name);
  }
  for (const d of declared) {
    const e = entry(d.organisation_id);
    e.capacities.add(d.capacity);
    e.declared = d.capacity;
  }
  for (const c of commissioning) {
    const e = byOrg.get(c.commissioner_id);
    const name = scope.find((s) => s.organisation_id === c.service_id)?.service_name;
    if (e && name && (e.capacities.has('scope_commissioner') || e.capacities.has('lead_commissioner'))) e.services.add(name);
  }
  const ids = [...byOrg.keys(), ...commissioning.map((c) => c.commissioner_id)];
  const orgs = ids.length ? await ctx.db.selectFrom('organisations').select(['id', 'name', 'kind', 'ods_code', 'cqc_provider_id', 'cqc_location_id', 'local_authority_code', 'minted_id']).where('id', 'in', ids).execute() : [];
  const org = new Map(orgs.map((o) => [o.id, o]));
  const participants: Participant[] = [...byOrg.entries()]
    .map(([id, e]) => {
      const o = org.get(id);
      return {
        organisation: { id, name: o?.name ?? '', kind: o?.kind ?? '', code: o ? (o.local_authority_code ?? o.cqc_location_id ?? o.cqc_provider_id ?? o.ods_code ?? o.minted_id) : null },
        capacities: [...e.capacities].sort((a, b) => Object.keys(CAPACITY_LABELS).indexOf(a) - Object.keys(CAPACITY_LABELS).indexOf(b)),
        declared: e.declared,
        services: [...e.services],
      };
    })
    .sort((a, b) => Object.keys(CAPACITY_LABELS).indexOf(a.capacities[0] ?? 'partner') - Object.keys(CAPACITY_LABELS).indexOf(b.capacities[0] ?? 'partner') || a.organisation.name.localeCompare(b.organisation.name));
  const may = access.side === 'regulator' && canChange(access);
  const suggestions = may
    ? [...new Set(commissioning.map((c) => c.commissioner_id))]
        .filter((id) => !byOrg.has(id))
        .map((id) => ({ id, name: org.get(id)?.name ?? '', services: commissioning.filter((c) => c.commissioner_id === id).map((c) => scope.find((s) => s.organisation_id === c.service_id)?.service_name ?? '').filter(Boolean) }))
    : [];
  return { inspection: { id: i.id, reference: i.reference }, participants, suggestions, canChange: may };
}

export async function getOrganisationToAdd(ctx: ServiceContext, inspectionId: string, organisationId: string): Promise<{ inspection: { id: string; reference: string }; organisation: { id: string; name: string; kind: string } }> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireOnInspection(access, 'inspection.change_plan', 'change who takes part');
  const o = /^[0-9a-f-]{36}$/i.test(organisationId) ? await ctx.db.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', organisationId).where('kind', '<>', 'regulator').executeTakeFirst() : undefined;
  if (!o) throw new NotFoundError('No organisation found');
  return { inspection: { id: access.inspection.id, reference: access.inspection.reference }, organisation: o };
}

/** Declares an organisation taking part in a capacity (the lead inspector or an inspection manager). */
export async function addParticipant(ctx: ServiceContext, inspectionId: string, input: { organisationId: string; capacity: string }): Promise<void> {
  await inTransaction(ctx, (trx) => declareParticipant(trx, ctx, inspectionId, input));
}

async function declareParticipant(trx: Trx, ctx: ServiceContext, inspectionId: string, input: { organisationId: string; capacity: string }): Promise<void> {
  {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireOnInspection(access, 'inspection.change_plan', 'change who takes part');
    if (!canChange(access)) throw new ConflictError('Who takes part can no longer change on this inspection');
    if (!(PARTICIPANT_CAPACITIES as readonly string[]).includes(input.capacity)) throw new ValidationError([{ field: 'capacity', message: 'Select how the organisation takes part' }]);
    const capacity = input.capacity as ParticipantCapacity;
    const o = /^[0-9a-f-]{36}$/i.test(input.organisationId) ? await trx.selectFrom('organisations').select(['id', 'name', 'kind']).where('id', '=', input.organisationId).where('kind', '<>', 'regulator').executeTakeFirst() : undefined;
    if (!o) throw new ValidationError([{ field: 'organisationId', message: 'Choose an organisation' }]);
    const existing = await trx.selectFrom('inspection_participants').select('capacity').where('inspection_id', '=', inspectionId).where('organisation_id', '=', o.id).executeTakeFirst();
    if (existing?.capacity === capacity) return;
    await trx
      .insertInto('inspection_participants')
      .values({ inspection_id: inspectionId, organisation_id: o.id, capacity, added_by: access.user.id, added_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['inspection_id', 'organisation_id']).doUpdateSet({ capacity, added_by: access.user.id, added_at: ctx.clock.now() }))
      .execute();
    const visible = visibleToOrganisation(access.inspection.state as InspectionState, access.inspection.notified_at);
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'participant_added', summary: `${o.name} takes part as ${CAPACITY_LABELS[capacity].toLowerCase()}`, visibleToOrganisation: visible });
    await recordAudit(trx, ctx, { action: 'INSPECTION_PARTICIPANT_ADDED', subjectType: 'inspection', subjectId: inspectionId, before: existing ? { organisation_id: o.id, capacity: existing.capacity } : null, after: { organisation_id: o.id, capacity } });
    if (visible) {
      const people = await trx.selectFrom('users').select('id').where('status', '=', 'active').where((eb) => eb.or([eb('organisation_id', '=', o.id), eb('organisation_id', 'in', eb.selectFrom('organisations').select('id').where('parent_id', '=', o.id))])).execute();
      for (const p of people) await notify(trx, { userId: p.id, title: `Your organisation takes part in inspection ${access.inspection.reference}`, body: `${o.name} takes part as ${CAPACITY_LABELS[capacity].toLowerCase()}.`, link: inspectionPath(inspectionId) });
    }
  }
}

/** Removes a declared participant (the plan's own organisations change on the plan page). */
export async function removeParticipant(ctx: ServiceContext, inspectionId: string, organisationId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireOnInspection(access, 'inspection.change_plan', 'change who takes part');
    const gone = await trx.deleteFrom('inspection_participants').where('inspection_id', '=', inspectionId).where('organisation_id', '=', /^[0-9a-f-]{36}$/i.test(organisationId) ? organisationId : '00000000-0000-0000-0000-000000000000').returningAll().executeTakeFirst();
    if (!gone) throw new NotFoundError('That organisation was not added on this page');
    const o = await trx.selectFrom('organisations').select('name').where('id', '=', gone.organisation_id).executeTakeFirstOrThrow();
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'participant_removed', summary: `${o.name} no longer takes part`, visibleToOrganisation: visibleToOrganisation(access.inspection.state as InspectionState, access.inspection.notified_at) });
    await recordAudit(trx, ctx, { action: 'INSPECTION_PARTICIPANT_REMOVED', subjectType: 'inspection', subjectId: inspectionId, before: { organisation_id: gone.organisation_id, capacity: gone.capacity }, after: null });
  });
}

/** Finds organisations to add by name, postcode, CQC ID, ODS code or local authority code. */
export async function findOrganisationsToAdd(ctx: ServiceContext, inspectionId: string, q: string, page = 1): Promise<{ matches: SubjectMatch[]; more: boolean }> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireOnInspection(access, 'inspection.change_plan', 'change who takes part');
  return findInspectionSubjects(ctx, q, null, page, { kinds: PARTICIPANT_ORGANISATION_KINDS });
}

export const NEW_ORGANISATION_KINDS = ['provider', 'local_authority', 'commissioner'] as const;
export type NewOrganisationKind = (typeof NEW_ORGANISATION_KINDS)[number];

export interface NewOrganisationInput {
  name: string;
  kind: string;
  town: string;
  postcode: string;
  localAuthorityCode: string;
  capacity: string;
  /** The person has seen the similar names and still wants a new organisation. */
  confirmNotDuplicate: boolean;
}

/** Similar names already held: the person is warned before a duplicate is made. */
export class PossibleDuplicateError extends ServiceError {
  constructor(public readonly similar: { id: string; name: string; town: string | null; postcode: string | null }[]) {
    super(409, 'possible_duplicate', `An organisation with a similar name already exists: ${similar.map((s) => s.name).join('; ')}`);
  }
}

/** Creates an organisation with no external code (an id is minted) and adds it to the inspection in a capacity. */
/** The field checks of a new organisation (every problem at once) and its tidied values. */
function checkNewOrganisation(input: Omit<NewOrganisationInput, 'confirmNotDuplicate'>) {
  const errors: FieldError[] = [];
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) errors.push({ field: 'name', message: 'Enter the organisation’s name' });
  if (!(NEW_ORGANISATION_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: 'Select what kind of organisation it is' });
  const postcode = input.postcode.trim().toUpperCase().replace(/\s+/g, ' ');
  if (postcode && !/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(postcode)) errors.push({ field: 'postcode', message: 'Enter a real postcode, like LU1 2BQ, or leave it empty' });
  const laCode = input.localAuthorityCode.trim().toUpperCase();
  if (laCode && !/^[EWSN]\d{8}$/.test(laCode)) errors.push({ field: 'localAuthorityCode', message: 'Enter a local authority code like E06000032, or leave it empty' });
  if (!(PARTICIPANT_CAPACITIES as readonly string[]).includes(input.capacity)) errors.push({ field: 'capacity', message: 'Select how the organisation takes part' });
  return { errors, name, postcode, laCode };
}

/** Organisations already held with a name like this one (none for an empty name). */
async function similarOrganisations(ctx: ServiceContext, name: string) {
  if (!name) return [];
  const { rows } = await sql<{ id: string; name: string; town: string | null; postcode: string | null }>`
    select id, name, town, postcode from organisations
    where kind <> 'regulator' and (similarity(lower(name), ${name.toLowerCase()}) >= 0.4 or lower(name) = ${name.toLowerCase()}
      or word_similarity(${name.toLowerCase()}, lower(name)) >= 0.7)
    order by similarity(lower(name), ${name.toLowerCase()}) desc limit 5`.execute(ctx.db);
  return rows;
}

/**
 * Every problem with a new organisation, without creating it: the field checks and, unless the
 * person confirmed it is different, organisations held with a similar name. A form that failed its
 * own checks shows these with them, so every problem is named at once.
 */
export async function newOrganisationProblems(ctx: ServiceContext, inspectionId: string, input: NewOrganisationInput): Promise<{ errors: FieldError[]; similar: Awaited<ReturnType<typeof similarOrganisations>> }> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireOnInspection(access, 'organisation.create', 'create an organisation');
  const checked = checkNewOrganisation(input);
  return { errors: checked.errors, similar: input.confirmNotDuplicate ? [] : await similarOrganisations(ctx, checked.name) };
}

export async function createOrganisationForInspection(ctx: ServiceContext, inspectionId: string, input: NewOrganisationInput): Promise<string> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  requireOnInspection(access, 'organisation.create', 'create an organisation');
  const { errors, name, postcode, laCode } = checkNewOrganisation(input);
  if (errors.length) throw new ValidationError(errors);
  if (!input.confirmNotDuplicate) {
    const rows = await similarOrganisations(ctx, name);
    if (rows.length) throw new PossibleDuplicateError(rows);
  }
  return inTransaction(ctx, async (trx) => {
    const { organisation } = await upsertOrganisation(trx, { kind: input.kind as NewOrganisationKind, name, parent_id: null, town: input.town.trim() || null, postcode: postcode || null, local_authority_code: laCode || null });
    await recordAudit(trx, ctx, { action: 'ORGANISATION_CREATED', subjectType: 'organisation', subjectId: organisation.id, after: { ...organisation, reason: `Added to inspection ${access.inspection.reference}`, similar_names_seen: input.confirmNotDuplicate } });
    await declareParticipant(trx, ctx, inspectionId, { organisationId: organisation.id, capacity: input.capacity });
    return organisation.id;
  });
}
