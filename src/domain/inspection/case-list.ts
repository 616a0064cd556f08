/**
 * The case list an organisation sends before fieldwork: children and families who used the
 * services in scope, by pseudonymous reference only. Real identifiers (names, NHS numbers,
 * dates of birth) never leave the organisation: it keeps its own key from reference to
 * person. Pure row validation; the service parses the CSV and stores all rows or none.
 *
 * Columns (header row required, any order, case-insensitive; docs/inspections.md):
 *   case_reference       letters, digits and hyphens, 3-40 characters, e.g. LTN-0042. Must not
 *                        look like an NHS number (10 digits, with or without spaces) or a name.
 *   services_used        services from the inspection's scope, separated by semicolons
 *   age_band             0-4, 5-10, 11-15, 16-17 or 18+
 *   looked_after         Y or N
 *   child_protection_plan Y or N
 *   child_in_need        Y or N
 *   consent_to_contact   Y or N
 */

export const AGE_BANDS = ['0-4', '5-10', '11-15', '16-17', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const CASE_LIST_COLUMNS = [
  'case_reference',
  'services_used',
  'age_band',
  'looked_after',
  'child_protection_plan',
  'child_in_need',
  'consent_to_contact',
] as const;
export type CaseListColumn = (typeof CASE_LIST_COLUMNS)[number];

export const CASE_LIST_COLUMN_DESCRIPTIONS: Record<CaseListColumn, string> = {
  case_reference: 'Your pseudonymous reference for the case: letters, digits and hyphens (3 to 40), never a name or NHS number',
  services_used: 'Services in the inspection scope the child or family used, separated by semicolons',
  age_band: `Age band: ${AGE_BANDS.join(', ')}`,
  looked_after: 'Y if the child is looked after, otherwise N',
  child_protection_plan: 'Y if the child has a child protection plan, otherwise N',
  child_in_need: 'Y if the child is a child in need, otherwise N',
  consent_to_contact: 'Y if the family agreed that inspectors may contact them, otherwise N',
};

export interface CaseInput {
  caseReference: string;
  servicesUsed: string[];
  ageBand: AgeBand;
  lookedAfter: boolean;
  childProtectionPlan: boolean;
  childInNeed: boolean;
  consentToContact: boolean;
}

export interface LineError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  column: CaseListColumn | null;
  message: string;
}

export interface RawRow {
  line: number;
  values: Record<string, string>;
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{1,38}[A-Za-z0-9]$/;
const NHS_NUMBER_SHAPE = /^\d{3}[\s-]?\d{3}[\s-]?\d{4}$/;

/** Null when the reference is acceptable, otherwise why not. */
export function referenceProblem(ref: string): string | null {
  const r = ref.trim();
  if (r === '') return 'case_reference is empty';
  if (NHS_NUMBER_SHAPE.test(r) || (/^[\d\s-]+$/.test(r) && r.replace(/\D/g, '').length === 10)) {
    return 'case_reference looks like an NHS number: use your pseudonymous reference, never a real identifier';
  }
  if (/\s/.test(r) || (/^[A-Za-z'-]+$/.test(r) && !/\d/.test(r))) {
    return 'case_reference looks like a name: use a pseudonymous reference of letters, digits and hyphens that includes a digit';
  }
  if (/^\d{1,2}[-/]\d{1,2}[-/]\d{2,4}$/.test(r) || /^\d{4}-\d{2}-\d{2}$/.test(r)) return 'case_reference looks like a date of birth: use a pseudonymous reference';
  if (!REFERENCE.test(r)) return 'case_reference must be 3 to 40 letters, digits and hyphens, e.g. LTN-0042';
  return null;
}

function yesNo(v: string | undefined): boolean | null {
  const s = (v ?? '').trim().toUpperCase();
  if (s === 'Y' || s === 'YES') return true;
  if (s === 'N' || s === 'NO') return false;
  return null;
}

export interface HeaderCheck {
  columns: Record<CaseListColumn, string>;
  errors: LineError[];
}

/** Checks the header row names every column (case-insensitive, any order). */
export function checkHeader(header: readonly string[]): HeaderCheck {
  const normalised = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const columns = {} as Record<CaseListColumn, string>;
  const errors: LineError[] = [];
  for (const col of CASE_LIST_COLUMNS) {
    const i = normalised.indexOf(col);
    if (i < 0) errors.push({ line: 1, column: col, message: `The header row has no ${col} column` });
    else columns[col] = header[i] ?? col;
  }
  const unknown = normalised.filter((h) => h !== '' && !(CASE_LIST_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) errors.push({ line: 1, column: null, message: `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: real identifiers must not be sent` });
  return { columns, errors };
}

/**
 * Validates every row against the column set and the services in scope. Returns the cases
 * only when there are no errors at all, so nothing is half-imported.
 */
export function validateCaseRows(rows: readonly RawRow[], servicesInScope: readonly string[]): { cases: CaseInput[]; errors: LineError[] } {
  const errors: LineError[] = [];
  const cases: CaseInput[] = [];
  const serviceByKey = new Map(servicesInScope.map((s) => [s.trim().toLowerCase(), s]));
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = (c: CaseListColumn) => (row.values[c] ?? '').trim();
    const rowErrors: LineError[] = [];
    const add = (column: CaseListColumn, message: string) => rowErrors.push({ line: row.line, column, message });

    const ref = v('case_reference');
    const refProblem = referenceProblem(ref);
    if (refProblem) add('case_reference', refProblem);
    else {
      const key = ref.toUpperCase();
      const first = seen.get(key);
      if (first !== undefined) add('case_reference', `case_reference ${ref} is also on line ${first}`);
      else seen.set(key, row.line);
    }

    const services: string[] = [];
    const rawServices = v('services_used').split(';').map((s) => s.trim()).filter((s) => s !== '');
    if (rawServices.length === 0) add('services_used', 'services_used is empty: list at least one service in scope, separated by semicolons');
    for (const s of rawServices) {
      const canonical = serviceByKey.get(s.toLowerCase());
      if (!canonical) add('services_used', `services_used "${s}" is not a service in this inspection's scope (${servicesInScope.join('; ')})`);
      else if (!services.includes(canonical)) services.push(canonical);
    }

    const ageBand = v('age_band');
    if (!(AGE_BANDS as readonly string[]).includes(ageBand)) add('age_band', `age_band must be one of ${AGE_BANDS.join(', ')}${ageBand ? `, not "${ageBand}"` : ''}`);

    const flags = {} as Record<'looked_after' | 'child_protection_plan' | 'child_in_need' | 'consent_to_contact', boolean>;
    for (const col of ['looked_after', 'child_protection_plan', 'child_in_need', 'consent_to_contact'] as const) {
      const b = yesNo(v(col));
      if (b === null) add(col, `${col} must be Y or N${v(col) ? `, not "${v(col)}"` : ''}`);
      else flags[col] = b;
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    cases.push({
      caseReference: ref,
      servicesUsed: services,
      ageBand: ageBand as AgeBand,
      lookedAfter: flags.looked_after,
      childProtectionPlan: flags.child_protection_plan,
      childInNeed: flags.child_in_need,
      consentToContact: flags.consent_to_contact,
    });
  }
  return errors.length > 0 ? { cases: [], errors } : { cases, errors: [] };
}

/** A CSV template with the header row and one example line. */
export function caseListTemplate(servicesInScope: readonly string[]): string {
  const example = ['LTN-0001', servicesInScope.slice(0, 2).join(';') || 'Health Visiting', '0-4', 'N', 'Y', 'N', 'Y'];
  return `${CASE_LIST_COLUMNS.join(',')}\n${example.map((e) => (/[,;"]/.test(e) ? `"${e}"` : e)).join(',')}\n`;
}
