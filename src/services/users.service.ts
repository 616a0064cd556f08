/**
 * People in organisations. Organisation admins invite, remove and restore colleagues and
 * appoint other admins; regulator administrators can do all of that for any organisation,
 * so no organisation ever depends on one named person to get back in.
 */
import { REVIEW_CAPACITIES, type ReviewCapacity } from '../domain/rating-review/rating-review-rules.js';
import { type Role, isRegulatorRole, ROLE_LABELS } from '../domain/vocabulary/roles.js';
import type { Organisation, OrganisationKind, User } from '../data/tables/foundation.tables.js';
import type { Trx } from '../data/database.js';
import { findOrganisationById } from '../data/repositories/organisation.repository.js';
import {
  countActiveOrgAdmins,
  deleteSessionsOfUser,
  findUserByEmail,
  findUserById,
  findUsableToken,
  insertUser,
  insertUserToken,
  lockUser,
  markTokenUsed,
  revokeTokensOfUser,
  searchUsers,
  updateUser,
  type UserFilter,
  type UserWithOrganisation,
} from '../data/repositories/user.repository.js';
import { recordAudit } from './audit.service.js';
import { startSession, toSignedInUser } from './auth.service.js';
import { requireUser } from './authorisation.js';
import { requireAllowed } from './access.js';
import { inTransaction, type ServiceContext } from './context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from './errors.js';
import { queueEmail } from './mail.service.js';
import { hashPassword, newPasswordErrors } from './passwords.js';
import { looksLikeToken, randomToken, sha256Hex } from './tokens.js';
import { revokeAllPersonalAccessTokens } from './api-tokens/personal-access-tokens.service.js';
import { invitationPath } from '../domain/shared/app-paths.js';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Which roles people in an organisation of this kind can hold. */
export function rolesForOrganisationKind(kind: OrganisationKind): Role[] {
  switch (kind) {
    case 'regulator':
      return ['inspector', 'inspection_manager', 'factual_accuracy_reviewer', 'enforcement_officer', 'administrator'];
    case 'provider':
    case 'location':
      return ['provider_user'];
    case 'commissioner':
    case 'local_authority':
      return ['commissioner_user'];
  }
}

/** May the current actor manage this organisation's people? The system (CLI, demo loader) always may. */
export function canManagePeople(ctx: Pick<ServiceContext, 'actor'>, organisation: Pick<Organisation, 'id' | 'kind'>): boolean {
  if (ctx.actor.kind === 'system') return true;
  if (ctx.actor.kind !== 'user') return false;
  const user = ctx.actor.user;
  if (user.role === 'administrator') return true;
  return !isRegulatorRole(user.role) && user.isOrgAdmin && user.organisationId === organisation.id;
}

/** Regulator staff see every organisation; everyone else their own and its locations. Others get "not found". */
export function canViewOrganisation(ctx: Pick<ServiceContext, 'actor'>, organisation: Pick<Organisation, 'id' | 'parent_id'>): boolean {
  if (ctx.actor.kind === 'system') return true;
  if (ctx.actor.kind !== 'user') return false;
  const user = ctx.actor.user;
  return isRegulatorRole(user.role) || user.organisationId === organisation.id || user.organisationId === organisation.parent_id;
}

async function organisationToManage(trx: Trx, ctx: ServiceContext, organisationId: string): Promise<Organisation> {
  if (ctx.actor.kind === 'anonymous') requireUser(ctx);
  const organisation = await findOrganisationById(trx, organisationId);
  if (!organisation || !canViewOrganisation(ctx, organisation)) throw new NotFoundError();
  if (!canManagePeople(ctx, organisation)) throw new ForbiddenError('Only an organisation admin or a regulator administrator can manage people in this organisation');
  return organisation;
}

function userSnapshot(u: Pick<User, 'email' | 'name' | 'role' | 'organisation_id' | 'is_org_admin' | 'status' | 'job_title'>) {
  return { email: u.email, name: u.name, role: u.role, organisation_id: u.organisation_id, is_org_admin: u.is_org_admin, status: u.status, job_title: u.job_title };
}

export interface NewPersonInput {
  organisationId: string;
  email: string;
  name: string;
  role?: Role | string | undefined;
  jobTitle?: string | undefined;
  isOrgAdmin?: boolean | undefined;
  /** Only the system (CLI) may set a password directly; everyone else is invited. */
  password?: string | undefined;
}

export interface NewPersonResult {
  user: User;
  /** The link emailed to the new person (undefined when a password was set directly). */
  invitationUrl?: string | undefined;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_IN_USE = 'Someone with this email address already has an account';

export function validateNewPerson(input: NewPersonInput, kind: OrganisationKind): FieldError[] {
  const errors: FieldError[] = [];
  const email = input.email.trim();
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter their full name' });
  else if (input.name.trim().length > 200) errors.push({ field: 'name', message: 'Full name must be 200 characters or fewer' });
  if (!email) errors.push({ field: 'email', message: 'Enter their email address' });
  else if (!EMAIL_PATTERN.test(email) || email.length > 254) errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
  const allowed = rolesForOrganisationKind(kind);
  if (input.role !== undefined && input.role !== '' && !allowed.includes(input.role as Role)) {
    errors.push({ field: 'role', message: `Select a role people in this organisation can hold: ${allowed.map((r) => ROLE_LABELS[r].toLowerCase()).join(', ')}` });
  } else if ((input.role === undefined || input.role === '') && allowed.length > 1) {
    errors.push({ field: 'role', message: 'Select a role' });
  }
  if ((input.jobTitle ?? '').trim().length > 200) errors.push({ field: 'jobTitle', message: 'Job title must be 200 characters or fewer' });
  if (input.isOrgAdmin && isRegulatorRole((input.role as Role) ?? allowed[0])) errors.push({ field: 'isOrgAdmin', message: 'Regulator staff cannot be organisation admins: administrators manage them' });
  return errors;
}

/**
 * Every problem with a person to be added, without adding them: the checks that need the
 * organisation (its roles) and the database (an address already in use). A form that failed its
 * own checks shows these with them, so every problem is named at once. With no organisation
 * (`organisationId` empty or unknown) the role is not checked: it depends on the organisation.
 */
export async function newPersonProblems(ctx: ServiceContext, input: NewPersonInput): Promise<FieldError[]> {
  return inTransaction(ctx, async (trx) => {
    const organisation = input.organisationId ? await organisationToManage(trx, ctx, input.organisationId) : null;
    const errors = organisation
      ? validateNewPerson(input, organisation.kind)
      : validateNewPerson({ ...input, role: undefined }, 'regulator').filter((e) => e.field !== 'role' && e.field !== 'isOrgAdmin');
    const email = input.email.trim();
    if (email && !errors.some((e) => e.field === 'email') && (await findUserByEmail(trx, email))) errors.push({ field: 'email', message: EMAIL_IN_USE });
    return errors;
  });
}

/**
 * Adds a person to an organisation: invited by email (a single-use link valid for 7 days),
 * or, from the command line, active straight away with a password.
 */
export async function addPerson(ctx: ServiceContext, input: NewPersonInput): Promise<NewPersonResult> {
  return inTransaction(ctx, async (trx) => {
    const organisation = await organisationToManage(trx, ctx, input.organisationId);
    const errors = validateNewPerson(input, organisation.kind);
    if (input.password !== undefined) {
      if (ctx.actor.kind !== 'system') throw new ForbiddenError('Passwords are set by their owner');
      errors.push(...newPasswordErrors(input.password, input.password));
    }
    const email = input.email.trim();
    // Every problem at once: an address already in use is reported with the others.
    if (email && !errors.some((e) => e.field === 'email') && (await findUserByEmail(trx, email))) errors.push({ field: 'email', message: EMAIL_IN_USE });
    if (errors.length) throw new ValidationError(errors);
    const role = (input.role || rolesForOrganisationKind(organisation.kind)[0]) as Role;
    const now = ctx.clock.now();
    const user = await insertUser(trx, {
      email,
      name: input.name.trim(),
      job_title: input.jobTitle?.trim() || null,
      role,
      organisation_id: organisation.id,
      is_org_admin: Boolean(input.isOrgAdmin),
      status: input.password !== undefined ? 'active' : 'invited',
      password_hash: input.password !== undefined ? await hashPassword(input.password) : null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx, { action: input.password !== undefined ? 'USER_CREATED' : 'USER_INVITED', subjectType: 'user', subjectId: user.id, after: userSnapshot(user) });
    if (input.password !== undefined) return { user };
    const invitationUrl = await sendInvitation(trx, ctx, user, organisation);
    return { user, invitationUrl };
  });
}

async function sendInvitation(trx: Trx, ctx: ServiceContext, user: User, organisation: Organisation): Promise<string> {
  const now = ctx.clock.now();
  await revokeTokensOfUser(trx, user.id, now, 'invitation');
  const token = randomToken();
  await insertUserToken(trx, { hash: sha256Hex(token), userId: user.id, purpose: 'invitation', createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS) });
  const url = `${ctx.config.baseUrl}${invitationPath(token)}`;
  const inviter = ctx.actor.kind === 'user' ? ctx.actor.user.name : 'The Inspectorate team';
  await queueEmail(trx, ctx, {
    to: user.email,
    subject: `You have been invited to use Inspectorate for ${organisation.name}`,
    text: [
      `Dear ${user.name},`,
      '',
      `${inviter} has invited you to use Inspectorate as part of ${organisation.name}.`,
      '',
      'To set up your account, open this link and choose a password:',
      '',
      url,
      '',
      'The link works once and expires in 7 days. If it has expired, ask your organisation admin to invite you again.',
    ].join('\n'),
  });
  return url;
}

async function colleagueToManage(trx: Trx, ctx: ServiceContext, organisationId: string, userId: string): Promise<{ organisation: Organisation; user: User }> {
  const organisation = await organisationToManage(trx, ctx, organisationId);
  const user = await lockUser(trx, userId);
  if (!user || user.organisation_id !== organisation.id) throw new NotFoundError();
  return { organisation, user };
}

function isSelf(ctx: ServiceContext, userId: string): boolean {
  return ctx.actor.kind === 'user' && ctx.actor.user.id === userId;
}

/** Removes a colleague's access: their sessions end and outstanding links stop working. */
export async function removePerson(ctx: ServiceContext, organisationId: string, userId: string): Promise<User> {
  return inTransaction(ctx, async (trx) => {
    const { organisation, user } = await colleagueToManage(trx, ctx, organisationId, userId);
    if (user.status === 'removed') throw new ConflictError(`${user.name} has already been removed`);
    if (isSelf(ctx, user.id) && user.is_org_admin && (await countActiveOrgAdmins(trx, organisation.id)) <= 1) {
      throw new ConflictError('You are the only admin for this organisation. Make a colleague an admin before you remove yourself.', 'last_admin');
    }
    const now = ctx.clock.now();
    const updated = await updateUser(trx, user.id, { status: 'removed' }, now);
    await deleteSessionsOfUser(trx, user.id);
    await revokeTokensOfUser(trx, user.id, now);
    await revokeAllPersonalAccessTokens(trx, ctx, user.id, 'removed');
    await recordAudit(trx, ctx, { action: 'USER_REMOVED', subjectType: 'user', subjectId: user.id, before: { status: user.status }, after: { status: 'removed' } });
    return updated;
  });
}

/** Gives a removed colleague their access back (a fresh invitation when they never set a password). */
export async function restorePerson(ctx: ServiceContext, organisationId: string, userId: string): Promise<User> {
  return inTransaction(ctx, async (trx) => {
    const { organisation, user } = await colleagueToManage(trx, ctx, organisationId, userId);
    if (user.status !== 'removed') throw new ConflictError(`${user.name} already has access`);
    const status = user.password_hash ? 'active' : 'invited';
    const updated = await updateUser(trx, user.id, { status }, ctx.clock.now());
    await recordAudit(trx, ctx, { action: 'USER_RESTORED', subjectType: 'user', subjectId: user.id, before: { status: user.status }, after: { status } });
    if (status === 'invited') await sendInvitation(trx, ctx, updated, organisation);
    return updated;
  });
}

/** Sends a new invitation link to someone who has not yet accepted one. */
export async function resendInvitation(ctx: ServiceContext, organisationId: string, userId: string): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const { organisation, user } = await colleagueToManage(trx, ctx, organisationId, userId);
    if (user.status !== 'invited') throw new ConflictError(`${user.name} has already accepted their invitation`);
    const url = await sendInvitation(trx, ctx, user, organisation);
    await recordAudit(trx, ctx, { action: 'INVITATION_RESENT', subjectType: 'user', subjectId: user.id });
    return url;
  });
}

/** Appoints or stands down an organisation admin. The last active admin cannot stand themselves down. */
export async function setOrgAdmin(ctx: ServiceContext, organisationId: string, userId: string, isOrgAdmin: boolean): Promise<User> {
  return inTransaction(ctx, async (trx) => {
    const { organisation, user } = await colleagueToManage(trx, ctx, organisationId, userId);
    if (isRegulatorRole(user.role)) throw new ConflictError('Regulator staff are managed by administrators, not organisation admins');
    if (user.is_org_admin === isOrgAdmin) return user;
    if (!isOrgAdmin && isSelf(ctx, user.id) && (await countActiveOrgAdmins(trx, organisation.id)) <= 1) {
      throw new ConflictError('You are the only admin for this organisation. Make a colleague an admin first.', 'last_admin');
    }
    const updated = await updateUser(trx, user.id, { is_org_admin: isOrgAdmin }, ctx.clock.now());
    if (user.is_org_admin !== isOrgAdmin) await revokeAllPersonalAccessTokens(trx, ctx, user.id, 'role_changed');
    await recordAudit(trx, ctx, {
      action: isOrgAdmin ? 'USER_ORG_ADMIN_GRANTED' : 'USER_ORG_ADMIN_REVOKED',
      subjectType: 'user',
      subjectId: user.id,
      before: { is_org_admin: user.is_org_admin },
      after: { is_org_admin: isOrgAdmin },
    });
    return updated;
  });
}

export async function getColleague(ctx: ServiceContext, organisationId: string, userId: string): Promise<{ organisation: Organisation; user: User; activeAdmins: number; capacities: ReviewCapacity[] }> {
  return inTransaction(ctx, async (trx) => {
    const { organisation, user } = await colleagueToManage(trx, ctx, organisationId, userId);
    const held = await trx.selectFrom('registered_persons').select('capacity').where('organisation_id', '=', organisation.id).where('user_id', '=', user.id).execute();
    return { organisation, user, activeAdmins: await countActiveOrgAdmins(trx, organisation.id), capacities: REVIEW_CAPACITIES.filter((c) => held.some((h) => h.capacity === c)) };
  });
}

/**
 * Records (or ends) a colleague's registered capacity for their provider or location: registered
 * manager, nominated individual or chief executive. Issue 19: who may ask for a review of ratings
 * is read from these. Organisation admins for their own organisation; administrators anywhere.
 */
export async function setRegisteredCapacity(ctx: ServiceContext, organisationId: string, userId: string, capacity: string, held: boolean): Promise<void> {
  if (!(REVIEW_CAPACITIES as readonly string[]).includes(capacity)) throw new ValidationError([{ field: 'value', message: 'Choose registered manager, nominated individual or chief executive' }]);
  await inTransaction(ctx, async (trx) => {
    const { organisation, user } = await colleagueToManage(trx, ctx, organisationId, userId);
    if (isRegulatorRole(user.role)) throw new ConflictError('Regulator staff do not hold a registered capacity for a provider');
    if (organisation.kind !== 'provider' && organisation.kind !== 'location') throw new ConflictError('Only the people of a registered provider or location hold a registered capacity');
    const c = capacity as ReviewCapacity;
    if (held) await trx.insertInto('registered_persons').values({ organisation_id: organisation.id, user_id: user.id, capacity: c }).onConflict((oc) => oc.doNothing()).execute();
    else await trx.deleteFrom('registered_persons').where('organisation_id', '=', organisation.id).where('user_id', '=', user.id).where('capacity', '=', c).execute();
    await recordAudit(trx, ctx, { action: held ? 'REGISTERED_CAPACITY_RECORDED' : 'REGISTERED_CAPACITY_ENDED', subjectType: 'user', subjectId: user.id, after: { organisation_id: organisation.id, capacity: c, held } });
  });
}

// Invitations ------------------------------------------------------------------------------------

export interface InvitationView {
  email: string;
  name: string;
  organisationName: string;
}

export async function findInvitation(ctx: ServiceContext, token: string): Promise<InvitationView | null> {
  if (!looksLikeToken(token)) return null;
  const row = await findUsableToken(ctx.db, sha256Hex(token), 'invitation', ctx.clock.now());
  const user = row ? await findUserById(ctx.db, row.user_id) : undefined;
  if (!user || user.status !== 'invited') return null;
  return { email: user.email, name: user.name, organisationName: user.organisation_name };
}

export type AcceptResult = { ok: true; session: { token: string; expiresAt: Date } } | { ok: false; reason: 'invalid_link' } | { ok: false; reason: 'invalid'; errors: FieldError[] };

/** The invited person sets their name and password; their account becomes active and they are signed in. */
export async function acceptInvitation(ctx: ServiceContext, token: string, input: { name: string; password: string; confirmPassword: string }): Promise<AcceptResult> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'invalid_link' };
  const errors: FieldError[] = [];
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter your full name' });
  errors.push(...newPasswordErrors(input.password, input.confirmPassword));
  return inTransaction(ctx, async (trx): Promise<AcceptResult> => {
    const now = ctx.clock.now();
    const row = await findUsableToken(trx, sha256Hex(token), 'invitation', now);
    const user = row ? await findUserById(trx, row.user_id) : undefined;
    if (!row || !user || user.status !== 'invited') return { ok: false, reason: 'invalid_link' };
    if (errors.length) return { ok: false, reason: 'invalid', errors };
    const updated = await updateUser(trx, user.id, { name: input.name.trim(), status: 'active', password_hash: await hashPassword(input.password) }, now);
    await markTokenUsed(trx, row.token_hash, now);
    const session = await startSession(trx, ctx, user.id);
    const signedIn = toSignedInUser({ ...user, name: updated.name });
    await recordAudit(trx, { actor: { kind: 'user', user: signedIn }, correlationId: ctx.correlationId }, {
      action: 'INVITATION_ACCEPTED',
      subjectType: 'user',
      subjectId: user.id,
      before: { status: 'invited', name: user.name },
      after: { status: 'active', name: updated.name },
    });
    return { ok: true, session };
  });
}

// Administrators ---------------------------------------------------------------------------------

export const USERS_PAGE_SIZE = 50;

export async function searchUsersAsAdministrator(ctx: ServiceContext, filter: UserFilter, page: number): Promise<{ rows: UserWithOrganisation[]; total: number }> {
  requireAllowed(ctx, 'users.administer');
  return searchUsers(ctx.db, filter, { limit: USERS_PAGE_SIZE, offset: (Math.max(1, page) - 1) * USERS_PAGE_SIZE });
}
