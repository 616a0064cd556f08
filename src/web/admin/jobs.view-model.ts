/** The background jobs page: failed, retrying and stuck jobs, in words an administrator reads. */
import type { JobState, ProblemJob } from '../../services/jobs/job-monitor.service.js';
import { countOf } from '../../domain/shared/plain-words.js';
import { formatDateTime } from '../home/home.view-model.js';

const TASK_NAMES: Record<string, string> = {
  render_report_pdf: 'Make a report PDF',
  rerender_report_pdfs: 'Find report PDFs to make again',
  send_email: 'Send an email',
  expire_uploads: 'Remove unfinished uploads',
  action_plan_follow_up: 'Follow up action plans',
  escalate_concerns: 'Escalate unanswered concerns',
};

const STATE_TAGS: Record<JobState, { text: string; classes: string }> = {
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
  retrying: { text: 'Will try again', classes: 'govuk-tag--yellow' },
  stuck: { text: 'Stuck', classes: 'govuk-tag--orange' },
};

export function taskName(task: string): string {
  return TASK_NAMES[task] ?? task.replace(/_/g, ' ');
}

function whatHappened(job: ProblemJob): string {
  if (job.state === 'stuck') return `Started ${formatDateTime(job.lockedAt ?? job.updatedAt)} and not finished: the worker running it may have stopped.`;
  const tries = `Tried ${countOf(job.attempts, 'time', 'times')} of ${job.maxAttempts}`;
  if (job.state === 'failed') return `${tries}; it will not be tried again unless you retry it.`;
  return `${tries}; next try ${formatDateTime(job.runAt)}.`;
}

export function jobsPage(jobs: ProblemJob[], notice: { retried?: string | undefined }) {
  const counts = { failed: 0, retrying: 0, stuck: 0 };
  for (const j of jobs) counts[j.state]++;
  const retried = notice.retried ? jobs.find((j) => j.id === notice.retried) : undefined;
  return {
    pageTitle: 'Background jobs',
    notice: notice.retried ? `Job ${notice.retried}${retried ? ` (${taskName(retried.task)})` : ''} will run again now.` : null,
    summary: jobs.length
      ? `${countOf(counts.failed, 'job has', 'jobs have')} failed, ${countOf(counts.retrying, 'job is', 'jobs are')} waiting to try again and ${countOf(counts.stuck, 'job is', 'jobs are')} stuck.`
      : 'No job has failed or is stuck. Jobs that succeed are not listed.',
    jobs: jobs.map((j) => ({
      id: j.id,
      task: taskName(j.task),
      tag: STATE_TAGS[j.state],
      record: j.payloadSummary,
      whatHappened: whatHappened(j),
      lastError: j.lastError,
      lastChange: formatDateTime(j.updatedAt),
      retryAction: `/admin/jobs/${j.id}/retry`,
      retryLabel: j.state === 'stuck' ? 'Release and retry now' : 'Retry now',
    })),
  };
}
