import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { afterAll, describe, expect, it } from 'vitest';
import { fastFrameSet, fastTrim, keepImportedMacros, MacroOutputs } from './views.js';

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

describe('component macros answer the same arguments from what they gave before', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-components-'));
  const components = path.join(dir, 'components');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(components);
  writeFileSync(path.join(components, 'tag.njk'), '{% macro tag(params) %}{% set n = bodyRan() %}<strong class="tag {{ params.classes }}">{{ params.html | safe if params.html else params.text }}{{ caller() if caller }}</strong>{% endmacro %}');
  writeFileSync(path.join(dir, 'page.njk'), '{% from "components/tag.njk" import tag %}{{ tag({ text: title, classes: "blue" }) }}|{{ tag({ text: "Good", classes: "green" }) }}');
  writeFileSync(path.join(dir, 'safe.njk'), '{% from "components/tag.njk" import tag %}{{ tag({ text: value }) }}');
  writeFileSync(path.join(dir, 'caller.njk'), '{% from "components/tag.njk" import tag %}{% call tag({ text: "Rating: " }) %}<em>{{ title }}</em>{% endcall %}');
  const outputs = new MacroOutputs();
  keepImportedMacros(nunjucks.Template as never, { outputs, isPure: (file) => file.startsWith(components + path.sep) });
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: true });
  let bodyRuns = 0;
  env.addGlobal('bodyRan', () => ++bodyRuns);

  it('gives the same page for the same arguments without running the macro again, and a new page for new ones', () => {
    const first = env.render('page.njk', { title: 'Oak House' });
    expect(first).toBe('<strong class="tag blue">Oak House</strong>|<strong class="tag green">Good</strong>');
    expect(bodyRuns).toBe(2);
    expect(env.render('page.njk', { title: 'Oak House' })).toBe(first);
    expect(bodyRuns).toBe(2);
    expect(env.render('page.njk', { title: 'Elm & Ash' })).toBe('<strong class="tag blue">Elm &amp; Ash</strong>|<strong class="tag green">Good</strong>');
    expect(bodyRuns).toBe(3);
  });

  it('text marked safe and the same text unmarked are different arguments (one escaped, one not)', () => {
    expect(env.render('safe.njk', { value: '<b>Good</b>' })).toBe('<strong class="tag ">&lt;b&gt;Good&lt;/b&gt;</strong>');
    expect(env.render('safe.njk', { value: new nunjucks.runtime.SafeString('<b>Good</b>') })).toBe('<strong class="tag "><b>Good</b></strong>');
  });

  it('a call with a caller is never answered from before: its content is the page’s own', () => {
    expect(env.render('caller.njk', { title: 'Good' })).toBe('<strong class="tag ">Rating: <em>Good</em></strong>');
    expect(env.render('caller.njk', { title: 'Inadequate' })).toBe('<strong class="tag ">Rating: <em>Inadequate</em></strong>');
  });

  it('keeps no more than its limit, emptying itself when full', () => {
    const small = new MacroOutputs(2_000);
    let runs = 0;
    const macro = small.remember('m', (p: unknown) => {
      runs++;
      return `<p>${String((p as { n: number }).n)}${'x'.repeat(50)}</p>`;
    });
    for (let i = 0; i < 100; i++) macro({ n: i });
    expect(runs).toBe(100);
    macro({ n: 99 });
    expect(small.hits).toBe(1);
    macro({ n: 0 });
    expect(runs).toBe(101);
  });
});

describe('a component whose outputs are seldom asked for again is not kept', () => {
  /** Outputs kept over windows of 16 calls (kept while 2 are found), with a macro that counts its runs. */
  function counted(name: string, render: (p: Record<string, unknown>) => string) {
    const outputs = new MacroOutputs(4_000_000, 16, 2, 10);
    const count = { runs: 0 };
    const macro = outputs.remember(name, (p: unknown) => {
      count.runs++;
      return render(p as Record<string, unknown>);
    });
    return { outputs, macro, count };
  }

  it('stops keeping a macro found in fewer than one in eight of its last calls, then tries it again', () => {
    const { outputs, macro: details, count } = counted('summary', (p) => `<dl>${String(p['n'])}</dl>`);
    // 16 different locations' details: none found again, so the next 10 calls are not kept.
    for (let i = 0; i < 16; i++) details({ n: i });
    expect(count.runs).toBe(16);
    details({ n: 3 });
    details({ n: 3 });
    expect(count.runs).toBe(18);
    expect(outputs.hits).toBe(0);
    for (let i = 0; i < 8; i++) details({ n: 100 + i });
    // Tried again after its ten skipped calls: found from what was kept before.
    expect(details({ n: 5 })).toBe('<dl>5</dl>');
    expect(outputs.hits).toBe(1);
    expect(count.runs).toBe(26);
  });

  it('keeps a macro that is asked for with the same arguments (the page header)', () => {
    const { outputs, macro: header, count } = counted('header', (p) => `<header>${String(p['s'])}</header>`);
    for (let i = 0; i < 100; i++) header({ s: i % 10 === 0 ? `other ${i}` : 'Inspectorate' });
    expect(count.runs).toBe(11);
    expect(outputs.hits).toBe(89);
  });
});

describe('variables set in templates: the same output with the faster Frame.set', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['loop variables', '{% for x in xs %}{{ loop.index }}/{{ loop.length }}:{{ x }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}{{ loop.revindex0 }} {% endfor %}', { xs: ['a', 'b', 'c'] }],
    ['nested loops keep their own loop', '{% for r in rows %}[{% for c in r %}{{ loop.index }}{% endfor %}:{{ loop.index }}]{% endfor %}', { rows: [[1, 2], [3]] }],
    ['set inside an if changes the outer variable', '{% set n = 1 %}{% if true %}{% set n = n + 1 %}{% endif %}{{ n }}', {}],
    ['set inside a for changes the outer variable too, as in nunjucks', '{% set n = 1 %}{% for x in [1, 2] %}{% set n = n + x %}{{ n }},{% endfor %}{{ n }}', {}],
    ['macro arguments and a caller', '{% macro m(a, b="d") %}{{ a }}-{{ b }}{{ caller() if caller }}{% endmacro %}{{ m(1) }} {% call m(2, b=3) %}!{% endcall %}', {}],
    ['a value of the context named like a loop variable', '{{ loop }}{% for x in [1] %}{{ loop.index }}{% endfor %}{{ loop }}', { loop: 'outer' }],
  ];
  const Frame = (nunjucks.runtime as unknown as { Frame: { prototype: Parameters<typeof fastFrameSet>[0]['prototype'] } }).Frame;
  const render = (src: string, ctx: Record<string, unknown>) => new nunjucks.Environment([], { autoescape: true }).renderString(src, ctx);
  const proto = Frame.prototype as unknown as Record<string, unknown>;
  const wasFast = proto['inspectorateFastSet'];
  const patched = proto['set'];
  // nunjucks's own set, for the expected output (another test file may have patched it already).
  delete proto['inspectorateFastSet'];
  const original = wasFast ? undefined : proto['set'];
  const expected = original ? cases.map(([, src, ctx]) => render(src, ctx)) : null;
  fastFrameSet(Frame);
  afterAll(() => {
    if (!wasFast && original) {
      proto['set'] = original;
      delete proto['inspectorateFastSet'];
    } else if (wasFast) proto['set'] = patched;
  });

  it.each(cases.map((c, i) => [c[0], i] as const))('%s', (_label, i) => {
    const [, src, ctx] = cases[i]!;
    const out = render(src, ctx);
    if (expected) expect(out).toBe(expected[i]);
    expect(out).toBe(
      [
        '1/3:aF2 2/3:b1 3/3:cL0 ',
        '[12:1][1:2]',
        '2',
        '2,4,4',
        '1-d 2-3!',
        'outer1outer',
      ][i],
    );
  });
});
