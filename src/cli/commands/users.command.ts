/**
 * `inspectorate users create`: add a person to an organisation from the command line
 * (the first administrator of a new installation, or anyone else). Prints an invitation
 * link, or with --password-stdin sets their password so they can sign in straight away.
 */
import { Option, type Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../data/connect.js';
import { findOrganisationByAnyId } from '../../data/repositories/organisation.repository.js';
import { ROLES, type Role } from '../../domain/vocabulary/roles.js';
import { createLogger } from '../../logger.js';
import { newCorrelationId, systemActor, systemClock } from '../../services/context.js';
import { ValidationError } from '../../services/errors.js';
import { CliError } from '../cli-error.js';

interface CreateOptions {
  email: string;
  name: string;
  role: Role;
  organisation: string;
  orgAdmin?: boolean;
  jobTitle?: string;
  passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('--password-stdin reads the password from standard input: pipe it in, e.g. `printf %s "$PASSWORD" | inspectorate users create ... --password-stdin`', 2);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('People who use the service');
  users
    .command('create')
    .description('Add a person to an organisation. Prints their invitation link, or sets their password with --password-stdin.')
    .requiredOption('--email <email>', 'their email address (they sign in with it)')
    .requiredOption('--name <name>', 'their full name')
    .addOption(new Option('--role <role>', 'their role').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('--organisation <id>', 'their organisation: its uuid, CQC location or provider ID, ODS code or Inspectorate ID (e.g. E81006, RC9, INS-REG-000001)')
    .option('--org-admin', 'make them an organisation admin (provider and commissioner users only)')
    .option('--job-title <title>', 'their job title')
    .option('--password-stdin', 'read their password from standard input (12 characters or more) instead of emailing an invitation')
    .addHelpText('after', '\nExamples:\n  $ inspectorate users create --email ann@example.org --name "Ann Smith" --role administrator --organisation INS-REG-000001\n  $ printf %s "$PW" | inspectorate users create --email pm@example.org --name "Pat Moss" --role provider_user --organisation E81006 --org-admin --password-stdin')
    .action(async (opts: CreateOptions) => {
      const password = opts.passwordStdin ? await readStdin() : undefined;
      const config = loadConfig();
      const logger = createLogger(config.logLevel, 'stderr');
      const database = await openDatabase(config);
      try {
        await database.migrate();
        const organisation = await findOrganisationByAnyId(database.db, opts.organisation);
        if (!organisation) throw new CliError(`--organisation: no organisation has the ID "${opts.organisation}"`, 2);
        const ctx = { db: database.db, actor: systemActor('cli:users-create'), correlationId: newCorrelationId(), clock: systemClock, config, logger };
        try {
          const { addPerson } = await import('../../services/users.service.js');
          const result = await addPerson(ctx, {
            organisationId: organisation.id,
            email: opts.email,
            name: opts.name,
            role: opts.role,
            jobTitle: opts.jobTitle,
            isOrgAdmin: Boolean(opts.orgAdmin),
            password,
          });
          process.stdout.write(`Added ${result.user.name} <${result.user.email}> as ${result.user.role}${result.user.is_org_admin ? ' (organisation admin)' : ''} to ${organisation.name}.\n`);
          if (result.invitationUrl) process.stdout.write(`Invitation link (works once, for 7 days; also in the outbox):\n${result.invitationUrl}\n`);
          else process.stdout.write('They can sign in now with the password given.\n');
        } catch (e) {
          if (e instanceof ValidationError) {
            const flag: Record<string, string> = { name: '--name', email: '--email', role: '--role', jobTitle: '--job-title', isOrgAdmin: '--org-admin', password: 'password', confirmPassword: 'password' };
            throw new CliError(e.fields.map((f) => `${flag[f.field] ?? f.field}: ${f.message}`).join('; '), 2);
          }
          throw e;
        }
      } finally {
        await database.shutdown();
      }
    });
}
