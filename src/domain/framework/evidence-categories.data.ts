/** The six evidence categories (domain.md 1.3) and which apply to which service types. */
export const EVIDENCE_CATEGORIES = ['peoplesExperience', 'staffAndLeaders', 'partners', 'observation', 'processes', 'outcomes'] as const;
export type EvidenceCategory = (typeof EVIDENCE_CATEGORIES)[number];

export interface EvidenceCategoryDefinition {
  id: EvidenceCategory;
  name: string;
  description: string;
}

export const EVIDENCE_CATEGORY_DEFINITIONS: readonly EvidenceCategoryDefinition[] = [
  {
    id: 'peoplesExperience',
    name: "People's experience of health and care services",
    description:
      "A person's needs, expectations, lived experience and satisfaction with their care, support and treatment, including access to and transfers between services. Sources include Give feedback on care forms, calls and emails, interviews, surveys and feedback gathered by community groups, providers and local authorities.",
  },
  { id: 'staffAndLeaders', name: 'Feedback from staff and leaders', description: 'What staff and leaders tell us.' },
  { id: 'partners', name: 'Feedback from partners', description: 'For example commissioners and health professionals.' },
  { id: 'observation', name: 'Observation', description: 'What we see on site or during an assessment.' },
  { id: 'processes', name: 'Processes', description: 'For example duty of candour, incident, safeguarding, MCA/DoLS and care records.' },
  { id: 'outcomes', name: 'Outcomes', description: 'Outcomes of care for people.' },
];

export const SERVICE_TYPES = ['residential', 'homecare', 'primary-medical', 'hospital', 'other'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface ServiceTypeEvidence {
  serviceType: ServiceType;
  name: string;
  categories: readonly EvidenceCategory[];
  source: string;
}

const ALL = EVIDENCE_CATEGORIES;

/**
 * Outcomes is not used for residential services; Observation and Outcomes are not used for
 * homecare (secondary source, domain.md 1.3). Other service types use all six: CQC lists the
 * categories per statement and service type, and no other exclusions were found.
 */
export const SERVICE_TYPE_EVIDENCE: readonly ServiceTypeEvidence[] = [
  { serviceType: 'residential', name: 'Residential care (care homes)', categories: ALL.filter((c) => c !== 'outcomes'), source: 'secondary source [S13]' },
  { serviceType: 'homecare', name: 'Homecare', categories: ALL.filter((c) => c !== 'observation' && c !== 'outcomes'), source: 'secondary source [S13]' },
  { serviceType: 'primary-medical', name: 'Primary medical services', categories: ALL, source: 'no exclusion found' },
  { serviceType: 'hospital', name: 'Hospitals', categories: ALL, source: 'no exclusion found' },
  { serviceType: 'other', name: 'Other services', categories: ALL, source: 'no exclusion found' },
];

export function evidenceCategoriesFor(serviceType: ServiceType): readonly EvidenceCategory[] {
  return SERVICE_TYPE_EVIDENCE.find((s) => s.serviceType === serviceType)?.categories ?? ALL;
}

export function evidenceCategoryName(id: EvidenceCategory): string {
  return EVIDENCE_CATEGORY_DEFINITIONS.find((c) => c.id === id)?.name ?? id;
}
