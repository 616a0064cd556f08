import type { Task, TaskList } from 'graphile-worker';
import type { WorkerDeps } from '../worker.js';
import { sendEmailTask } from './send-email.task.js';
import { expireUploadsTask } from './expire-uploads.task.js';

/** Each task lives in its own *.task.ts file and is listed here. */
export function buildTaskList(deps: WorkerDeps): TaskList {
  const tasks: Record<string, Task> = {};
  tasks['send_email'] = sendEmailTask(deps);
  tasks['expire_uploads'] = expireUploadsTask(deps);
  return tasks;
}

/** Crontab lines for reminders and deadlines (graphile-worker syntax). */
export function crontab(): string {
  return ['15 3 * * * expire_uploads'].join('\n');
}
