/**
 * The vocabulary of an inspection record (docs/inspections.md). Plain data: string-literal
 * unions from `as const` arrays, shared by the schema checks, services and the API.
 */

export const INSPECTION_KINDS = ['comprehensive', 'focused', 'area_review_safeguarding_lac', 'joint_inspection'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = {
  comprehensive: 'Comprehensive inspection',
  focused: 'Focused inspection',
  area_review_safeguarding_lac: "Area review of child safeguarding and looked-after children's health services",
  joint_inspection: 'Joint inspection',
};

export const SUBJECT_TYPES = ['location', 'provider', 'area'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const NOTICE_TYPES = ['announced', 'short_notice', 'unannounced'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

export const NOTICE_TYPE_LABELS: Record<NoticeType, string> = {
  announced: 'Announced',
  short_notice: 'Short notice',
  unannounced: 'Unannounced',
};

/** Other inspectorates a joint inspection names (JTAI: Ofsted, HMICFRS; HMI Probation until 2022). */
export const PARTNER_INSPECTORATES = ['Ofsted', 'HMICFRS', 'HMI Probation', 'HMI Prisons', 'Estyn', 'Care Inspectorate Wales'] as const;
export type PartnerInspectorate = (typeof PARTNER_INSPECTORATES)[number];

export const TEAM_ROLES = ['lead_inspector', 'inspector', 'specialist_adviser', 'expert_by_experience', 'inspection_manager'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  lead_inspector: 'Lead inspector',
  inspector: 'Inspector',
  specialist_adviser: 'Specialist adviser',
  expert_by_experience: 'Expert by experience',
  inspection_manager: 'Inspection manager',
};

/** Team roles that may change the record (programme, evidence requests, sampling). */
export const EDITING_TEAM_ROLES: readonly TeamRole[] = ['lead_inspector', 'inspector', 'inspection_manager'];

export const CONTACT_ROLES = [
  'executive_lead',
  'designated_nurse',
  'designated_doctor',
  'named_nurse',
  'named_doctor',
  'registered_manager',
  'nominated_individual',
  'practice_manager',
  'other',
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  executive_lead: 'Executive lead',
  designated_nurse: 'Designated nurse',
  designated_doctor: 'Designated doctor',
  named_nurse: 'Named nurse',
  named_doctor: 'Named doctor',
  registered_manager: 'Registered manager',
  nominated_individual: 'Nominated individual',
  practice_manager: 'Practice manager',
  other: 'Other contact',
};

/** Who commissions a service in scope. The regulator's power to recommend is limited for local authority services. */
export const COMMISSIONERS = ['nhs', 'local_authority', 'other'] as const;
export type CommissionedBy = (typeof COMMISSIONERS)[number];

export const VISIT_ACTIVITIES = ['speak_to_staff', 'speak_to_patients_and_families', 'review_records', 'observe'] as const;
export type VisitActivity = (typeof VISIT_ACTIVITIES)[number];

export const VISIT_ACTIVITY_LABELS: Record<VisitActivity, string> = {
  speak_to_staff: 'Speak to staff',
  speak_to_patients_and_families: 'Speak to patients and families',
  review_records: 'Review records',
  observe: 'Observe',
};

export const MEETING_KINDS = ['opening', 'closing', 'huddle'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
