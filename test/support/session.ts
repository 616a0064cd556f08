/**
 * A browser-like client for inject(): it keeps cookies, signs in through the real form
 * and sends the CSRF token with every form it posts, like a page would.
 *
 *   const s = await signIn(t.app, user);            // or await anonymous(t.app)
 *   const res = await s.get('/home');
 *   await s.post('/organisations/…/invite', { name: 'Ann', email: 'ann@x.example' });
 *   await s.post('/sign-in', {…}, { csrf: false }); // to prove a missing token is refused
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export interface PostOptions {
  /** false: send no token; a string: send that token instead of the real one. */
  csrf?: boolean | string;
  headers?: Record<string, string>;
}

/** One part of a multipart form: a text field, or a file. */
export type MultipartPart = { name: string; value: string } | { name: string; filename: string; content: Buffer };

export class TestSession {
  readonly cookies = new Map<string, string>();
  /** The token the last page's forms carried (or the signed-in session's). */
  csrfToken: string | undefined;
  /** The address the requests come from (inject's default is 127.0.0.1). */
  remoteAddress: string | undefined;

  constructor(readonly app: FastifyInstance) {}

  private from(): { remoteAddress?: string } {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = csrfTokenIn(res.body);
    if (token) this.csrfToken = token;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers }, ...this.from() }));
  }

  /** Posts a urlencoded form. Fetches `url` first when no token is known yet, as a person would open the form. */
  async post(url: string, form: Record<string, string | string[]>, opts: PostOptions = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (opts.csrf !== false) {
      if (typeof opts.csrf === 'string') body.set('_csrf', opts.csrf);
      else {
        if (!this.csrfToken) await this.get(url);
        if (!this.csrfToken) throw new Error(`no CSRF token found on ${url}: open a page with a form first`);
        body.set('_csrf', this.csrfToken);
      }
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...opts.headers },
        ...this.from(),
      }),
    );
  }

  /**
   * Posts a multipart form as a browser sends it (the parts in order), the CSRF token its first
   * field as the pages' upload forms carry it (never in the URL).
   */
  async postMultipart(url: string, parts: MultipartPart[]): Promise<LightMyRequestResponse> {
    const boundary = '----inspectorate-test-form';
    const chunks: Buffer[] = [];
    const all: MultipartPart[] = this.csrfToken && !parts.some((p) => p.name === '_csrf') ? [{ name: '_csrf', value: this.csrfToken }, ...parts] : parts;
    for (const p of all) {
      if ('filename' in p) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), p.content, Buffer.from('\r\n'));
      else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.concat(chunks),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookieHeader() },
        ...this.from(),
      }),
    );
  }

  /** The path a redirect points at. */
  static location(res: LightMyRequestResponse): string {
    return String(res.headers.location ?? '');
  }
}

export function csrfTokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
}

/** A visitor who has not signed in (from `remoteAddress` when given). */
export function anonymous(app: FastifyInstance, remoteAddress?: string): TestSession {
  const s = new TestSession(app);
  s.remoteAddress = remoteAddress;
  return s;
}

/** Signs in through GET and POST /sign-in, as a person would; fails the test if that does not work. */
export async function signIn(app: FastifyInstance, who: { email: string; password: string }): Promise<TestSession> {
  const s = new TestSession(app);
  await s.get('/sign-in');
  const res = await s.post('/sign-in', { email: who.email, password: who.password });
  expect(res.statusCode, `signing in as ${who.email}: ${res.body.slice(0, 300)}`).toBe(303);
  const home = await s.get('/home');
  expect(home.statusCode).toBe(200);
  return s;
}
