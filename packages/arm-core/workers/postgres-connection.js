/**
 * The PostgreSQL connection of one PostgresStore, in a worker thread. The store's interface is
 * synchronous (a request's whole change commits before it is answered, and every package calls
 * the store without awaiting), while node-postgres is asynchronous: the store posts each batch
 * of statements here and sleeps on a shared counter (Atomics.wait) until this worker has run
 * them and posted the rows back. Plain JavaScript so that the same file serves the sources
 * (vitest) and the build.
 *
 * One connection, used in order: the store is blocked while a batch runs, so batches never
 * interleave and a transaction is simply BEGIN ... COMMIT on this connection. A connection lost
 * inside a transaction fails every batch until the store ends the transaction (the server has
 * rolled it back); outside one, the next batch connects again.
 */
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";

/** @type {{ url: string, port: import("node:worker_threads").MessagePort, signal: Int32Array, connectTimeoutMs: number, queryTimeoutMs: number }} */
const { url, port, signal, connectTimeoutMs, queryTimeoutMs } = workerData;

/** After a failed connection attempt, batches fail at once for this long instead of each waiting for a connect. */
const RETRY_PAUSE_MS = 500;

/** @type {pg.Client | undefined} */
let client;
let inTransaction = false;
let lastFailureAt = 0;
let lastFailure = "";

class Unavailable extends Error {}

async function connect() {
  const c = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
    application_name: "azmi",
    keepAlive: true,
  });
  // A connection that breaks while idle: forget it, the next batch connects again.
  c.on("error", () => drop(c));
  c.on("end", () => drop(c));
  await c.connect();
  return c;
}

const dropped = new WeakSet();

/** @param {pg.Client} c */
function drop(c) {
  if (client === c) client = undefined;
  if (dropped.has(c)) return;
  dropped.add(c);
  c.end().catch(() => {});
}

/** Errors that say the database is out of reach (not that a statement is wrong). */
function isUnavailable(error) {
  const code = error?.code;
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return true;
  // 08: connection exception; 57P: admin shutdown, crash shutdown, cannot connect now; 53: out of resources;
  // 40001/40P01: serialization failure or deadlock (retrying the request is the cure).
  return /^(08|57P|53)/.test(code) || code === "40001" || code === "40P01";
}

function describe(error) {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Unavailable || isUnavailable(error)) return { kind: "unavailable", message };
  return { kind: "sql", message, code: error.code, constraint: error.constraint };
}

/** @param {{ statements: Array<{ name?: string, text: string, values?: unknown[] }>, begins?: boolean, ends?: boolean }} batch */
async function run(batch) {
  if (client === undefined) {
    if (inTransaction) {
      if (batch.ends) {
        inTransaction = false;
        // Ending a transaction whose connection is gone: the server rolled it back already.
        if (batch.statements.every((s) => s.text === "ROLLBACK")) return batch.statements.map(() => []);
      }
      throw new Unavailable("the connection to PostgreSQL was lost during a transaction; it was rolled back");
    }
    if (Date.now() - lastFailureAt < RETRY_PAUSE_MS) throw new Unavailable(lastFailure);
    try {
      client = await connect();
    } catch (error) {
      lastFailureAt = Date.now();
      lastFailure = `PostgreSQL cannot be reached: ${error instanceof Error ? error.message : String(error)}`;
      throw new Unavailable(lastFailure);
    }
  }
  const c = client;
  if (batch.begins) inTransaction = true;
  try {
    const rows = [];
    for (const statement of batch.statements) rows.push((await c.query(statement)).rows);
    if (batch.ends) inTransaction = false;
    return rows;
  } catch (error) {
    // A failed COMMIT or ROLLBACK still ends the transaction (the server rolls it back).
    if (batch.ends) inTransaction = false;
    if (isUnavailable(error)) drop(c);
    throw error;
  }
}

let queue = Promise.resolve();
port.on("message", (batch) => {
  queue = queue.then(async () => {
    let reply;
    try {
      reply = { id: batch.id, ok: true, rows: await run(batch) };
    } catch (error) {
      reply = { id: batch.id, ok: false, error: describe(error) };
    }
    port.postMessage(reply);
    Atomics.store(signal, 0, batch.id);
    Atomics.notify(signal, 0);
  });
});

/** Start-up (asynchronous, through parentPort): wait for the database, at most `waitMs`. */
parentPort.on("message", async (message) => {
  if (message.op === "open") {
    const deadline = Date.now() + message.waitMs;
    for (let attempt = 1; ; attempt++) {
      try {
        client = await connect();
        parentPort.postMessage({ op: "open", ok: true });
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (Date.now() >= deadline || !isUnavailable(error)) {
          parentPort.postMessage({ op: "open", ok: false, message: reason });
          return;
        }
        parentPort.postMessage({ op: "log", message: `waiting for PostgreSQL (attempt ${attempt}): ${reason}` });
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt)));
      }
    }
  } else if (message.op === "close") {
    await client?.end().catch(() => {});
    client = undefined;
    parentPort.postMessage({ op: "close", ok: true });
  }
});
