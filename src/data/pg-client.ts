import pg from 'pg';

/** One short-lived client for a few statements (set-up, roles, backup checks); closed whatever happens. */
export async function withClient<T>(connection: string | pg.ClientConfig, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(typeof connection === 'string' ? { connectionString: connection } : connection);
  // A server that goes away between statements (a stop, a restart) is met by the next statement's
  // own failure; unheard, the client's 'error' event would crash the process instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
