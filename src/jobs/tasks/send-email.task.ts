/** send_email { id }: delivers one outbox email over SMTP (queued by queueEmail when SMTP_URL is set). */
import type { Task } from 'graphile-worker';
import nodemailer from 'nodemailer';
import { deliverQueuedEmail } from '../../services/mail.service.js';
import type { WorkerDeps } from '../worker.js';

export function sendEmailTask(deps: WorkerDeps): Task {
  let transport: nodemailer.Transporter | undefined;
  return async (payload, helpers) => {
    const id = Number((payload as { id?: unknown } | null)?.id);
    if (!Number.isInteger(id) || id < 1) {
      helpers.logger.error(`send_email: bad payload ${JSON.stringify(payload)}`);
      return;
    }
    if (!deps.config.smtpUrl) throw new Error('send_email needs SMTP_URL');
    transport ??= nodemailer.createTransport(deps.config.smtpUrl);
    const outcome = await deliverQueuedEmail(
      deps.db,
      id,
      async (m) => {
        await transport!.sendMail({ from: deps.config.mailFrom, to: m.to, subject: m.subject, text: m.text });
      },
      () => new Date(),
      { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts },
    );
    helpers.logger.info(`send_email ${id}: ${outcome}`);
  };
}
