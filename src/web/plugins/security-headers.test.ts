import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { helmetHeaders, prepareHeaders, securityHeadersPlugin, type SecurityHeaderOptions } from './security-headers.js';

const DIRECTIVES: SecurityHeaderOptions['directives'] = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  upgradeInsecureRequests: null,
};

async function served(options: SecurityHeaderOptions) {
  const app = Fastify();
  await app.register(securityHeadersPlugin, options);
  app.get('/', async (_req, reply) => ({ nonce: reply.cspNonce }));
  const res = await app.inject({ url: '/' });
  await app.close();
  return { headers: res.headers, nonce: (res.json() as { nonce: { script: string; style: string } }).nonce };
}

describe('security headers: what helmet itself sets, with a fresh nonce per response', () => {
  it.each([
    ['in development (no Strict-Transport-Security)', false],
    ['in production', true],
  ])('%s', async (_label, strictTransportSecurity) => {
    const options = { directives: DIRECTIVES, strictTransportSecurity };
    const { headers, nonce } = await served(options);
    const expected = helmetHeaders(options, nonce).set;
    expect(expected.size).toBeGreaterThan(8);
    for (const [name, value] of expected) expect(headers[name.toLowerCase()], name).toBe(value);
    expect('strict-transport-security' in headers).toBe(strictTransportSecurity);
    expect(headers['content-security-policy']).toContain(`script-src 'self' 'nonce-${nonce.script}'`);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('gives each response its own unguessable nonces (128 bits each, script and style different)', async () => {
    const options = { directives: DIRECTIVES, strictTransportSecurity: false };
    const a = await served(options);
    const b = await served(options);
    for (const n of [a.nonce.script, a.nonce.style, b.nonce.script]) expect(n).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([a.nonce.script, a.nonce.style, b.nonce.script, b.nonce.style]).size).toBe(4);
    expect(a.headers['content-security-policy']).not.toBe(b.headers['content-security-policy']);
  });

  it('refuses at start-up a directive helmet refuses, instead of serving without a policy', () => {
    expect(() => prepareHeaders({ directives: { ...DIRECTIVES, scriptSrc: ["'self'; evil"] }, strictTransportSecurity: false })).toThrow();
  });
});
