/** Personal access tokens for the JSON API: create (the secret shown once), list, revoke. */
import type { FieldError } from '../../services/errors.js';
import { MAX_TOKEN_LIFETIME_DAYS, type CreatedToken, type TokenView } from '../../services/api-tokens/personal-access-tokens.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatInstant } from '../inspections/inspection-shell.view-model.js';

/** The longest token name (the service's limit), stated in the hint. */
export const TOKEN_NAME_MAX = 100;

export interface TokenForm {
  name: string;
  expiresInDays: string;
}

function status(t: TokenView, now: Date): { text: string; classes: string } {
  if (t.revokedAt) return { text: 'Revoked', classes: 'govuk-tag--grey' };
  if (t.expiresAt && new Date(t.expiresAt) <= now) return { text: 'Expired', classes: 'govuk-tag--grey' };
  return { text: 'Active', classes: 'govuk-tag--green' };
}

/** Why a token stopped working, in words (tokens die with a password reset, a removal or a change of role). */
const REVOKED_BECAUSE: Record<string, string> = {
  revoked_by_user: 'You revoked it',
  password_reset: 'Stopped when your password was reset',
  removed: 'Stopped when your access was removed',
  role_changed: 'Stopped when your role or rights changed',
};

/** When and from which address the token was last used, so a use you do not recognise stands out. */
function lastUse(t: TokenView): string {
  if (!t.lastUsedAt) return 'Never';
  return t.lastUsedFrom ? `${formatInstant(t.lastUsedAt)} from ${t.lastUsedFrom}` : formatInstant(t.lastUsedAt);
}

const NOTICES: Record<string, string> = {
  revoked: 'The token has been revoked. It no longer works.',
  'notifications-on': 'The token can now send statutory notifications.',
  'notifications-off': 'The token can no longer send statutory notifications.',
};

export function tokensPage(tokens: TokenView[], now: Date, opts: { form?: TokenForm; errors?: FieldError[]; created?: CreatedToken; notice?: string; organisationUser?: boolean } = {}) {
  const errors = opts.errors ?? [];
  const form = opts.form ?? { name: '', expiresInDays: '90' };
  return {
    pageTitle: pageTitle('API tokens', errors),
    errorSummary: errorSummary(errors),
    created: opts.created ? { name: opts.created.name, token: opts.created.token, expires: opts.created.expiresAt ? formatInstant(opts.created.expiresAt) : '' } : null,
    revoked: opts.notice && NOTICES[opts.notice] ? { text: NOTICES[opts.notice], type: 'success', titleText: 'Success' } : null,
    showNotifications: !!opts.organisationUser,
    name: { id: 'name', name: 'name', label: { text: 'Name', classes: 'govuk-label--s' }, hint: { text: `So you can recognise it later, for example "Case management import". Up to ${TOKEN_NAME_MAX} characters` }, value: form.name, errorMessage: errorFor(errors, 'name') },
    expiresInDays: {
      id: 'expiresInDays',
      name: 'expiresInDays',
      inputmode: 'numeric',
      classes: 'govuk-input--width-3',
      label: { text: 'Lasts for (days)', classes: 'govuk-label--s' },
      hint: { text: `Between 1 and ${MAX_TOKEN_LIFETIME_DAYS} days` },
      suffix: { text: 'days' },
      value: form.expiresInDays,
      errorMessage: errorFor(errors, 'expiresInDays'),
    },
    tokens: tokens.map((t) => {
      const s = status(t, now);
      return {
        id: t.id,
        name: t.name,
        prefix: `${t.prefix}…`,
        created: formatInstant(t.createdAt),
        lastUsed: lastUse(t),
        expires: t.expiresAt ? formatInstant(t.expiresAt) : 'Never',
        status: s,
        statusReason: t.revokedAt && t.revokedReason ? (REVOKED_BECAUSE[t.revokedReason] ?? null) : null,
        revokeAction: s.text === 'Active' ? `/account/tokens/${t.id}/revoke` : null,
        notifications: t.notificationsScope ? 'Yes' : 'No',
        notificationsAction: s.text === 'Active' && opts.organisationUser ? { url: `/account/tokens/${t.id}/notifications`, enabled: t.notificationsScope ? 'no' : 'yes', text: t.notificationsScope ? 'Stop sending notifications' : 'Allow sending notifications' } : null,
      };
    }),
  };
}
