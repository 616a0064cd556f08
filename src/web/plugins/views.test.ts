import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { afterAll, describe, expect, it } from 'vitest';
import { fastTrim, keepImportedMacros } from './views.js';

const nunjucksTrim = (v: string | nunjucks.runtime.SafeString) => (nunjucks.runtime as unknown as { copySafeness: (a: unknown, b: string) => unknown }).copySafeness(v, String(v).replace(/^\s*|\s*$/g, ''));

describe('the trim filter gives what nunjucks’s own gives, faster', () => {
  it.each(['', '   ', '\n  <p>Text</p>\n\n', '\u00a0\tno-break\u2003\r\n', 'inside  stays  ', '\ufeffbom'])('%j', (text) => {
    expect(String(fastTrim(text))).toBe(String(nunjucksTrim(text)));
    expect(fastTrim(text)).not.toBeInstanceOf(nunjucks.runtime.SafeString);
  });

  it('keeps marked-safe HTML safe (so it is not escaped twice)', () => {
    const safe = new nunjucks.runtime.SafeString('  <strong>Good</strong>\n');
    const out = fastTrim(safe);
    expect(out).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(out)).toBe('<strong>Good</strong>');
  });

  it('a missing value is no text, never the word "undefined"', () => {
    expect(fastTrim(undefined)).toBe('');
  });
});

describe('macros imported once per template, not once per render', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-views-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'tag.njk': '{% set ran = topLevelRan() %}{% macro tag(params) %}<strong class="tag">{{ params.text }}</strong>{% endmacro %}',
    'box.njk': '{% from "tag.njk" import tag %}{% macro box(params) %}<div>{{ tag({ text: params.text }) }}{{ caller() if caller }}</div>{% endmacro %}',
    'page.njk': '{% from "box.njk" import box %}{% from "tag.njk" import tag %}<main>{{ box({ text: title }) }}{% call box({ text: "with caller" }) %}<p>{{ title }}</p>{% endcall %}{{ tag({ text: "<b>" }) }}</main>',
    'greet.njk': '{% macro greet() %}Hello {{ who }}{% endmacro %}',
    'context-page.njk': '{% from "greet.njk" import greet with context %}{{ greet() }}',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  keepImportedMacros(nunjucks.Template as never);
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: true });
  let topLevelRuns = 0;
  env.addGlobal('topLevelRan', () => ++topLevelRuns);

  it('renders every page the same, each with its own values and escaped, running an imported file once', () => {
    const first = env.render('page.njk', { title: 'Oak House' });
    const second = env.render('page.njk', { title: 'Elm & Ash' });
    expect(first).toBe('<main><div><strong class="tag">Oak House</strong></div><div><strong class="tag">with caller</strong><p>Oak House</p></div><strong class="tag">&lt;b&gt;</strong></main>');
    expect(second).toContain('<strong class="tag">Elm &amp; Ash</strong>');
    expect(second).toContain('<p>Elm &amp; Ash</p>');
    expect(topLevelRuns).toBe(1);
  });

  it('an import with context sees each render’s own variables', () => {
    expect(env.render('context-page.njk', { who: 'Ann' })).toBe('Hello Ann');
    expect(env.render('context-page.njk', { who: 'Bob' })).toBe('Hello Bob');
  });
});
