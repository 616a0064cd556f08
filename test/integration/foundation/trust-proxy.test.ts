import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';

// Rate limits count clients by address: a client must not get a fresh allowance by
// inventing an X-Forwarded-For header. Only a proxy we trust (by default one on this
// machine) may say who the client is.
describe.each([
  ['loopback', '203.0.113.9', 'not believed from a client on another machine', false],
  ['loopback', '127.0.0.1', 'believed from a reverse proxy on this machine', true],
  ['198.51.100.0/24', '198.51.100.7', 'believed from a proxy in a configured range', true],
  [false, '127.0.0.1', 'never believed when TRUST_PROXY is false', false],
] as const)('TRUST_PROXY=%s, request from %s: X-Forwarded-For is %s', (trustProxy, remoteAddress, _label, believed) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { publicApiRateLimit: 2, trustProxy } });
  });
  afterAll(async () => {
    await t.close();
  });

  it(believed ? 'counts each forwarded client on its own' : 'counts the connection, however the header changes', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/public/v1/locations?perPage=1', remoteAddress, headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual(believed ? [200, 200, 200, 200] : [200, 200, 429, 429]);
  });
});
