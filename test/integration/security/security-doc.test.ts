/**
 * Issue 14, item 10: docs/security.md prints the declared table of who may do what. The copy in the
 * document must be the table the code enforces (src/domain/access/permissions.ts), so a change to
 * either without the other fails here, with the table to paste in the failure message.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { permissionsTableMarkdown, teamEligibilityMarkdown } from '../../../src/domain/access/permissions-doc.js';
import { ACTIONS } from '../../../src/domain/access/permissions.js';

const between = (text: string, name: string): string => {
  const m = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text);
  return m?.[1] ?? `(no "${name}" markers in docs/security.md)`;
};

describe('docs/security.md', () => {
  it('prints the declared table of who may do what exactly as the code has it', async () => {
    const doc = await readFile('docs/security.md', 'utf8');
    const printed = between(doc, 'permissions-table');
    expect(printed, 'docs/security.md is out of date: paste the table below between the permissions-table markers').toBe(permissionsTableMarkdown());
    for (const action of ACTIONS) expect(printed).toContain(`| \`${action}\` |`);
    expect(between(doc, 'team-eligibility')).toBe(teamEligibilityMarkdown());
  });

  it('has every part the issue asks for: threat model, roles, what is audited, secrets, reporting a vulnerability', async () => {
    const doc = await readFile('docs/security.md', 'utf8');
    for (const heading of ['## Threat model in a page', '## The roles table', '## What is audited', '## How secrets are kept', '## Reporting a vulnerability', '## Stalling the service', '## Database roles', '## Uploads quota']) {
      expect(doc).toContain(heading);
    }
    expect(doc).not.toMatch(/written by the helper doing it/);
  });
});
