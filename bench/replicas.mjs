// Replicas: GET userAssignedIdentity on PostgreSQL through one azmi directly, then through the
// test kit's balancer in front of one replica and in front of two (what a second replica buys,
// the balancer's hop in both), and identity PUTs on PostgreSQL against the same PUTs on SQLite. The
// balancer runs in a process of its own, as a real one does (bench/lib/balancer-process.mjs): in
// the bench's process it would share one thread with the load generator. A throw-away PostgreSQL
// server is started for it (scripts/local-postgres.mjs); without PostgreSQL the section says why
// and measures nothing.
import { randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { measure, round } from "./lib/load.mjs";
import { spawnServer, startAzmi } from "./lib/processes.mjs";
import { cli, root } from "./lib/workspace.mjs";
import { dirname, join } from "node:path";

const balancer = join(dirname(fileURLToPath(import.meta.url)), "lib", "balancer-process.mjs");
const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench-replicas";
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/bench-identity?api-version=2023-01-31`;

async function put(base, path) {
  const answer = await fetch(`${base}${path}`, { method: "PUT", headers: { "content-type": "application/json" }, body: '{"location":"westeurope"}' });
  if (answer.status >= 300) throw new Error(`PUT ${path}: ${answer.status}`);
}

async function identityPuts(base, { writes, connections, warmupSeconds }) {
  await put(base, `${RG}?api-version=2021-04-01`);
  const result = await measure({
    url: `${base}/`,
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: '{"location":"westeurope","tags":{"team":"bench"}}',
    setupRequest: (req) => ({ ...req, path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${randomUUID()}?api-version=2023-01-31` }),
    connections,
    amount: writes,
    warmupSeconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`identity PUTs: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

export async function measureReplicas({ seconds, warmupSeconds, connections, writes }) {
  const { startLocalPostgres, createDatabase } = await import(pathToFileURL(join(root, "scripts", "local-postgres.mjs")).href);
  const postgres = await startLocalPostgres({ own: true });
  if ("skipped" in postgres) return { skipped: postgres.skipped };
  const stops = [];
  try {
    const reads = createDatabase(postgres.url, "bench_reads");
    const replica = () => spawnServer([cli, "start", "--port", "0", "--store", reads]);
    const balancing = (...replicas) => spawnServer([balancer, ...replicas.map((r) => String(r.port))]);
    const a = await replica();
    stops.push(() => a.stop());
    await put(a.base, `${RG}?api-version=2021-04-01`);
    await put(a.base, IDENTITY);
    const direct = await measure({ url: `${a.base}${IDENTITY}`, seconds, warmupSeconds, connections });
    const lb1 = await balancing(a);
    stops.push(() => lb1.stop());
    const one = await measure({ url: `${lb1.base}${IDENTITY}`, seconds, warmupSeconds, connections });
    const b = await replica();
    stops.push(() => b.stop());
    const lb2 = await balancing(a, b);
    stops.push(() => lb2.stop());
    const two = await measure({ url: `${lb2.base}${IDENTITY}`, seconds, warmupSeconds, connections });
    for (const stop of stops.splice(0).reverse()) await stop();

    const writer = await spawnServer([cli, "start", "--port", "0", "--store", createDatabase(postgres.url, "bench_writes")]);
    stops.push(() => writer.stop());
    const postgresPuts = await identityPuts(writer.base, { writes, connections, warmupSeconds });
    for (const stop of stops.splice(0).reverse()) await stop();
    const sqlite = await startAzmi({ dataDir: true });
    stops.push(() => sqlite.stop());
    const sqlitePuts = await identityPuts(sqlite.base, { writes, connections, warmupSeconds });
    return {
      getIdentity: { direct, oneReplica: one, twoReplicas: two, twoOverOne: round(two.rps / one.rps, 2), twoOverDirect: round(two.rps / direct.rps, 2) },
      putIdentity: { postgres: postgresPuts, sqlite: sqlitePuts, postgresOverSqlite: round(postgresPuts.rps / sqlitePuts.rps, 2), writes },
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    postgres.stop();
  }
}
