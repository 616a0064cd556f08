/**
 * Helmet's security headers on every response, with a fresh CSP nonce per response.
 *
 * `@fastify/helmet` built the whole helmet middleware again on every request (every option parsed,
 * every directive checked and written out) just to put the request's nonces into the policy: a
 * noticeable part of a public page's CPU (docs/performance.md). Here helmet runs once, at start-up,
 * with placeholders where the nonces go; each request then gets the headers helmet wrote, with its own
 * nonces in the policy. Helmet stays the authority on the headers and their values
 * (`security-headers.test.ts` checks them against helmet run directly with the same nonces).
 *
 * `reply.cspNonce` keeps @fastify/helmet's shape (`{ script, style }`); the page templates use the
 * script nonce for GOV.UK's one inline script.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyReply {
    cspNonce: { script: string; style: string } | null;
  }
}

export interface SecurityHeaderOptions {
  /** CSP directives without the nonces (helmet's names: defaultSrc, scriptSrc...). */
  directives: Record<string, string[] | null>;
  strictTransportSecurity: boolean;
}

/** Placeholders helmet accepts as directive values; no real nonce (hex) can contain them. */
const SCRIPT_SLOT = 'inspectorate-script-nonce';
const STYLE_SLOT = 'inspectorate-style-nonce';

export interface PreparedHeaders {
  /** Every header helmet sets except the policy, as [name, value]. */
  fixed: [string, string][];
  removed: string[];
  policyName: string | null;
  /** The policy with the nonces put in. */
  policy(scriptNonce: string, styleNonce: string): string;
}

function helmetOptions(options: SecurityHeaderOptions, nonces: { script: string; style: string }): HelmetOptions {
  const directives: Record<string, string[] | null> = { ...options.directives };
  directives['scriptSrc'] = [...(options.directives['scriptSrc'] ?? []), `'nonce-${nonces.script}'`];
  directives['styleSrc'] = [...(options.directives['styleSrc'] ?? []), `'nonce-${nonces.style}'`];
  return { contentSecurityPolicy: { directives }, strictTransportSecurity: options.strictTransportSecurity };
}

/** The headers helmet writes for these options and nonces, as it writes them. */
export function helmetHeaders(options: SecurityHeaderOptions, nonces: { script: string; style: string }): { set: Map<string, string>; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: unknown) {
      set.set(name, String(value));
      return this;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
    getHeader: () => undefined,
  };
  let failure: unknown;
  helmet(helmetOptions(options, nonces))({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { set, removed };
}

export function prepareHeaders(options: SecurityHeaderOptions): PreparedHeaders {
  const { set, removed } = helmetHeaders(options, { script: SCRIPT_SLOT, style: STYLE_SLOT });
  let policyName: string | null = null;
  let template = '';
  const fixed: [string, string][] = [];
  for (const [name, value] of set) {
    if (name.toLowerCase() === 'content-security-policy') {
      policyName = name;
      template = value;
    } else fixed.push([name, value]);
  }
  const aroundScript = template.split(SCRIPT_SLOT);
  const aroundStyle = (aroundScript[1] ?? '').split(STYLE_SLOT);
  if (aroundScript.length !== 2 || aroundStyle.length !== 2) throw new Error('The content security policy must name each nonce once, the script nonce first');
  const [beforeScript = ''] = aroundScript;
  const [middle = '', end = ''] = aroundStyle;
  return { fixed, removed, policyName, policy: (script, style) => `${beforeScript}${script}${middle}${style}${end}` };
}

export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: SecurityHeaderOptions) => {
    const prepared = prepareHeaders(options);
    app.decorateReply('cspNonce', null);
    app.addHook('onRequest', (_request, reply, done) => {
      // 128 random bits for each nonce, from one read of the CSPRNG.
      const hex = randomBytes(32).toString('hex');
      const nonces = { script: hex.slice(0, 32), style: hex.slice(32) };
      reply.cspNonce = nonces;
      const res = reply.raw;
      for (const name of prepared.removed) res.removeHeader(name);
      for (const [name, value] of prepared.fixed) res.setHeader(name, value);
      if (prepared.policyName) res.setHeader(prepared.policyName, prepared.policy(nonces.script, nonces.style));
      done();
    });
  },
  { name: 'inspectorate-security-headers' },
);
