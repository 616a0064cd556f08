/**
 * Checks an inspection plan: the kind, subject, scope, notice, dates and team fit together.
 * Returns field errors named after the API's JSON properties, in words a person can act on.
 */
import { KEY_QUESTIONS, type KeyQuestion } from '../vocabulary/key-questions.js';
import type { CommissionedBy, InspectionKind, NoticeType, SubjectType, TeamRole } from './inspection-model.js';
import { compareIsoDates, isValidIsoDate } from './working-days.js';

export interface PlanFieldError {
  field: string;
  message: string;
}

export interface PlanInput {
  kind: InspectionKind;
  subjectType: SubjectType;
  /** Kind of the subject organisation (location/provider), when one is given. */
  subjectOrganisationKind: string | null;
  areaName: string | null;
  leadCommissionerKind: string | null;
  noticeType: NoticeType;
  fieldworkStart: string;
  fieldworkEnd: string;
  keyQuestions: readonly KeyQuestion[];
  partnerInspectorates: readonly string[];
  team: readonly { role: TeamRole; userIsRegulator: boolean }[];
  scopeServices: readonly { serviceName: string; commissionedBy: CommissionedBy; recommendationsAllowed: boolean; recommendationsNote: string | null }[];
}

export function validatePlan(p: PlanInput): PlanFieldError[] {
  const errors: PlanFieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });

  if (p.kind === 'area_review_safeguarding_lac' && p.subjectType !== 'area') add('subject.type', 'An area review must have an area as its subject');
  if (p.subjectType === 'area' && p.kind !== 'area_review_safeguarding_lac' && p.kind !== 'joint_inspection') {
    add('subject.type', 'Only area reviews and joint inspections can have an area as their subject');
  }
  if (p.subjectType === 'area') {
    if (!p.areaName?.trim()) add('subject.areaName', 'Enter the name of the area, for example Luton');
    if (p.leadCommissionerKind === null) add('subject.leadCommissionerId', 'Choose the lead commissioner for the area');
    else if (p.leadCommissionerKind !== 'commissioner' && p.leadCommissionerKind !== 'local_authority') add('subject.leadCommissionerId', 'The lead commissioner must be a commissioner such as an ICB, or a local authority');
  } else if (p.subjectOrganisationKind === null) {
    add('subject.organisationId', `Choose the ${p.subjectType} being inspected`);
  } else if (p.subjectOrganisationKind !== p.subjectType) {
    const instead =
      p.subjectType === 'location' && p.subjectOrganisationKind === 'provider'
        ? ': choose one of its locations (a GP practice is a location), or plan a provider inspection'
        : p.subjectType === 'provider' && p.subjectOrganisationKind === 'location'
          ? ': choose the provider that runs it, or plan a location inspection'
          : '';
    add('subject.organisationId', `The subject must be a ${p.subjectType}, but the organisation chosen is a ${p.subjectOrganisationKind.replace('_', ' ')}${instead}`);
  }

  if (p.kind === 'joint_inspection' && p.partnerInspectorates.length === 0) add('partnerInspectorates', 'Name at least one partner inspectorate for a joint inspection');
  if (p.kind !== 'joint_inspection' && p.partnerInspectorates.length > 0) add('partnerInspectorates', 'Only a joint inspection has partner inspectorates');

  if (p.kind === 'comprehensive' && KEY_QUESTIONS.some((k) => !p.keyQuestions.includes(k))) add('keyQuestions', 'A comprehensive inspection covers all five key questions');
  if (p.kind === 'focused' && p.keyQuestions.length === 0) add('keyQuestions', 'Choose at least one key question for a focused inspection');

  const startOk = isValidIsoDate(p.fieldworkStart);
  const endOk = isValidIsoDate(p.fieldworkEnd);
  if (!startOk) add('fieldworkStart', 'Fieldwork start must be a real date, like 2026-11-30');
  if (!endOk) add('fieldworkEnd', 'Fieldwork end must be a real date, like 2026-12-04');
  if (startOk && endOk && compareIsoDates(p.fieldworkEnd, p.fieldworkStart) < 0) add('fieldworkEnd', 'Fieldwork end must be the same as or after fieldwork start');

  const leads = p.team.filter((t) => t.role === 'lead_inspector').length;
  if (leads !== 1) add('team', leads === 0 ? 'Choose a lead inspector for the team' : 'An inspection has exactly one lead inspector');
  if (p.team.some((t) => !t.userIsRegulator)) add('team', 'Everyone on the inspection team must be a member of the regulator');

  const names = new Set<string>();
  p.scopeServices.forEach((s, i) => {
    const key = s.serviceName.trim().toLowerCase();
    if (!key) add(`scopeServices[${i}].serviceName`, 'Enter the name of the service');
    else if (names.has(key)) add(`scopeServices[${i}].serviceName`, `${s.serviceName} is in the scope twice`);
    names.add(key);
    if (!s.recommendationsAllowed && !s.recommendationsNote?.trim()) add(`scopeServices[${i}].recommendationsNote`, `Say why recommendations cannot be made about ${s.serviceName || 'this service'}`);
  });
  if (p.kind === 'area_review_safeguarding_lac' && p.scopeServices.length === 0) add('scopeServices', 'List the services in scope of the area review');
  return errors;
}

export const LA_RECOMMENDATIONS_NOTE =
  "Commissioned by the local authority: the regulator's power to make recommendations about this service is limited; findings are shared with the local authority.";

/** Local authority services default to "no recommendations", with the reason recorded. */
export function defaultRecommendations(commissionedBy: CommissionedBy): { allowed: boolean; note: string | null } {
  return commissionedBy === 'local_authority' ? { allowed: false, note: LA_RECOMMENDATIONS_NOTE } : { allowed: true, note: null };
}
