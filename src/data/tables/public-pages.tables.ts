import type { Generated } from 'kysely';

export interface PublicPageGenerationTable {
  id: Generated<number>;
  /** bigint: pg returns it as a string. */
  generation: string;
  changed_at: Generated<Date>;
}

export interface PublicPagesTables {
  public_page_generation: PublicPageGenerationTable;
}
