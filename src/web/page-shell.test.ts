import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerViews } from './plugins/views.js';
import { buildLayout } from './layout.view-model.js';
import { PageShells } from './page-shell.js';
import type { SignedInUser } from '../services/context.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const TEMPLATE = 'register/views/location.njk';
const inspector: SignedInUser = { id: 'u1', email: 'a@example.org', name: 'Aisha Rahman', role: 'inspector', organisationId: 'o1', organisationName: 'Inspectorate & Co', isOrgAdmin: false };

interface Query {
  title: string;
  content: string;
  nonce?: string;
  user?: string;
  path?: string;
}

let app: FastifyInstance;
const shells = new PageShells();

beforeAll(async () => {
  app = Fastify();
  await registerViews(app, root);
  app.addHook('preHandler', async (request, reply) => {
    const q = request.query as Query;
    (reply as unknown as { locals: Record<string, unknown> }).locals = {
      layout: buildLayout(q.user ? inspector : null, q.path ?? '/locations/1-1'),
      ...(q.nonce ? { cspNonce: q.nonce } : {}),
    };
  });
  // The same page, filled into its kept layout, and rendered whole by the template.
  app.get('/shell', async (request, reply) => {
    const q = request.query as Query;
    return reply.type('text/html').send(await shells.render(request, reply, { template: TEMPLATE, pageTitle: q.title, content: q.content }));
  });
  app.get('/whole', async (request, reply) => {
    const q = request.query as Query;
    return reply.type('text/html').send(await reply.viewAsync(TEMPLATE, { pageTitle: q.title, content: q.content }));
  });
  await app.ready();
});
afterAll(() => app.close());

const page = async (kind: 'shell' | 'whole', query: Query) => (await app.inject({ method: 'GET', url: `/${kind}`, query: { ...query } })).body;

describe('a page filled into its kept layout is the page the template renders', () => {
  it.each<[string, Query]>([
    ['a location page for the public', { title: 'Stopsley Village Practice – Find a service', content: '<h1 class="govuk-heading-xl">Stopsley</h1>', nonce: 'n0nce1' }],
    ['the same layout again, another page and nonce (the kept layout is reused)', { title: 'Jarvis Care Home – Find a service', content: '<p>Other</p>', nonce: 'n0nce2' }],
    ['a title with characters HTML would read, and one written "page: subject"', { title: 'Smith & Jones <Care> "Ltd": Luton', content: '<p>x</p>', nonce: 'n0nce3' }],
    ['content that looks like a slot is left as it is', { title: 'A – Find a service', content: '\u0000title\u0000 \u0000nonce\u0000', nonce: 'n0nce4' }],
    ['no CSP nonce', { title: 'A – Find a service', content: '<p>x</p>' }],
    ['someone signed in (their name, their navigation)', { title: 'A – Find a service', content: '<p>x</p>', nonce: 'n5', user: '1' }],
    ['another place (another navigation item is current)', { title: 'How we rate', content: '<p>x</p>', nonce: 'n6', path: '/how-we-rate' }],
    ['no title: the site name alone', { title: '', content: '<p>x</p>', nonce: 'n7' }],
  ])('%s', async (_label, query) => {
    const whole = await page('whole', query);
    expect(whole).toContain('<html');
    expect(await page('shell', query)).toBe(whole);
  });

  it('keeps layouts apart: a page for the public never shows a signed-in layout kept earlier', async () => {
    await page('shell', { title: 'A – Find a service', content: '<p>x</p>', nonce: 'n8', user: '1' });
    const anonymous = await page('shell', { title: 'A – Find a service', content: '<p>x</p>', nonce: 'n9' });
    expect(anonymous).not.toContain('Aisha Rahman');
    expect(anonymous).toContain('nonce="n9"');
    expect(anonymous).not.toContain('n8');
  });
});
