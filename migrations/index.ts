/**
 * Every migration, by name (timestamp first, so names sort in the order they run).
 * Listed statically so they load the same way under tsx, vitest and any bundler.
 * Add a line for each new migration file.
 */
import type { Migration } from 'kysely';
import * as foundation from './20261123T0100-foundation.js';
import * as mintedIds from './20261123T0110-minted-ids.js';
import * as people from './20261123T0200-people.js';
import * as ppgAccessLinks from './20261206T1300-ppg-access-links.js';
import * as registerNameOrder from './20261206T1400-register-name-order.js';
import * as informationReturnEvidence from './20261206T1500-information-return-evidence.js';
import * as notificationRegulationOptional from './20261206T1600-notification-regulation-optional.js';
import * as registerNameWalk from './20261207T0600-register-name-walk.js';
import * as register from './20261123T0300-register.js';
import * as inspections from './20261123T0400-inspections.js';
import * as fieldwork from './20261201T1000-fieldwork.js';
import * as reports from './20261201T1100-reports.js';
import * as afterReport from './20261201T1200-after-report.js';
import * as actionPlans from './20261201T1210-action-plans.js';
import * as publicPageGeneration from './20261201T1300-public-page-generation.js';
import * as afterReportPublicPages from './20261201T1310-after-report-public-pages.js';
import * as reportsPublicPages from './20261201T1320-reports-public-pages.js';
import * as faCommentFiles from './20261201T1400-fa-comment-files.js';
import * as separationOfDuties from './20261205T1400-separation-of-duties.js';
import * as publicPageGenerationAtCommit from './20261205T1410-public-page-generation-at-commit.js';
import * as workerHeartbeats from './20261205T1800-worker-heartbeats.js';
import * as registerIdentity from './20261205T1300-register-identity.js';
import * as enforcementFollowThrough from './20261205T1600-enforcement-follow-through.js';
import * as providerPortal from './20261205T1900-provider-portal.js';
import * as signInKnownDevices from './20261206T0000-sign-in-known-devices.js';
import * as reportVersionRatings from './20261206T0100-report-version-ratings.js';
import * as participantsAndJointActionPlans from './20261206T0100-participants-and-joint-action-plans.js';
import * as reportStructures from './20261206T0100-report-structures.js';
import * as caseTracking from './20261206T0110-case-tracking.js';
import * as queuesAndFixingMistakes from './20261206T0300-queues-and-fixing-mistakes.js';

export const migrations: Record<string, Migration> = {
  '20261123T0100-foundation': foundation,
  '20261123T0110-minted-ids': mintedIds,
  '20261123T0200-people': people,
  '20261123T0300-register': register,
  '20261123T0400-inspections': inspections,
  '20261201T1000-fieldwork': fieldwork,
  '20261201T1100-reports': reports,
  '20261201T1200-after-report': afterReport,
  '20261201T1210-action-plans': actionPlans,
  '20261201T1300-public-page-generation': publicPageGeneration,
  '20261201T1310-after-report-public-pages': afterReportPublicPages,
  '20261201T1320-reports-public-pages': reportsPublicPages,
  '20261201T1400-fa-comment-files': faCommentFiles,
  '20261205T1300-register-identity': registerIdentity,
  '20261205T1400-separation-of-duties': separationOfDuties,
  '20261205T1410-public-page-generation-at-commit': publicPageGenerationAtCommit,
  '20261205T1600-enforcement-follow-through': enforcementFollowThrough,
  '20261205T1800-worker-heartbeats': workerHeartbeats,
  '20261205T1900-provider-portal': providerPortal,
  '20261206T0000-sign-in-known-devices': signInKnownDevices,
  '20261206T0100-report-version-ratings': reportVersionRatings,
  '20261206T0100-participants-and-joint-action-plans': participantsAndJointActionPlans,
  '20261206T0100-report-structures': reportStructures,
  '20261206T0110-case-tracking': caseTracking,
  '20261206T0300-queues-and-fixing-mistakes': queuesAndFixingMistakes,
  '20261206T1300-ppg-access-links': ppgAccessLinks,
  '20261206T1400-register-name-order': registerNameOrder,
  '20261206T1500-information-return-evidence': informationReturnEvidence,
  '20261206T1600-notification-regulation-optional': notificationRegulationOptional,
  '20261207T0600-register-name-walk': registerNameWalk,
};
