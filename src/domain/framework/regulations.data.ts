/**
 * Health and Social Care Act 2008 (Regulated Activities) Regulations 2014, Part 3 (the fundamental
 * standards, regs 8–20A) and the CQC (Registration) Regulations 2009 notification regulations
 * (domain.md 3.1, 3.2).
 */
export type SourceLabel = 'verified' | 'secondary' | 'UNVERIFIED';

export interface Regulation {
  /** As written in law: "9", "9A", "20A". */
  number: string;
  title: string;
  prosecutable: 'yes' | 'no' | 'in part' | 'unclear';
  note?: string;
  label: SourceLabel;
}

export const REGULATED_ACTIVITIES_REGULATIONS: readonly Regulation[] = [
  { number: '4', title: 'Requirements where the service provider is an individual or partnership', prosecutable: 'unclear', label: 'verified' },
  { number: '5', title: 'Fit and proper persons: directors', prosecutable: 'unclear', label: 'verified' },
  { number: '6', title: 'Requirement where the service provider is a body other than a partnership', prosecutable: 'unclear', label: 'verified' },
  { number: '7', title: 'Requirements relating to registered managers', prosecutable: 'unclear', label: 'verified' },
  { number: '8', title: 'General', prosecutable: 'unclear', label: 'verified' },
  { number: '9', title: 'Person-centred care', prosecutable: 'unclear', label: 'verified' },
  { number: '9A', title: 'Visiting and accompanying in care homes, hospitals and hospices', prosecutable: 'unclear', note: 'Added in 2024.', label: 'verified' },
  { number: '10', title: 'Dignity and respect', prosecutable: 'no', label: 'verified' },
  {
    number: '11',
    title: 'Need for consent',
    prosecutable: 'unclear',
    note: 'Listed as directly prosecutable on CQC\'s "Offences" page; this conflicts with older guidance (UNVERIFIED).',
    label: 'UNVERIFIED',
  },
  { number: '12', title: 'Safe care and treatment', prosecutable: 'in part', note: 'Direct prosecution where avoidable harm or significant risk (UNVERIFIED).', label: 'UNVERIFIED' },
  { number: '13', title: 'Safeguarding service users from abuse and improper treatment', prosecutable: 'unclear', label: 'verified' },
  { number: '14', title: 'Meeting nutritional and hydration needs', prosecutable: 'unclear', label: 'verified' },
  { number: '15', title: 'Premises and equipment', prosecutable: 'unclear', label: 'verified' },
  { number: '16', title: 'Receiving and acting on complaints', prosecutable: 'unclear', note: '16(3): a summary of complaints within 28 days of a request.', label: 'verified' },
  { number: '17', title: 'Good governance', prosecutable: 'in part', note: '17(3): governance report and improvement plans within 28 days of a request; directly prosecutable.', label: 'verified' },
  { number: '18', title: 'Staffing', prosecutable: 'unclear', label: 'verified' },
  { number: '19', title: 'Fit and proper persons employed', prosecutable: 'unclear', label: 'verified' },
  { number: '20', title: 'Duty of candour', prosecutable: 'in part', note: '20(2)(a) and 20(3) are directly prosecutable.', label: 'verified' },
  {
    number: '20A',
    title: 'Requirement as to display of performance assessments',
    prosecutable: 'yes',
    note: 'Ratings displayed at each premises and on websites within 21 calendar days of publication; non-rated services are exempt.',
    label: 'verified',
  },
];

/** The fundamental standards, regulations 8–20A. */
export const FUNDAMENTAL_STANDARDS: readonly Regulation[] = REGULATED_ACTIVITIES_REGULATIONS.filter((r) => !['4', '5', '6', '7'].includes(r.number));

export const REGISTRATION_REGULATIONS: readonly Regulation[] = [
  { number: '12', title: 'Statement of purpose', prosecutable: 'unclear', note: 'Schedule 3 contents; notify changes.', label: 'secondary' },
  { number: '14', title: 'Notice of absence (registered persons absent 28 days or more)', prosecutable: 'unclear', label: 'secondary' },
  { number: '15', title: 'Notice of changes', prosecutable: 'unclear', label: 'secondary' },
  {
    number: '16',
    title: 'Notification of death of service user',
    prosecutable: 'unclear',
    note: 'Without delay, with circumstances. Health service bodies and GP providers notify only deaths not attributable to the natural course of illness.',
    label: 'verified',
  },
  { number: '17', title: 'Notification of death or unauthorised absence of a service user who is detained or liable to be detained under the Mental Health Act 1983', prosecutable: 'unclear', label: 'verified' },
  { number: '18', title: 'Notification of other incidents', prosecutable: 'yes', note: 'Without delay; a breach can be prosecuted without a prior warning notice.', label: 'verified' },
];

/** "17" → Regulation 17 (Good governance); accepts "Regulation 17", "reg 9a", "17(3)". */
export function findRegulation(reference: string): Regulation | undefined {
  const m = /^(?:reg(?:ulation)?\.?\s*)?(\d+[a-z]?)/i.exec(reference.trim());
  if (!m?.[1]) return undefined;
  const number = m[1].toUpperCase();
  return REGULATED_ACTIVITIES_REGULATIONS.find((r) => r.number === number);
}

/** "Regulation 17 (Good governance)", or "Regulation 99" when the number is unknown. */
export function describeRegulation(reference: string): string {
  const r = findRegulation(reference);
  return r ? `Regulation ${r.number} (${r.title})` : `Regulation ${reference.trim()}`;
}
