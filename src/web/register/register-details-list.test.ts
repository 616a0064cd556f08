import path from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(root, 'src', 'web'), path.join(root, 'node_modules', 'govuk-frontend', 'dist')]), { autoescape: true });

/** The same markup up to the white space between tags (which the browser does not show). */
const markup = (html: string) => html.replace(/\s+/g, ' ').replace(/> /g, '>').replace(/ </g, '<').replace(/ >/g, '>').trim();

const render = (src: string, rows: unknown, testid?: string) => markup(env.renderString(src, { rows, testid }));
const ours = '{% from "register/views/_details-list.njk" import detailsList %}{{ detailsList(rows, testid) }}';
const govuk = '{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}{{ govukSummaryList({ rows: rows, attributes: { "data-testid": testid } if testid else {} }) }}';

describe("the register's details list is GOV.UK's summary list markup", () => {
  it.each<[string, unknown[], string | undefined]>([
    ['text values', [{ key: { text: 'Phone' }, value: { text: '01234 567890' } }, { key: { text: 'Region' }, value: { text: 'North West' } }], 'details'],
    ['an HTML value (an address) kept as HTML', [{ key: { text: 'Address' }, value: { html: '1 High Street<br>Luton<br>LU2 9AU' } }], 'details'],
    ['text with characters HTML would read is escaped', [{ key: { text: 'Provider' }, value: { text: 'Smith & Jones <Care> "Ltd"' } }], undefined],
    ['a key with an apostrophe', [{ key: { text: "Registered manager's name" }, value: { text: "O'Brien" } }], 'details'],
    ['no rows', [], 'details'],
  ])('%s', (_label, rows, testid) => {
    expect(render(ours, rows, testid)).toBe(render(govuk, rows, testid));
  });
});
