/**
 * Readable names of the services and population groups CQC rates, by the ids used in its API
 * (`serviceRatings[].name` / `inspectionAreas[].inspectionAreaId`).
 */
export const SERVICE_NAMES: Readonly<Record<string, string>> = {
  conditions: 'People with long term conditions',
  mothers: 'Families, children and young people',
  old: 'Older people',
  population: 'Working age people (including those recently retired and students)',
  problems: 'People experiencing poor mental health (including people with dementia)',
  vulnerable: 'People whose circumstances may make them vulnerable',
  urgent: 'Urgent and emergency services',
  surgery: 'Surgery',
  critical: 'Critical care',
  maternity: 'Maternity',
  childrens: 'Services for children and young people',
  life: 'End of life care',
  outpatients: 'Outpatients',
  diagnostic: 'Diagnostic imaging',
  diagnostics: 'Diagnostic imaging',
  medical: 'Medical care (including older people’s care)',
  transport: 'Patient transport services',
  dialysis: 'Dialysis services',
};

export function serviceName(id: string, fromSource?: ReadonlyMap<string, string>): string {
  return fromSource?.get(id) ?? SERVICE_NAMES[id] ?? id;
}
