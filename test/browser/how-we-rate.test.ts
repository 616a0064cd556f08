import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_STATEMENTS } from '../../src/domain/framework/quality-statements.data.js';
import { openBrowser, visit, type BrowserSession } from './support/browser.js';

describe('How we reach a rating in Chromium', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await openBrowser();
  });
  afterAll(async () => s.close());

  it('is accessible, shows every quality statement and its contents links work', async () => {
    await visit(s.page, '/how-we-rate', 'how-we-rate');
    await expect(s.page.locator('h1').innerText()).resolves.toBe('How we reach a rating');
    const codes = await s.page.locator('[data-testid^="statements-"] tbody th').allInnerTexts();
    expect(codes).toEqual(QUALITY_STATEMENTS.map((q) => q.code));
    await s.page.getByRole('link', { name: 'Scores and rating bands' }).click();
    expect(new URL(s.page.url()).hash).toBe('#scores');
  });
});
