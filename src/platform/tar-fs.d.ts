// tar-fs 3 ships no types; only what this project uses.
declare module 'tar-fs' {
  import type { Readable, Writable } from 'node:stream';
  export function extract(dir: string, opts?: { readable?: boolean; writable?: boolean }): Writable;
  export function pack(dir: string, opts?: { entries?: string[]; finalize?: boolean; readable?: boolean; writable?: boolean }): Readable;
}
