/** Messages to an inspection's organisation contacts: an email each, and an in-app notice for those with an account. */
import type { Trx } from '../../data/database.js';
import type { ServiceContext } from '../context.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';

export interface ContactMessage {
  /** Email subject and notice title. */
  title: string;
  /** The notice text (short). */
  summary: string;
  /** The email text after "Dear <name>," (defaults to the summary). */
  emailBody?: string;
  /** Local path the notice links to; the email gets the absolute URL. */
  link: string;
  signOff?: string;
}

export async function messageContacts(trx: Trx, ctx: Pick<ServiceContext, 'config'>, inspectionId: string, message: ContactMessage): Promise<string[]> {
  const contacts = await trx.selectFrom('inspection_contacts').selectAll().where('inspection_id', '=', inspectionId).orderBy('position').execute();
  for (const c of contacts) {
    const text = `Dear ${c.name},\n\n${message.emailBody ?? message.summary}\n\nSee the inspection: ${ctx.config.baseUrl}${message.link}\n${message.signOff ? `\n${message.signOff}\n` : ''}`;
    await queueEmail(trx, ctx, { to: c.email, subject: message.title, text });
    if (c.user_id) await notify(trx, { userId: c.user_id, title: message.title, body: message.summary, link: message.link });
  }
  return contacts.map((c) => c.name);
}
