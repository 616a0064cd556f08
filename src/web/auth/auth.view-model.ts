import type { FieldError } from '../../services/errors.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { PERSON_LIMITS } from '../person-form.schema.js';

export function signInPage(input: { email?: string; returnTo?: string; errors?: FieldError[]; notice?: string | null }) {
  const errors = input.errors ?? [];
  return {
    pageTitle: pageTitle('Sign in', errors),
    errorSummary: errorSummary(errors),
    notice: input.notice ?? null,
    returnTo: input.returnTo ?? '',
    email: {
      id: 'email',
      name: 'email',
      type: 'email',
      autocomplete: 'username',
      spellcheck: false,
      label: { text: 'Email address' },
      value: input.email ?? '',
      errorMessage: errorFor(errors, 'email'),
    },
    password: {
      id: 'password',
      name: 'password',
      autocomplete: 'current-password',
      label: { text: 'Password' },
      errorMessage: errorFor(errors, 'password'),
    },
  };
}

export function passwordResetRequestPage(input: { email?: string; errors?: FieldError[] }) {
  const errors = input.errors ?? [];
  return {
    pageTitle: pageTitle('Reset your password', errors),
    errorSummary: errorSummary(errors),
    email: {
      id: 'email',
      name: 'email',
      type: 'email',
      autocomplete: 'email',
      spellcheck: false,
      label: { text: 'Email address', classes: 'govuk-label--s' },
      hint: { text: 'We will email you a link to choose a new password.' },
      value: input.email ?? '',
      errorMessage: errorFor(errors, 'email'),
    },
  };
}

export function newPasswordFields(errors: readonly FieldError[]) {
  return {
    password: {
      id: 'password',
      name: 'password',
      autocomplete: 'new-password',
      label: { text: 'New password' },
      hint: { text: 'Use 12 characters or more. A few unrelated words together make a strong password.' },
      errorMessage: errorFor(errors, 'password'),
    },
    confirmPassword: {
      id: 'confirmPassword',
      name: 'confirmPassword',
      autocomplete: 'new-password',
      label: { text: 'Confirm new password' },
      errorMessage: errorFor(errors, 'confirmPassword'),
    },
  };
}

export function newPasswordPage(input: { email: string; action: string; errors?: FieldError[] }) {
  const errors = input.errors ?? [];
  return {
    pageTitle: pageTitle('Choose a new password', errors),
    errorSummary: errorSummary(errors),
    email: input.email,
    action: input.action,
    ...newPasswordFields(errors),
  };
}

export function invitationPage(input: { email: string; organisationName: string; name: string; action: string; errors?: FieldError[] }) {
  const errors = input.errors ?? [];
  return {
    pageTitle: pageTitle('Set up your account', errors),
    errorSummary: errorSummary(errors),
    email: input.email,
    organisationName: input.organisationName,
    action: input.action,
    name: { id: 'name', name: 'name', autocomplete: 'name', spellcheck: false, label: { text: 'Full name' }, hint: { text: `Up to ${PERSON_LIMITS.name} characters` }, value: input.name, errorMessage: errorFor(errors, 'name') },
    ...newPasswordFields(errors),
  };
}
