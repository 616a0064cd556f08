import type { Task, TaskList } from 'graphile-worker';
import type { WorkerDeps } from '../worker.js';
import { sendEmailTask } from './send-email.task.js';
import { expireUploadsTask } from './expire-uploads.task.js';
import { actionPlanFollowUpTask } from './action-plan-follow-up.task.js';
import { escalateConcernsTask } from './escalate-concerns.task.js';
import { flagOverdueReturnsTask } from './flag-overdue-returns.task.js';
import { dailyInspectionSummaryTask } from './daily-inspection-summary.task.js';
import { renderReportPdfTask, rerenderReportPdfsTask } from './render-report-pdf.task.js';

/** Each task lives in its own *.task.ts file and is listed here. */
export function buildTaskList(deps: WorkerDeps): TaskList {
  const tasks: Record<string, Task> = {};
  tasks['send_email'] = sendEmailTask(deps);
  tasks['expire_uploads'] = expireUploadsTask(deps);
  tasks['action_plan_follow_up'] = actionPlanFollowUpTask(deps);
  tasks['escalate_concerns'] = escalateConcernsTask(deps);
  tasks['render_report_pdf'] = renderReportPdfTask(deps);
  tasks['rerender_report_pdfs'] = rerenderReportPdfsTask(deps);
  tasks['flag_overdue_information_returns'] = flagOverdueReturnsTask(deps);
  tasks['daily_inspection_summary'] = dailyInspectionSummaryTask(deps);
  return tasks;
}

/** Crontab lines for reminders and deadlines (graphile-worker syntax). */
export function crontab(): string {
  return ['15 3 * * * expire_uploads', '0 7 * * * action_plan_follow_up', '*/15 * * * * escalate_concerns', '40 3 * * * rerender_report_pdfs', '5 7 * * * flag_overdue_information_returns', '30 7 * * 1-5 daily_inspection_summary'].join('\n');
}
