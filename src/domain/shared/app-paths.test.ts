import { describe, expect, it } from 'vitest';
import { ROUTE_RULES } from '../access/route-rules.js';
import * as paths from './app-paths.js';

/** "GET /inspections/:id/report" → a matcher for the path part. */
const ROUTES = Object.keys(ROUTE_RULES).map((key) => {
  const [method, pattern] = key.split(' ') as [string, string];
  const re = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/:[A-Za-z]+/g, '[^/?#]+')}$`);
  return { method, pattern, re };
});

const routeFor = (method: string, url: string) => ROUTES.find((r) => r.method === method && r.re.test(url.split(/[?#]/)[0]!));

const ID = '0b7e8a1c-3f2d-4c5b-9a6e-1d2c3b4a5f60';
const ID2 = '5c4b3a29-1807-4f6e-8d5c-4b3a29180706';

/** Every builder, called as pages call it: [builder, method, url]. */
const CASES: [keyof typeof paths, string, string][] = [
  ['inspectionPath', 'GET', paths.inspectionPath(ID)],
  ['inspectionPath', 'GET', paths.inspectionPath(ID, '/programme')],
  ['inspectionPath', 'POST', paths.inspectionPath(ID, '/transitions')],
  ['requestPath', 'GET', paths.requestPath(ID, ID2)],
  ['trackedCasePath', 'GET', paths.trackedCasePath(ID, ID2)],
  ['trackedCasePath', 'POST', paths.trackedCasePath(ID, ID2, '/findings')],
  ['reportPath', 'GET', paths.reportPath(ID)],
  ['reportPath', 'GET', paths.reportPath(ID, '/factual-accuracy')],
  ['reportPath', 'GET', paths.reportPath(ID, '?notice=saved')],
  ['evidenceItemsPath', 'GET', paths.evidenceItemsPath(ID)],
  ['evidenceItemsPath', 'GET', paths.evidenceItemsPath(ID, '/new')],
  ['concernPath', 'GET', paths.concernPath(ID, ID2)],
  ['concernPath', 'POST', paths.concernPath(ID, ID2, '/close')],
  ['judgementPath', 'GET', paths.judgementPath(ID)],
  ['judgementPath', 'POST', paths.judgementPath(ID, '/approval')],
  ['enforcementPath', 'GET', paths.enforcementPath(ID)],
  ['enforcementActionPath', 'GET', paths.enforcementActionPath(ID, ID2)],
  ['enforcementActionPath', 'POST', paths.enforcementActionPath(ID, ID2, '/transitions')],
  ['actionPlanPath', 'GET', paths.actionPlanPath(ID)],
  ['organisationPath', 'GET', paths.organisationPath(ID)],
  ['personPath', 'GET', paths.personPath(ID, ID2)],
  ['locationPath', 'GET', paths.locationPath('1-101234567')],
  ['providerPath', 'GET', paths.providerPath('1-1000000001')],
  ['publicReportPath', 'GET', paths.publicReportPath(ID)],
  ['publicReportPdfPath', 'GET', paths.publicReportPdfPath(ID)],
  ['feedbackPath', 'GET', paths.feedbackPath(ID)],
  ['feedbackPath', 'GET', paths.feedbackPath(ID, '?notice=saved')],
  ['sharedFeedbackPath', 'GET', paths.sharedFeedbackPath(ID)],
  ['notificationPath', 'GET', paths.notificationPath(ID)],
  ['ratingReviewPath', 'GET', paths.ratingReviewPath(ID)],
  ['informationReturnPath', 'GET', paths.informationReturnPath(ID)],
  ['informationReturnPath', 'POST', paths.informationReturnPath(ID, '/answers')],
  ['evidenceItemPath', 'GET', paths.evidenceItemPath(ID, ID2)],
  ['evidenceItemPath', 'POST', paths.evidenceItemPath(ID, ID2, '/attachments')],
  ['briefingPath', 'GET', paths.briefingPath(ID, ID2, '/edit')],
  ['briefingPath', 'POST', paths.briefingPath(ID, ID2, '/delete')],
  ['enforcementDocumentPath', 'GET', paths.enforcementDocumentPath(ID, ID2)],
  ['newInspectionPath', 'GET', paths.newInspectionPath()],
  ['newInspectionPath', 'GET', paths.newInspectionPath({ subjectType: 'location', subjectCode: '1-101234567' })],
  ['findSubjectPath', 'GET', paths.findSubjectPath({ q: 'Luton', page: '2' })],
  ['withQuery', 'GET', paths.withQuery(paths.evidenceItemsPath(ID), { statement: 'S1' })],
  ['publicReportPath', 'GET', paths.publicReportPath(ID, '?version=1')],
  ['visitPath', 'GET', paths.visitPath(ID, ID2)],
  ['invitationPath', 'GET', paths.invitationPath('a1b2c3d4e5f6')],
  ['passwordResetPath', 'GET', paths.passwordResetPath('a1b2c3d4e5f6')],
  ['myWorkPath', 'GET', paths.myWorkPath()],
  ['feedbackStatusPath', 'GET', paths.feedbackStatusPath()],
];

describe('withQuery writes a query string people can follow', () => {
  it.each([
    [{}, '/inspections/new'],
    [{ subjectType: 'location', subjectCode: '1-101234567' }, '/inspections/new?subjectType=location&subjectCode=1-101234567'],
    [{ q: 'St John’s & Co', type: undefined }, '/inspections/new?q=St+John%E2%80%99s+%26+Co'],
  ])('%o → %s', (query, url) => {
    expect(paths.withQuery('/inspections/new', query)).toBe(url);
  });
});

describe('app-paths.ts (re-exported by src/web/paths.ts): every URL builder points at a registered route', () => {
  it.each(CASES)('%s → %s %s', (_builder, method, url) => {
    expect(routeFor(method, url), `no route answers ${method} ${url}`).toBeDefined();
  });

  it('every builder exported from app-paths.ts is checked here', () => {
    const builders = Object.entries(paths).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(builders.filter((b) => !CASES.some(([c]) => c === b))).toEqual([]);
  });
});
