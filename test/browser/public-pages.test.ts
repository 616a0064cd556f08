import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, visit, type BrowserSession } from './support/browser.js';

describe('public information pages in Chromium', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => s.close());

  it.each([
    ['/', 'start', 'Health and social care inspections and ratings'],
    ['/accessibility', 'accessibility', 'Accessibility statement for Inspectorate'],
    ['/cookies', 'cookies', 'Cookies'],
  ])('%s is accessible and shows its heading', async (path, shot, heading) => {
    await visit(s.page, path, shot);
    await expect(s.page.locator('h1').innerText()).resolves.toBe(heading);
  });

  it('answers an unknown path with an accessible GOV.UK page not found', async () => {
    const response = await s.page.goto('/definitely/not/here');
    expect(response?.status()).toBe(404);
    await expect(s.page.locator('h1').innerText()).resolves.toBe('Page not found');
    await visit(s.page, '/definitely/not/here');
  });

  it('the start button takes a visitor to the register search', async () => {
    await s.page.goto('/');
    const href = await s.page.getByRole('button', { name: /Find a service/ }).getAttribute('href');
    expect(href).toBe('/locations');
  });
});
