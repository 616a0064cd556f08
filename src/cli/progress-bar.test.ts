import { describe, expect, it } from 'vitest';
import { progressBar } from './progress-bar.js';

function stream(isTTY: boolean): { out: string[]; s: NodeJS.WriteStream } {
  const out: string[] = [];
  const s = { isTTY, write: (text: string) => out.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { out, s };
}

describe('progressBar', () => {
  it('on a terminal, redraws one bar in place with the count, the percentage and what it is on, and ends the line', () => {
    const { out, s } = stream(true);
    const bar = progressBar('Making report PDFs', 4, s);
    bar.step(0);
    bar.step(1, 'INS-2026-000001'); // within 100 ms of the last redraw: skipped
    bar.step(4, 'INS-2026-000004'); // the end is always drawn
    bar.finish();
    expect(out).toEqual([
      `\rMaking report PDFs [${'-'.repeat(30)}] 0 of 4 (0%)\u001b[K`,
      `\rMaking report PDFs [${'#'.repeat(30)}] 4 of 4 (100%) INS-2026-000004\u001b[K`,
      '\n',
    ]);
  });

  it('draws a part-filled bar in proportion', () => {
    const { out, s } = stream(true);
    progressBar('Restoring', 3, s).step(1);
    expect(out).toEqual([`\rRestoring [${'#'.repeat(10)}${'-'.repeat(20)}] 1 of 3 (33%)\u001b[K`]);
  });

  it('elsewhere (logs, CI), writes one plain line per step and nothing at the end', () => {
    const { out, s } = stream(false);
    const bar = progressBar('Making report PDFs', 2, s);
    bar.step(0);
    bar.step(1, 'INS-2026-000001');
    bar.step(2, 'INS-2026-000002');
    bar.finish();
    expect(out).toEqual(['Making report PDFs: 0 of 2\n', 'Making report PDFs: 1 of 2 INS-2026-000001\n', 'Making report PDFs: 2 of 2 INS-2026-000002\n']);
  });
});
