/**
 * One way to get a Chromium, for PDF rendering and browser tests: a system Chromium
 * (Debian's `chromium`) when installed, otherwise the binary that ships inside the
 * @sparticuz/chromium npm package, so `npm install` alone is enough.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const SYSTEM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return chromium.launch({ executablePath: system, headless: true, args: SYSTEM_FLAGS });
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  return chromium.launch({ executablePath, headless: true, args: [...packaged.args, '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}
