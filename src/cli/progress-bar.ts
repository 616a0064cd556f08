/**
 * A progress bar for long commands: redrawn in place on a terminal, one plain line per step otherwise
 * (logs and CI), always on stderr so stdout stays the command's result.
 */
export interface ProgressBar {
  step(done: number, note?: string): void;
  finish(): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const width = 30;
  let last = 0;
  return {
    step(done, note) {
      if (stream.isTTY) {
        const now = Date.now();
        if (done < total && now - last < 100) return;
        last = now;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done} of ${total} (${percent}%)${note ? ` ${note}` : ''}\u001b[K`);
      } else {
        stream.write(`${label}: ${done} of ${total}${note ? ` ${note}` : ''}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
