/**
 * A minimal `COPY ... FROM STDIN` for node-postgres (pg-copy-streams is not a dependency):
 * a Submittable that streams a buffer once the server asks for copy data.
 */
import type pg from 'pg';

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

export function copyFrom(client: pg.Client | pg.PoolClient, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    const submittable = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        const size = 1 << 20;
        for (let i = 0; i < data.length; i += size) connection.sendCopyFromChunk(data.subarray(i, i + size));
        connection.endCopyFrom();
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (error) reject(error);
        else resolve();
      },
      handleError(e: Error) {
        error = e;
      },
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}
