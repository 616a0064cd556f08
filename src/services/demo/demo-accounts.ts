/**
 * The demo world's sign-in accounts, printed by `npm start`. Every account shares
 * one password, which exists only in the demo world (never in production data).
 * Names are fictional; the organisations are real.
 */
import { type Role } from '../../domain/vocabulary/roles.js';
import type { DemoOrganisationKey } from './luton-organisations.demo.js';

export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoAccount {
  email: string;
  name: string;
  /** One line: role and organisation. */
  description: string;
  role: Role;
  /**
   * The Luton organisation the demo users step creates the account in; null for an account the
   * provider portal demo (provider-portal.demo.ts) creates in an organisation it finds in the register.
   */
  organisation: DemoOrganisationKey | null;
  jobTitle: string;
  isOrgAdmin: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'morgan.ellis@inspectorate.example', name: 'Morgan Ellis', role: 'administrator', organisation: 'regulator', jobTitle: 'Service administrator', isOrgAdmin: false, description: 'Administrator, the regulator' },
  { email: 'helen.carter@inspectorate.example', name: 'Helen Carter', role: 'inspection_manager', organisation: 'regulator', jobTitle: 'Inspection manager, primary medical services', isOrgAdmin: false, description: 'Inspection manager, the regulator (manages the inspection team)' },
  { email: 'daniel.osei@inspectorate.example', name: 'Daniel Osei', role: 'inspector', organisation: 'regulator', jobTitle: 'Lead inspector', isOrgAdmin: false, description: 'Lead inspector, the regulator' },
  { email: 'aisha.rahman@inspectorate.example', name: 'Aisha Rahman', role: 'inspector', organisation: 'regulator', jobTitle: 'Inspector', isOrgAdmin: false, description: 'Inspector, the regulator' },
  { email: 'tom.whitfield@inspectorate.example', name: 'Dr Tom Whitfield', role: 'inspector', organisation: 'regulator', jobTitle: 'Specialist adviser (GP)', isOrgAdmin: false, description: 'Specialist adviser (inspector role), the regulator' },
  { email: 'ruth.fielding@inspectorate.example', name: 'Ruth Fielding', role: 'factual_accuracy_reviewer', organisation: 'regulator', jobTitle: 'Factual accuracy reviewer', isOrgAdmin: false, description: 'Factual accuracy reviewer, the regulator' },
  { email: 'marcus.bennett@inspectorate.example', name: 'Marcus Bennett', role: 'enforcement_officer', organisation: 'regulator', jobTitle: 'Enforcement officer', isOrgAdmin: false, description: 'Enforcement officer, the regulator' },
  { email: 'caroline.hughes@nhs.example', name: 'Caroline Hughes', role: 'commissioner_user', organisation: 'icb', jobTitle: 'Chief Nursing Officer and Executive Lead for Safeguarding', isOrgAdmin: true, description: 'Executive lead for safeguarding (org admin), NHS Bedfordshire, Luton and Milton Keynes ICB' },
  { email: 'joanne.whitaker@nhs.example', name: 'Joanne Whitaker', role: 'commissioner_user', organisation: 'icb', jobTitle: 'Designated Nurse for Safeguarding Children', isOrgAdmin: false, description: 'Designated nurse for safeguarding children, NHS Bedfordshire, Luton and Milton Keynes ICB' },
  { email: 'samuel.adeyemi@nhs.example', name: 'Dr Samuel Adeyemi', role: 'commissioner_user', organisation: 'icb', jobTitle: 'Designated Doctor for Safeguarding Children', isOrgAdmin: false, description: 'Designated doctor for safeguarding children, NHS Bedfordshire, Luton and Milton Keynes ICB' },
  { email: 'fiona.kaur@luton.example', name: 'Fiona Kaur', role: 'commissioner_user', organisation: 'lutonCouncil', jobTitle: 'Public Health Commissioning Manager (0–19, sexual health, drugs and alcohol)', isOrgAdmin: true, description: 'Commissioner (org admin), Luton Borough Council' },
  { email: 'sarah.mitchell@nhs.example', name: 'Sarah Mitchell', role: 'provider_user', organisation: 'stopsleyProvider', jobTitle: 'Practice manager', isOrgAdmin: true, description: 'Practice manager (org admin), Stopsley Village Practice' },
  { email: 'imran.qureshi@nhs.example', name: 'Dr Imran Qureshi', role: 'provider_user', organisation: 'stopsleyProvider', jobTitle: 'GP partner and nominated individual', isOrgAdmin: true, description: 'GP partner and nominated individual (org admin), Stopsley Village Practice' },
  { email: 'priya.nair@nhs.example', name: 'Priya Nair', role: 'provider_user', organisation: null, jobTitle: 'Practice manager, Bell House Medical Centre', isOrgAdmin: true, description: 'Practice manager (org admin), Bell House Medical Centre (information return half answered)' },
  { email: 'grace.okafor@care.example', name: 'Grace Okafor', role: 'provider_user', organisation: null, jobTitle: 'Registered manager of a care home', isOrgAdmin: true, description: 'Registered manager (org admin) of a care home (rating review request refused)' },
  { email: 'linda.osborne@nhs.example', name: 'Linda Osborne', role: 'provider_user', organisation: 'bedfordshireHospitals', jobTitle: 'Head of Safeguarding', isOrgAdmin: true, description: 'Head of safeguarding (org admin), Bedfordshire Hospitals NHS Foundation Trust' },
];
