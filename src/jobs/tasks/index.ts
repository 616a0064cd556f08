import type { Task, TaskList } from 'graphile-worker';
import type { WorkerDeps } from '../worker.js';

/** Each task lives in its own *.task.ts file and is listed here. */
export function buildTaskList(_deps: WorkerDeps): TaskList {
  const tasks: Record<string, Task> = {};
  return tasks;
}

/** Crontab lines for reminders and deadlines (graphile-worker syntax). */
export function crontab(): string {
  return '';
}
