/**
 * User roles: the ONE definition (users.role holds these values; its CHECK constraint names the
 * same list), with the words people read and the two sides of the product. Who may do what with
 * them is src/domain/access/permissions.ts; team and contact roles on an inspection are in
 * src/domain/inspection/inspection-model.ts.
 */

export const ROLES = ['inspector', 'inspection_manager', 'factual_accuracy_reviewer', 'enforcement_officer', 'administrator', 'provider_user', 'commissioner_user'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  inspector: 'Inspector',
  inspection_manager: 'Inspection manager',
  factual_accuracy_reviewer: 'Factual accuracy reviewer',
  enforcement_officer: 'Enforcement officer',
  administrator: 'Administrator',
  provider_user: 'Provider user',
  commissioner_user: 'Commissioner user',
};

/** The regulator's staff. */
export const REGULATOR_ROLES = ['inspector', 'inspection_manager', 'factual_accuracy_reviewer', 'enforcement_officer', 'administrator'] as const satisfies readonly Role[];
/** People who work for a provider, location or commissioner. */
export const ORGANISATION_ROLES = ['provider_user', 'commissioner_user'] as const satisfies readonly Role[];

export function isRegulatorRole(role: string): boolean {
  return (REGULATOR_ROLES as readonly string[]).includes(role);
}

export function isOrganisationRole(role: string): boolean {
  return (ORGANISATION_ROLES as readonly string[]).includes(role);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A role read from users.role (the data layer types it as text; its CHECK constraint holds ROLES). */
export function parseRole(value: string): Role {
  if (!isRole(value)) throw new Error(`unknown user role "${value}"`);
  return value;
}

/** People's word for a role ("Inspection manager"). */
export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}
