import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('public pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('serves the start page at / without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Health and social care inspections and ratings – Inspectorate</title>');
    expect(res.body).toContain('href="/locations"');
    expect(res.body).toContain('href="/sign-in"');
  });

  it.each([
    ['/accessibility', 'Accessibility statement'],
    ['/cookies', 'Cookies'],
  ])('serves %s with its own title', async (url, title) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<title>${title} – Inspectorate</title>`);
  });

  it('answers an unknown path with the GOV.UK page not found', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
  });

  it('answers an unknown API path with the JSON error envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('serves the GOV.UK stylesheet and sets a content security policy', async () => {
    const css = await t.app.inject({ method: 'GET', url: '/assets/govuk/govuk-frontend.min.css' });
    expect(css.statusCode).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
