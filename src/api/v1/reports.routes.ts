/**
 * /api/v1 routes for the draft report, review, factual accuracy check and publication (issue #7).
 * Every route calls a service that checks access; organisations see the report only once sent to them.
 */
import type { FastifyInstance } from 'fastify';
import { FA_CATEGORIES, FA_DECISIONS } from '../../domain/reports/factual-accuracy.js';
import { ALLOW_REASONS, PERSON_CATEGORIES, type PdResolution } from '../../domain/reports/personal-data-check.js';
import { closeFactualAccuracy, completeFactualAccuracyReview, decideComment, decideExtension, deleteComment, getFactualAccuracy, requestExtension, saveComment, sendForFactualAccuracy, submitFactualAccuracy } from '../../services/reports/factual-accuracy.service.js';
import { MAX_RESPONSE_STATEMENT, publishReport, setResponseStatement } from '../../services/reports/publication.service.js';
import { addRecommendation, addReportSection, compareVersions, createDraftReport, removeReportSection, reviseRecommendationWording, listPersonalDataFlags, listVersions, removeRecommendation, resolvePersonalDataFlag, saveSection, setKnownPeople, type RecommendationInput } from '../../services/reports/report-draft.service.js';
import { approveDraft, listDraftsDashboard, listReviews, returnDraft, submitForApproval } from '../../services/reports/report-review.service.js';
import { getReportWorkspace, type ReportWorkspace } from '../../services/reports/report-workspace.service.js';
import { getTimeliness } from '../../services/reports/timeliness.service.js';
import type { ServiceContext } from '../../services/context.js';
import { placeholderSections } from '../../domain/reports/report-structures.js';
import { apiSchema, idParams, isoDate, uuid } from './schemas.js';
import { filenameQuery } from './fieldwork.schemas.js';
import { MAX_ATTACHMENT_BYTES } from '../../services/fieldwork/attachments.service.js';
import { addCommentFiles, getCommentFile, removeCommentFile } from '../../services/reports/fa-comment-files.service.js';
import { sendAttachment } from '../../web/send-attachment.js';

const tags = ['reports'];
const params = (...names: string[]) => ({ type: 'object', required: ['id', ...names], additionalProperties: false, properties: { id: uuid, ...Object.fromEntries(names.map((n) => [n, n === 'key' ? { type: 'string', minLength: 1, maxLength: 100 } : uuid])) } }) as const;
const body = (required: string[], properties: Record<string, object>) => ({ type: 'object', required, additionalProperties: false, properties }) as const;
const str = (maxLength?: number) => (maxLength ? { type: 'string', maxLength } : { type: 'string' });
const nullableStr = { anyOf: [{ type: 'string' }, { type: 'null' }] };

/** What the API shows of a report: never the internal list of people the personal-data check looks for. */
export function reportJson(w: ReportWorkspace) {
  const r = w.report;
  return {
    id: r.id,
    inspectionId: r.inspection_id,
    linkId: w.stage === 'published' ? r.link_id : undefined,
    stage: w.stage,
    stageLabel: w.stageLabel,
    owner: w.owner,
    clock: w.clock,
    version: w.version,
    currentVersion: w.currentVersion,
    approvedVersion: r.approved_version,
    factualAccuracyDue: w.faDue,
    sentForFactualAccuracyAt: r.fa_sent_at,
    publishedAt: r.published_at,
    publicationDate: r.publication_date,
    responseStatement: r.response_statement,
    pdfAvailable: w.stage === 'published' && !!r.pdf_storage_key,
    inspection: w.inspection,
    structure: r.structure,
    sections: w.sections,
    sectionsToWrite: placeholderSections(w.sections).map((s) => s.key),
    ratings: w.ratings,
    breaches: w.breaches,
    recommendations: w.recommendations,
    personalDataFlags: w.flags,
    you: w.you,
  };
}

const workspace = async (ctx: ServiceContext, id: string, version?: number) => reportJson(await getReportWorkspace(ctx, id, version ? { version } : {}));

export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { version?: number } }>(
    '/inspections/:id/report',
    { schema: apiSchema({ summary: 'The report: stage, owner, clock, text, ratings, breaches, recommendations', tags, params: idParams, querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } } } }) },
    async (request) => workspace(request.serviceContext(), request.params.id, request.query.version),
  );
  app.post<{ Params: { id: string } }>('/inspections/:id/report', { schema: apiSchema({ summary: 'Start the draft report from the approved judgement', tags, params: idParams, successStatus: 201 }) }, async (request, reply) => {
    const ctx = request.serviceContext();
    await createDraftReport(ctx, request.params.id);
    return reply.code(201).send(await workspace(ctx, request.params.id));
  });
  app.put<{ Params: { id: string; key: string }; Body: { body: string; basedOnVersion: number; note?: string | null } }>(
    '/inspections/:id/report/sections/:key',
    { schema: apiSchema({ summary: 'Save one section (a new version); a stale basedOnVersion gets 409 edit_conflict', tags, params: params('key'), body: body(['body', 'basedOnVersion'], { body: str(), basedOnVersion: { type: 'integer', minimum: 1 }, note: nullableStr }) }) },
    async (request) => {
      const ctx = request.serviceContext();
      const saved = await saveSection(ctx, request.params.id, { sectionKey: request.params.key, body: request.body.body, basedOnVersion: request.body.basedOnVersion, note: request.body.note ?? null });
      return { version: saved.version, report: await workspace(ctx, request.params.id) };
    },
  );
  app.post<{ Params: { id: string }; Body: { group: string; heading: string; basedOnVersion: number } }>(
    '/inspections/:id/report/sections',
    { schema: apiSchema({ summary: "Add a section where the report's structure allows (it starts as a placeholder to write)", tags, params: idParams, successStatus: 201, body: body(['group', 'heading', 'basedOnVersion'], { group: str(50), heading: str(300), basedOnVersion: { type: 'integer', minimum: 1 } }) }) },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const added = await addReportSection(ctx, request.params.id, request.body);
      return reply.code(201).send({ version: added.version, key: added.key, report: await workspace(ctx, request.params.id) });
    },
  );
  app.delete<{ Params: { id: string; key: string }; Querystring: { basedOnVersion: number } }>(
    '/inspections/:id/report/sections/:key',
    { schema: apiSchema({ summary: 'Remove a section that was added (the structure’s own sections stay)', tags, params: params('key'), querystring: { type: 'object', required: ['basedOnVersion'], properties: { basedOnVersion: { type: 'integer', minimum: 1 } } } }) },
    async (request) => {
      const ctx = request.serviceContext();
      const removed = await removeReportSection(ctx, request.params.id, { sectionKey: request.params.key, basedOnVersion: request.query.basedOnVersion });
      return { version: removed.version, report: await workspace(ctx, request.params.id) };
    },
  );
  app.put<{ Params: { id: string; recommendationId: string }; Body: { text: string; commentId: string } }>(
    '/inspections/:id/report/recommendations/:recommendationId/wording',
    { schema: apiSchema({ summary: 'The factual accuracy reviewer changes a recommendation’s wording for an accepted comment (kept as a tracked change)', tags, params: params('recommendationId'), body: body(['text', 'commentId'], { text: str(4000), commentId: uuid }) }) },
    async (request) => {
      const ctx = request.serviceContext();
      await reviseRecommendationWording(ctx, request.params.id, request.params.recommendationId, request.body);
      return workspace(ctx, request.params.id);
    },
  );
  app.get<{ Params: { id: string } }>('/inspections/:id/report/versions', { schema: apiSchema({ summary: 'Every saved version', tags, params: idParams }) }, async (request) => ({ versions: await listVersions(request.serviceContext(), request.params.id) }));
  app.get<{ Params: { id: string }; Querystring: { from: number; to: number } }>(
    '/inspections/:id/report/compare',
    { schema: apiSchema({ summary: 'Compare any two versions, section by section', tags, params: idParams, querystring: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } } } }) },
    async (request) => compareVersions(request.serviceContext(), request.params.id, request.query.from, request.query.to),
  );
  app.put<{ Params: { id: string }; Body: { people: { name: string; category: (typeof PERSON_CATEGORIES)[number] }[] } }>(
    '/inspections/:id/report/people',
    { schema: apiSchema({ summary: 'Names the personal-data check must catch (people who use services, families, staff)', tags, params: idParams, body: body(['people'], { people: { type: 'array', maxItems: 500, items: body(['name', 'category'], { name: str(200), category: { type: 'string', enum: PERSON_CATEGORIES } }) } }) }) },
    async (request, reply) => {
      await setKnownPeople(request.serviceContext(), request.params.id, request.body.people);
      return reply.code(204).send();
    },
  );
  app.get<{ Params: { id: string } }>('/inspections/:id/report/personal-data', { schema: apiSchema({ summary: 'Personal-data flags', tags, params: idParams }) }, async (request) => ({ flags: await listPersonalDataFlags(request.serviceContext(), request.params.id) }));
  app.post<{ Params: { id: string; flagId: string }; Body: { status: 'removed' | 'allowed'; reason?: (typeof ALLOW_REASONS)[number]; note?: string | null } }>(
    '/inspections/:id/report/personal-data/:flagId',
    { schema: apiSchema({ summary: 'Resolve a flag: removed (must be gone from the text) or allowed (with a reason; never for people who use services)', tags, params: params('flagId'), body: body(['status'], { status: { type: 'string', enum: ['removed', 'allowed'] }, reason: { type: 'string', enum: ALLOW_REASONS }, note: nullableStr }) }) },
    async (request, reply) => {
      const b = request.body;
      const resolution: PdResolution = b.status === 'removed' ? { status: 'removed', note: b.note ?? null } : { status: 'allowed', reason: b.reason ?? ('' as never), note: b.note ?? '' };
      await resolvePersonalDataFlag(request.serviceContext(), request.params.id, request.params.flagId, resolution);
      return reply.code(204).send();
    },
  );
  app.post<{ Params: { id: string }; Body: RecommendationInput }>(
    '/inspections/:id/report/recommendations',
    { schema: apiSchema({ summary: 'Add a "must" or "should" recommendation addressed to an organisation on the inspection', tags, params: idParams, successStatus: 201, body: body(['strength', 'text', 'organisationId'], { strength: { type: 'string', enum: ['must', 'should'] }, text: str(4000), organisationId: uuid, serviceName: nullableStr, reportBreachId: { anyOf: [uuid, { type: 'null' }] } }) }) },
    async (request, reply) => reply.code(201).send({ id: await addRecommendation(request.serviceContext(), request.params.id, request.body) }),
  );
  app.delete<{ Params: { id: string; recommendationId: string } }>('/inspections/:id/report/recommendations/:recommendationId', { schema: apiSchema({ summary: 'Remove a recommendation', tags, params: params('recommendationId') }) }, async (request, reply) => {
    await removeRecommendation(request.serviceContext(), request.params.id, request.params.recommendationId);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/inspections/:id/report/submission', { schema: apiSchema({ summary: 'Send the draft to the inspection manager for approval (personal-data check must be clear)', tags, params: idParams }) }, async (request) => {
    await submitForApproval(request.serviceContext(), request.params.id);
    return workspace(request.serviceContext(), request.params.id);
  });
  app.post<{ Params: { id: string }; Body: { decision: 'approve' | 'return'; comments?: string | null } }>(
    '/inspections/:id/report/approval',
    { schema: apiSchema({ summary: 'Inspection manager approves the draft or returns it with comments', tags, params: idParams, body: body(['decision'], { decision: { type: 'string', enum: ['approve', 'return'] }, comments: nullableStr }) }) },
    async (request) => {
      const ctx = request.serviceContext();
      if (request.body.decision === 'approve') await approveDraft(ctx, request.params.id, request.body.comments);
      else await returnDraft(ctx, request.params.id, request.body.comments ?? '');
      return workspace(ctx, request.params.id);
    },
  );
  app.get<{ Params: { id: string } }>('/inspections/:id/report/reviews', { schema: apiSchema({ summary: 'Approvals and returns with comments', tags, params: idParams }) }, async (request) => ({ reviews: await listReviews(request.serviceContext(), request.params.id) }));

  app.post<{ Params: { id: string } }>('/inspections/:id/report/factual-accuracy', { schema: apiSchema({ summary: 'Send the approved draft to the organisations for factual accuracy (deadline: 10 working days)', tags, params: idParams }) }, async (request) => {
    await sendForFactualAccuracy(request.serviceContext(), request.params.id);
    return getFactualAccuracy(request.serviceContext(), request.params.id);
  });
  app.get<{ Params: { id: string } }>('/inspections/:id/report/factual-accuracy', { schema: apiSchema({ summary: 'The factual accuracy check: deadlines, comments, decisions, extensions', tags, params: idParams }) }, async (request) => getFactualAccuracy(request.serviceContext(), request.params.id));
  app.post<{ Params: { id: string }; Body: { id?: string | null; sectionKey: string; passage: string; category: string; comment: string; proposedChange?: string | null; evidence?: string | null } }>(
    '/inspections/:id/report/factual-accuracy/comments',
    { schema: apiSchema({ summary: 'Save a comment on a passage (organisation; saved as a draft until submitted; no length cap)', tags, params: idParams, body: body(['sectionKey', 'passage', 'category', 'comment'], { id: { anyOf: [uuid, { type: 'null' }] }, sectionKey: str(100), passage: str(), category: { type: 'string', enum: FA_CATEGORIES }, comment: str(), proposedChange: nullableStr, evidence: nullableStr }) }) },
    async (request) => ({ id: await saveComment(request.serviceContext(), request.params.id, request.body) }),
  );
  app.delete<{ Params: { id: string; commentId: string } }>('/inspections/:id/report/factual-accuracy/comments/:commentId', { schema: apiSchema({ summary: 'Delete a draft comment', tags, params: params('commentId') }) }, async (request, reply) => {
    await deleteComment(request.serviceContext(), request.params.id, request.params.commentId);
    return reply.code(204).send();
  });
  app.addContentTypeParser(['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'], { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, payload, done) => done(null, payload));
  app.post<{ Params: { id: string; commentId: string }; Querystring: { filename: string }; Body: Buffer }>(
    '/inspections/:id/report/factual-accuracy/comments/:commentId/files',
    { bodyLimit: MAX_ATTACHMENT_BYTES, schema: apiSchema({ summary: 'Attach an evidence file to a draft comment (raw body, up to 8 MB; at most 10 files on a comment)', tags, params: params('commentId'), querystring: filenameQuery, consumes: ['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'], successStatus: 201 }) },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) return reply.code(415).send({ error: { code: 'unsupported_media_type', message: 'Send the file as application/octet-stream' } });
      const [file] = await addCommentFiles(request.serviceContext(), request.params.id, request.params.commentId, [{ filename: request.query.filename, bytes: request.body }]);
      return reply.code(201).send(file);
    },
  );
  app.delete<{ Params: { id: string; commentId: string; fileId: string } }>('/inspections/:id/report/factual-accuracy/comments/:commentId/files/:fileId', { schema: apiSchema({ summary: 'Remove a file from a draft comment', tags, params: params('commentId', 'fileId') }) }, async (request, reply) => {
    await removeCommentFile(request.serviceContext(), request.params.id, request.params.commentId, request.params.fileId);
    return reply.code(204).send();
  });
  app.get<{ Params: { id: string; fileId: string } }>(
    '/inspections/:id/report/factual-accuracy/files/:fileId',
    { schema: apiSchema({ summary: "Download a comment's evidence file (the organisation that attached it; the team and the reviewer once submitted). Always an attachment", tags, params: params('fileId'), produces: 'application/octet-stream' }) },
    async (request, reply) => {
      const ctx = request.serviceContext();
      return sendAttachment(reply, ctx, await getCommentFile(ctx, request.params.id, request.params.fileId));
    },
  );
  app.post<{ Params: { id: string }; Body: { noInaccuracies: boolean } }>(
    '/inspections/:id/report/factual-accuracy/submission',
    { schema: apiSchema({ summary: 'Submit the response once (or confirm no inaccuracies); late submissions are refused unless an extension was granted', tags, params: idParams, body: body(['noInaccuracies'], { noInaccuracies: { type: 'boolean' } }) }) },
    async (request) => {
      await submitFactualAccuracy(request.serviceContext(), request.params.id, request.body);
      return getFactualAccuracy(request.serviceContext(), request.params.id);
    },
  );
  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/inspections/:id/report/factual-accuracy/extension-requests',
    { schema: apiSchema({ summary: 'Ask for an extension, with the reason', tags, params: idParams, successStatus: 201, body: body(['reason'], { reason: str(4000) }) }) },
    async (request, reply) => reply.code(201).send({ id: await requestExtension(request.serviceContext(), request.params.id, request.body.reason) }),
  );
  app.post<{ Params: { id: string; requestId: string }; Body: { grant: boolean; newDue?: string | null; reason?: string | null } }>(
    '/inspections/:id/report/factual-accuracy/extension-requests/:requestId/decision',
    { schema: apiSchema({ summary: 'Grant (with the new deadline) or refuse (with a reason) an extension', tags, params: params('requestId'), body: body(['grant'], { grant: { type: 'boolean' }, newDue: { anyOf: [isoDate, { type: 'null' }] }, reason: nullableStr }) }) },
    async (request) => {
      await decideExtension(request.serviceContext(), request.params.id, request.params.requestId, request.body);
      return getFactualAccuracy(request.serviceContext(), request.params.id);
    },
  );
  app.post<{ Params: { id: string } }>('/inspections/:id/report/factual-accuracy/close', { schema: apiSchema({ summary: 'Close the check once every deadline has passed', tags, params: idParams }) }, async (request) => {
    await closeFactualAccuracy(request.serviceContext(), request.params.id);
    return getFactualAccuracy(request.serviceContext(), request.params.id);
  });
  app.post<{ Params: { id: string; commentId: string }; Body: { decision: string; reason?: string | null; changeMade?: string | null } }>(
    '/inspections/:id/report/factual-accuracy/comments/:commentId/decision',
    { schema: apiSchema({ summary: 'Reviewer (not on the inspection) decides a comment: accepted, partly_accepted or rejected, with the reason and the change made', tags, params: params('commentId'), body: body(['decision'], { decision: { type: 'string', enum: FA_DECISIONS }, reason: nullableStr, changeMade: nullableStr }) }) },
    async (request) => {
      await decideComment(request.serviceContext(), request.params.id, request.params.commentId, request.body);
      return getFactualAccuracy(request.serviceContext(), request.params.id);
    },
  );
  app.post<{ Params: { id: string } }>('/inspections/:id/report/factual-accuracy/review-complete', { schema: apiSchema({ summary: 'Every comment decided: ready to publish', tags, params: idParams }) }, async (request) => {
    await completeFactualAccuracyReview(request.serviceContext(), request.params.id);
    return workspace(request.serviceContext(), request.params.id);
  });
  app.post<{ Params: { id: string }; Body: { reason?: string | null } | undefined }>('/inspections/:id/report/publication', { schema: apiSchema({ summary: 'Publish: the report and ratings become current on the public register in one transaction. Before fieldwork has ended a reason is required (it is recorded and the real dates are kept)', tags, params: idParams, body: { ...body([], { reason: nullableStr }), type: ['object', 'null'] } }) }, async (request) => {
    const published = await publishReport(request.serviceContext(), request.params.id, { reason: request.body?.reason ?? null });
    return { ...published, reportUrl: `/reports/${published.linkId}`, report: await workspace(request.serviceContext(), request.params.id) };
  });
  app.put<{ Params: { id: string }; Body: { statement: string } }>(
    '/inspections/:id/report/response-statement',
    { schema: apiSchema({ summary: "The organisation's short public response statement", tags, params: idParams, body: body(['statement'], { statement: str(MAX_RESPONSE_STATEMENT * 2) }) }) },
    async (request) => {
      await setResponseStatement(request.serviceContext(), request.params.id, request.body.statement);
      return workspace(request.serviceContext(), request.params.id);
    },
  );
  app.get('/reports/drafts', { schema: apiSchema({ summary: 'Every unpublished report, its owner and how long it has waited', tags }) }, async (request) => ({ drafts: await listDraftsDashboard(request.serviceContext()) }));
  app.get('/reports/timeliness', { schema: apiSchema({ summary: 'Days from fieldwork end to draft, factual accuracy and publication; medians; slowest cases', tags }) }, async (request) => getTimeliness(request.serviceContext()));
}
