import type { Generated } from 'kysely';

export interface PublicPageGenerationTable {
  id: Generated<number>;
  /** bigint: pg returns it as a string. */
  generation: string;
  changed_at: Generated<Date>;
}

/** Transactions that changed public data and will move the generation at commit (20261205T1410). */
export interface PublicPageGenerationPendingTable {
  txid: string;
}

export interface PublicPagesTables {
  public_page_generation: PublicPageGenerationTable;
  public_page_generation_pending: PublicPageGenerationPendingTable;
}
