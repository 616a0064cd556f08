import { escapeHtml } from '../escape-html.js';
import { PERSON_LIMITS } from '../person-form.schema.js';
import { humaniseIsoDates } from '../../domain/shared/dates.js';
import type { AuditEvent, UserStatus } from '../../data/tables/foundation.tables.js';
import { type Role, ROLES, ROLE_LABELS, roleLabel } from '../../domain/vocabulary/roles.js';
import { USER_STATUSES } from '../../data/tables/foundation.tables.js';
import type { UserWithOrganisation } from '../../data/repositories/user.repository.js';
import type { AuditFilter } from '../../services/audit.service.js';
import type { FieldError } from '../../services/errors.js';
import type { OutboxEmail } from '../../services/mail.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { dateInput, isoDateParts, type DateParts } from '../form-validation.js';
import { formatDateTime } from '../home/home.view-model.js';
import { organisationPath, personPath } from '../paths.js';


/** GOV.UK pagination params, keeping the filters in each link. */
export function pagination(basePath: string, query: Record<string, string | undefined>, page: number, total: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    params.set('page', String(p));
    return `${basePath}?${params.toString()}`;
  };
  const items = [];
  for (let p = Math.max(1, page - 2); p <= Math.min(pages, page + 2); p++) items.push({ number: String(p), href: href(p), current: p === page });
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
    items,
    landmarkLabel: 'Pages of results',
  };
}

export function resultsLine(total: number, page: number, pageSize: number, noun: string, newestFirst = false): string {
  if (total === 0) return `No ${noun}s found.`;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return `Showing ${from} to ${to} of ${total} ${noun}${total === 1 ? '' : 's'}${newestFirst ? ', newest first' : ''}.`;
}

const STATUS_LABELS: Record<UserStatus, string> = { active: 'Active', invited: 'Invited', removed: 'Removed' };

export interface UsersQuery {
  q?: string;
  role?: string;
  status?: string;
  page?: string;
}

export function usersPage(query: UsersQuery, page: number, result: { rows: UserWithOrganisation[]; total: number }, pageSize: number) {
  const select = (name: string, label: string, options: { value: string; text: string }[], current: string | undefined) => ({
    id: name,
    name,
    label: { text: label },
    classes: 'govuk-!-width-full',
    items: [{ value: '', text: 'Any' }, ...options.map((o) => ({ ...o, selected: o.value === current }))],
  });
  return {
    pageTitle: 'Users',
    filters: {
      q: { id: 'q', name: 'q', label: { text: 'Name, email or organisation' }, value: query.q ?? '', classes: 'govuk-!-width-full', spellcheck: false },
      role: select('role', 'Role', ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })), query.role),
      status: select('status', 'Status', USER_STATUSES.map((s) => ({ value: s, text: STATUS_LABELS[s] })), query.status),
    },
    resultsLine: resultsLine(result.total, page, pageSize, 'user'),
    table: result.rows.length
      ? {
          caption: 'Users',
          captionClasses: 'govuk-visually-hidden',
          firstCellIsHeader: true,
          head: [{ text: 'Name' }, { text: 'Organisation' }, { text: 'Role' }, { text: 'Status' }],
          rows: result.rows.map((u) => [
            { html: `<a class="govuk-link" href="${personPath(u.organisation_id, u.id)}">${escapeHtml(u.name)}</a><br><span class="govuk-body-s">${escapeHtml(u.email)}</span>` },
            { html: `<a class="govuk-link" href="${organisationPath(u.organisation_id)}">${escapeHtml(u.organisation_name)}</a>` },
            { text: roleLabel(u.role) + (u.is_org_admin ? ' (admin)' : '') },
            { text: STATUS_LABELS[u.status] },
          ]),
        }
      : null,
    pagination: pagination('/admin/users', { q: query.q, role: query.role, status: query.status }, page, result.total, pageSize),
  };
}

export interface NewUserForm {
  organisation: string;
  name: string;
  email: string;
  jobTitle: string;
  role: string;
  isOrgAdmin: boolean;
}

export function newUserPage(form: NewUserForm, errors: FieldError[] = []) {
  return {
    pageTitle: pageTitle('Add a user', errors),
    errorSummary: errorSummary(errors),
    organisation: {
      id: 'organisation',
      name: 'organisation',
      label: { text: 'Organisation', classes: 'govuk-label--s' },
      hint: { text: 'Its CQC location or provider ID, ODS code or Inspectorate ID, for example E81006 or RC9' },
      value: form.organisation,
      classes: 'govuk-input--width-20',
      spellcheck: false,
      errorMessage: errorFor(errors, 'organisation'),
    },
    name: { id: 'name', name: 'name', label: { text: 'Full name', classes: 'govuk-label--s' }, hint: { text: `Up to ${PERSON_LIMITS.name} characters` }, value: form.name, spellcheck: false, autocomplete: 'off', errorMessage: errorFor(errors, 'name') },
    email: { id: 'email', name: 'email', type: 'email', label: { text: 'Email address', classes: 'govuk-label--s' }, value: form.email, spellcheck: false, autocomplete: 'off', errorMessage: errorFor(errors, 'email') },
    jobTitle: { id: 'jobTitle', name: 'jobTitle', label: { text: 'Job title (optional)', classes: 'govuk-label--s' }, hint: { text: `Up to ${PERSON_LIMITS.jobTitle} characters` }, value: form.jobTitle, errorMessage: errorFor(errors, 'jobTitle') },
    role: {
      idPrefix: 'role',
      name: 'role',
      fieldset: { legend: { text: 'Role', classes: 'govuk-fieldset__legend--s' } },
      hint: { text: 'Regulator roles are for people in the regulator; provider and commissioner users belong to those organisations.' },
      items: ROLES.map((r: Role) => ({ value: r, text: ROLE_LABELS[r], checked: form.role === r })),
      errorMessage: errorFor(errors, 'role'),
    },
    isOrgAdmin: {
      idPrefix: 'isOrgAdmin',
      name: 'isOrgAdmin',
      fieldset: { legend: { text: 'Admin rights', classes: 'govuk-fieldset__legend--s' } },
      items: [{ value: 'yes', text: 'Make them an organisation admin (provider and commissioner users only)', checked: form.isOrgAdmin }],
      errorMessage: errorFor(errors, 'isOrgAdmin'),
    },
  };
}

// Audit ------------------------------------------------------------------------------------------

function diffRows(before: unknown, after: unknown): { key: string; before: string; after: string }[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const show = (v: unknown) => {
    // Recorded values as stored, with dates and times in words.
    const text = humaniseIsoDates(v === undefined || v === null ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
    return text.length > 160 ? `${text.slice(0, 157)}…` : text;
  };
  const blank = (v: unknown) => v === undefined || v === null;
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !(blank(b[k]) && blank(a[k])))
    .map((k) => ({ key: k, before: show(b[k]), after: show(a[k]) }));
}

export function changeHtml(e: Pick<AuditEvent, 'before' | 'after'>): string {
  const rows = diffRows(e.before, e.after);
  if (rows.length === 0) return '';
  // The record as stored (field names, rule versions) sits in a closed details: open it to read it.
  const dl = `<dl class="app-diff govuk-body-s">${rows
    .map((r) => `<dt><code>${escapeHtml(r.key)}</code></dt><dd>${escapeHtml(r.before)} → ${escapeHtml(r.after)}</dd>`)
    .join('')}</dl>`;
  return `<details class="govuk-details govuk-!-margin-bottom-1"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">What changed (${rows.length} ${rows.length === 1 ? 'field' : 'fields'})</span></summary><div class="govuk-details__text">${dl}</div></details>`;
}

export function auditPage(filter: AuditFilter, page: number, result: { events: AuditEvent[]; total: number; actions: string[] }, pageSize: number, errors: FieldError[], dates?: { from: DateParts; to: DateParts }) {
  const input = (name: keyof AuditFilter, label: string, extra: Record<string, unknown> = {}) => ({
    id: name,
    name,
    label: { text: label },
    value: filter[name] ?? '',
    spellcheck: false,
    errorMessage: errorFor(errors, name),
    ...extra,
  });
  return {
    pageTitle: pageTitle('Audit trail', errors),
    errorSummary: errorSummary(errors),
    filters: {
      action: {
        id: 'action',
        name: 'action',
        label: { text: 'Action' },
        classes: 'govuk-!-width-full',
        items: [{ value: '', text: 'Any action' }, ...result.actions.map((a) => ({ value: a, text: a, selected: a === filter.action }))],
      },
      subjectType: input('subjectType', 'Subject type (like user)', { classes: 'govuk-!-width-full' }),
      subjectId: input('subjectId', 'Subject ID', { classes: 'govuk-!-width-full' }),
      actor: input('actor', 'Who (name, email or user ID)', { classes: 'govuk-!-width-full' }),
      from: dateInput('from', 'From date', dates?.from ?? isoDateParts(filter.from), errors, { legendClasses: 'govuk-fieldset__legend--s' }),
      to: dateInput('to', 'To date', dates?.to ?? isoDateParts(filter.to), errors, { legendClasses: 'govuk-fieldset__legend--s' }),
    },
    resultsLine: resultsLine(result.total, page, pageSize, 'event', true),
    table: result.events.length
      ? {
          caption: 'Audit events',
          captionClasses: 'govuk-visually-hidden',
          classes: 'app-table--compact',
          head: [{ text: 'When' }, { text: 'Who' }, { text: 'Action' }, { text: 'Subject' }, { text: 'Change' }],
          rows: result.events.map((e) => [
            { text: formatDateTime(e.occurred_at) },
            { text: e.actor_label, classes: 'app-break' },
            { html: `<code class="app-break">${escapeHtml(e.action)}</code>` },
            { html: `${escapeHtml(e.subject_type)}<br><span class="govuk-body-s app-break">${escapeHtml(e.subject_id)}</span>` },
            { html: `${changeHtml(e)}${e.correlation_id ? `<p class="govuk-body-s govuk-!-margin-0 app-break">Reference ${escapeHtml(e.correlation_id)}</p>` : ''}` },
          ]),
        }
      : null,
    pagination: pagination('/admin/audit', { ...filter }, page, result.total, pageSize),
  };
}

// Outbox -----------------------------------------------------------------------------------------

function emailStatus(e: OutboxEmail): string {
  if (e.transport === 'outbox') return 'Kept in the outbox (no SMTP server configured)';
  if (e.sent_at) return `Sent ${formatDateTime(e.sent_at)}`;
  if (e.error) return `Not sent yet: ${e.error}`;
  return 'Waiting to be sent';
}

export function outboxPage(page: number, result: { emails: OutboxEmail[]; total: number }, pageSize: number) {
  return {
    pageTitle: 'Outbox',
    resultsLine: resultsLine(result.total, page, pageSize, 'email', true),
    table: result.emails.length
      ? {
          caption: 'Emails',
          captionClasses: 'govuk-visually-hidden',
          head: [{ text: 'Created' }, { text: 'To' }, { text: 'Subject' }, { text: 'Status' }],
          rows: result.emails.map((e) => [
            { text: formatDateTime(e.created_at), classes: 'app-nowrap' },
            { text: e.to_address },
            { html: `<a class="govuk-link" href="/admin/outbox/${e.id}">${escapeHtml(e.subject)}</a>` },
            { text: emailStatus(e) },
          ]),
        }
      : null,
    pagination: pagination('/admin/outbox', {}, page, result.total, pageSize),
  };
}

/** One email. Links in the text become clickable, so a developer can follow an emailed link from here. */
export function outboxEmailPage(e: OutboxEmail, baseUrl: string) {
  // Links to this service open here, whatever address it was started on.
  const local = (url: string) => (url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url);
  const html = escapeHtml(e.text_body).replace(/(https?:\/\/[^\s<]+)/g, (url) => `<a class="govuk-link" href="${local(url)}">${url}</a>`);
  return {
    pageTitle: `Email: ${e.subject}`,
    subject: e.subject,
    summary: {
      rows: [
        { key: { text: 'To' }, value: { text: e.to_address } },
        { key: { text: 'Created' }, value: { text: formatDateTime(e.created_at) } },
        { key: { text: 'Status' }, value: { text: emailStatus(e) } },
      ],
    },
    bodyHtml: html,
  };
}
