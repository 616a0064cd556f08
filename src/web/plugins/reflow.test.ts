import { describe, expect, it } from 'vitest';
import { documentTitle } from './views.js';
import { scrollRegion, wrapTables } from './reflow.js';

describe('tables at 320 px', () => {
  it('puts each table in a focusable region named by its caption', () => {
    const html = '<h2>Ignored</h2><table class="govuk-table"><caption class="govuk-table__caption">Inspections &amp; reports</caption><tr><td>x</td></tr></table>';
    const out = wrapTables(html);
    expect(out).toContain('<div class="app-table-scroll" data-app-scroll-region role="region" aria-label="Inspections &amp; reports" tabindex="0"><table');
    expect(out.endsWith('</table></div>')).toBe(true);
  });

  it('falls back to the heading before the table, and never wraps twice', () => {
    const once = wrapTables('<h2 class="govuk-heading-m">Visits <span class="govuk-visually-hidden">(3)</span></h2><p>x</p><table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>');
    expect(once.match(/role="region"/g)).toHaveLength(2);
    expect(once).toContain('aria-label="Visits"');
    expect(wrapTables(once)).toBe(once);
  });

  it('leaves a table a page put in its region itself, and wraps only the others', () => {
    const own = scrollRegion('Key questions', '<table><caption>Key questions</caption><tr><td>1</td></tr></table>');
    expect(own).toBe('<div class="app-table-scroll" data-app-scroll-region role="region" aria-label="Key questions" tabindex="0"><table><caption>Key questions</caption><tr><td>1</td></tr></table></div>');
    const page = `<h2>Ratings</h2>${own}<h2>Feedback</h2><table><tr><td>2</td></tr></table>`;
    const out = wrapTables(page);
    expect(out.match(/role="region"/g)).toHaveLength(2);
    expect(out).toContain('aria-label="Feedback"');
    expect(wrapTables(`<p>x</p>${own}`)).toBe(`<p>x</p>${own}`);
  });
});

describe('page titles', () => {
  it.each([
    ['Add a visit: INS-2026-000004', 'Add a visit – INS-2026-000004'],
    ['Error: Edit Summary: Stopsley Village Practice', 'Error: Edit Summary – Stopsley Village Practice'],
    ['Cookies', 'Cookies'],
    [{ text: 'x' }, ''],
    [undefined, ''],
  ])('%s reads "%s"', (input, expected) => {
    expect(documentTitle(input)).toBe(expected);
  });
});
