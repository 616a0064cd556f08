/**
 * The declared table (permissions.ts) as the Markdown docs/security.md prints, so the document
 * says exactly what the code enforces: test/integration/security/security-doc.test.ts fails when
 * the two differ, and prints the table to paste. Pure: no I/O.
 */
import { TEAM_ROLE_LABELS, TEAM_ROLES } from '../inspection/inspection-model.js';
import { ROLE_LABELS, ROLES } from '../vocabulary/roles.js';
import { ACTIONS, PARTICIPATION_KINDS, PERMISSIONS, TEAM_ROLE_ELIGIBILITY, writeScopeFor, type ParticipationKind, type PermissionRule } from './permissions.js';

const PARTICIPATION_LABELS: Record<ParticipationKind, string> = {
  subject: 'the organisation inspected',
  lead_commissioner: 'lead commissioner',
  scope_provider: 'provider of a service in scope',
  scope_commissioner: 'commissioner of a service in scope',
  partner: 'partner',
  named_contact: 'named contact',
};

const cell = (items: readonly string[], all: readonly string[], allText: string): string => (items.length === 0 ? '' : items.length === all.length ? allText : items.join(', '));

function notes(rule: PermissionRule): string {
  const out: string[] = [];
  if (rule.fourEyes) out.push('four-eyes: never the lead inspector or an author');
  if (rule.handler?.length) out.push(`${rule.handler.map((r) => ROLE_LABELS[r].toLowerCase()).join(', ')} handling it`);
  return out.join('; ');
}

/**
 * Action × who may take it: by role on any record, by team role, by the organisation's participation;
 * and the scope a personal access token needs to take it as a change (every token may read).
 */
export function permissionsTableMarkdown(): string {
  const lines = ['| Action | What it is | Any record (user role) | On the inspection’s team as | Organisation taking part as | Token scope to change | Notes |', '|---|---|---|---|---|---|---|'];
  for (const action of ACTIONS) {
    const rule: PermissionRule = PERMISSIONS[action];
    const scope = writeScopeFor(action);
    lines.push(
      `| \`${action}\` | ${rule.label} | ${cell(rule.roles.map((r) => ROLE_LABELS[r]), ROLES, 'Everyone signed in')} | ${cell((rule.team ?? []).map((t) => TEAM_ROLE_LABELS[t]), TEAM_ROLES, 'any team role')} | ${cell((rule.participation ?? []).map((p) => PARTICIPATION_LABELS[p]), PARTICIPATION_KINDS, 'any')} | ${scope === null ? 'never with a token' : `\`${scope}\``} | ${notes(rule)} |`,
    );
  }
  return lines.join('\n');
}

/** Team role × the user roles that may hold it. */
export function teamEligibilityMarkdown(): string {
  const lines = ['| Team role | May be held by |', '|---|---|'];
  for (const t of TEAM_ROLES) lines.push(`| ${TEAM_ROLE_LABELS[t]} | ${TEAM_ROLE_ELIGIBILITY[t].map((r) => ROLE_LABELS[r]).join(', ')} |`);
  return lines.join('\n');
}
