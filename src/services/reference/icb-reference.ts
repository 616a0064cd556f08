/**
 * The reference list of integrated care boards (config/reference/icbs.json): ICB names come from
 * here, never from a data row, so one badly written row cannot rename an ICB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Icb {
  code: string;
  shortName: string;
  name: string;
}

const cache = new Map<string, Icb[]>();

export function loadIcbs(projectRoot: string): Icb[] {
  const file = path.join(projectRoot, 'config', 'reference', 'icbs.json');
  let list = cache.get(file);
  if (!list) {
    list = (JSON.parse(readFileSync(file, 'utf8')) as { icbs: Icb[] }).icbs;
    cache.set(file, list);
  }
  return list;
}

const key = (s: string) => s.toLowerCase().replace(/^nhs\s+/, '').replace(/\s+integrated care board$|\s+icb$/, '').replace(/[^a-z0-9]+/g, ' ').trim();

export function icbByCode(projectRoot: string, code: string | null | undefined): Icb | undefined {
  if (!code) return undefined;
  const c = code.trim().toUpperCase();
  return loadIcbs(projectRoot).find((i) => i.code === c);
}

/** An ICB by its name as files write it ("Bedfordshire, Luton and Milton Keynes", "NHS ... Integrated Care Board"). */
export function icbByName(projectRoot: string, name: string | null | undefined): Icb | undefined {
  if (!name) return undefined;
  const k = key(name);
  return loadIcbs(projectRoot).find((i) => key(i.shortName) === k);
}
