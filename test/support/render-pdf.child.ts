/**
 * Child process for the Chromium launcher tests: launches the npm Chromium from the folder given as
 * argv[2] (never a system one) the way the PDF renderer does, renders a small tagged PDF and prints its size.
 */
import { launchChromium } from '../../src/platform/chromium.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: render-pdf.child.ts DIR');
const browser = await launchChromium({ dir, keepWarm: true, packagedOnly: true });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<main><h1>Inspection report</h1><p>Rated Good.</p></main>');
  const pdf = await page.pdf({ format: 'A4', tagged: true });
  await context.close();
  process.stdout.write(`PDF ${pdf.length} ${pdf.subarray(0, 5).toString('latin1')}\n`);
} finally {
  await browser.close();
}
