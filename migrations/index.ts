/**
 * Every migration, by name (timestamp first, so names sort in the order they run).
 * Listed statically so they load the same way under tsx, vitest and any bundler.
 * Add a line for each new migration file.
 */
import type { Migration } from 'kysely';
import * as foundation from './20261123T0100-foundation.js';
import * as mintedIds from './20261123T0110-minted-ids.js';
import * as people from './20261123T0200-people.js';
import * as register from './20261123T0300-register.js';
import * as inspections from './20261123T0400-inspections.js';

export const migrations: Record<string, Migration> = {
  '20261123T0100-foundation': foundation,
  '20261123T0110-minted-ids': mintedIds,
  '20261123T0200-people': people,
  '20261123T0300-register': register,
  '20261123T0400-inspections': inspections,
};
