import type { Client } from "pg";

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY ... FROM STDIN` through a plain `pg` Client, as psql's `\copy` sends it: the whole text is sent as
 * copy data once the server asks for it. `pg` runs such a query object (a "submittable", the interface
 * pg-copy-streams uses) in its queue like any query. Resolves with the rows copied.
 */
export function copyFromStdin(client: Client, sql: string, data: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    const submittable = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        const buffer = typeof data === "string" ? Buffer.from(data) : data;
        // Chunks of 1 MB: the protocol caps one CopyData message well above that, and smaller ones keep memory flat.
        for (let at = 0; at < buffer.length; at += 1 << 20) connection.sendCopyFromChunk(buffer.subarray(at, at + (1 << 20)));
        connection.endCopyFrom();
      },
      handleCommandComplete(msg: { text?: string }) {
        rows = Number(/COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
      },
      // After an error pg drops the query: its ReadyForQuery never reaches this object.
      handleError(err: Error) {
        reject(err);
      },
      handleReadyForQuery() {
        resolve(rows);
      },
      handleEmptyQuery() {},
      handleRowDescription() {},
      handleDataRow() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    void (client as unknown as { query(q: unknown): unknown }).query(submittable);
  });
}
