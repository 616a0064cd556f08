import { sql, type Kysely } from 'kysely';

/**
 * Files attached to factual accuracy comments (issue #7: "factual inaccuracy behind a judgement,
 * with evidence attached"). The bytes live in the file store under UPLOAD_DIR; a row is written
 * only after its file is on disk, and a draft comment's files go with it. Never public, so no
 * public-page trigger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fa_comment_files (
      id uuid primary key default gen_random_uuid(),
      comment_id uuid not null references fa_comments(id) on delete cascade,
      filename text not null,
      content_type text not null,
      size_bytes bigint not null check (size_bytes > 0),
      sha256 text not null,
      storage_key text not null unique,
      uploaded_by uuid references users(id),
      uploaded_at timestamptz not null
    )`.execute(db);
  await sql`create index fa_comment_files_comment on fa_comment_files (comment_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists fa_comment_files`.execute(db);
}
