/**
 * Every link a person is shown leads somewhere they may go. Signed in as each role of a practice
 * inspection (and as a user of another organisation), follow the links from the home page, breadth
 * first, and fail on any link that answers 4xx or 5xx: a link to a page someone cannot open is a
 * dead end for them (an independent reviewer was once sent from a report page to the inspection's
 * overview, which only the team may open). Two inspections make the pages differ by stage: one
 * waiting for its draft report (none started yet) and one whose factual accuracy comments wait for
 * the reviewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldworkViaServices, judgeInspection, reportAtStage, type PracticeWorld } from '../../factories/report.factory.js';
import { crawl } from '../../support/crawl.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: PracticeWorld;
const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
/** Breadth-first from /home; each path once (the world is small: every inspection's pages are read). */
const MAX_PAGES = 300;
const SKIP = /^\/(assets|sign-out|sign-in|api|public)\b|\.(csv|pdf|ics|json)\b|\/download\b|\/files\//;

beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createPracticeWorld(t.database.db);
  // Another with the practice's factual accuracy comments sent, waiting for the reviewer.
  const fa = (await inspectionThroughFieldworkViaServices(t.database.db, t.config, w, clock)).id;
  await judgeInspection(t.database.db, fa, w);
  await reportAtStage(t, w, clock, fa, 'factual_accuracy');
  const service = await import('../../../src/services/reports/factual-accuracy.service.js');
  const practice = await serviceContextFor(t, w.people.practiceManager, clock);
  await service.saveComment(practice, fa, { sectionKey: 'qs:W5', passage: 'for the last year', category: 'typo_or_figure', comment: 'Reviews were missing for six months.' });
  await service.submitFactualAccuracy(practice, fa, { noInaccuracies: false });
  // Another judged and waiting for its draft: no report started.
  const waiting = (await inspectionThroughFieldworkViaServices(t.database.db, t.config, w, clock)).id;
  await judgeInspection(t.database.db, waiting, w);
}, 300_000);
afterAll(async () => t.close());

describe('every link shown leads somewhere the person may go', () => {
  it.each(['reviewer', 'manager', 'lead', 'inspector', 'practiceManager', 'outsider'] as const)('as the %s', async (who) => {
    const { visited, dead } = await crawl(await signIn(t.app, w.people[who]), { start: '/home', maxPages: MAX_PAGES, skip: SKIP });
    expect(dead).toEqual([]);
    expect(visited, 'pages visited').toBeGreaterThan(5);
  });
});
