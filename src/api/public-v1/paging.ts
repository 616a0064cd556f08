/** CQC's paging envelope and query parameter parsing for /public/v1. Pure. */
import { ValidationError } from '../../services/errors.js';

export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 500;

export function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ValidationError([{ field: name, message: `must be a whole number from ${min} to ${max}, got "${raw}"` }]);
  const n = Number(raw);
  if (n < min || n > max) throw new ValidationError([{ field: name, message: `must be a whole number from ${min} to ${max}, got ${n}` }]);
  return n;
}

export function timestamp(name: string, raw: string | undefined, fallback?: Date): Date {
  if (!raw) {
    if (fallback) return fallback;
    throw new ValidationError([{ field: name, message: 'is required, as an ISO 8601 date and time such as 2021-01-01T06:30:00Z' }]);
  }
  const d = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(d.getTime())) {
    throw new ValidationError([{ field: name, message: `must be an ISO 8601 date and time such as 2021-01-01T06:30:00Z, got "${raw}"` }]);
  }
  return d;
}

export function yesNo(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (['y', 'yes', 'true'].includes(v)) return true;
  if (['n', 'no', 'false'].includes(v)) return false;
  throw new ValidationError([{ field: name, message: `must be Y or N, got "${raw}"` }]);
}

export interface Envelope {
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  firstPageUri: string;
  previousPageUri: string | null;
  nextPageUri: string | null;
  lastPageUri: string;
  uri: string;
}

/** Paging links keep every other query parameter, as CQC's do (relative to /public/v1). */
export function envelope(path: string, query: Record<string, string | undefined>, page: number, perPage: number, total: number): Envelope {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const link = (p: number) => {
    const params = new URLSearchParams();
    params.set('page', String(p));
    params.set('perPage', String(perPage));
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && k !== 'page' && k !== 'perPage') params.set(k, v);
    return `${path}?${params.toString()}`;
  };
  return {
    total,
    page,
    perPage,
    totalPages,
    firstPageUri: link(1),
    previousPageUri: page > 1 ? link(Math.min(page - 1, totalPages)) : null,
    nextPageUri: page < totalPages ? link(page + 1) : null,
    lastPageUri: link(totalPages),
    uri: link(page),
  };
}
