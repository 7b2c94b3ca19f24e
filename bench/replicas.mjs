// Replicas: GET userAssignedIdentity on PostgreSQL through one azmi, then through two azmi
// replicas behind the test kit's balancer (what a second core buys), and identity PUTs on
// PostgreSQL against the same PUTs on SQLite. A throw-away PostgreSQL server is started for it
// (scripts/local-postgres.mjs); without PostgreSQL the section says why and measures nothing.
import { randomUUID } from "node:crypto";
import { measure, round } from "./lib/load.mjs";
import { spawnServer, startAzmi } from "./lib/processes.mjs";
import { cli, importEmulatorDist, root } from "./lib/workspace.mjs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

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
  const { startBalancer } = await importEmulatorDist("testing/balancer.js");
  const stops = [];
  try {
    const reads = createDatabase(postgres.url, "bench_reads");
    const replica = () => spawnServer([cli, "start", "--port", "0", "--store", reads]);
    const a = await replica();
    stops.push(() => a.stop());
    await put(a.base, `${RG}?api-version=2021-04-01`);
    await put(a.base, IDENTITY);
    const one = await measure({ url: `${a.base}${IDENTITY}`, seconds, warmupSeconds, connections });
    const b = await replica();
    stops.push(() => b.stop());
    const lb = await startBalancer([a.port, b.port]);
    stops.push(() => lb.stop());
    const two = await measure({ url: `${lb.proxyUrl}${IDENTITY}`, seconds, warmupSeconds, connections });
    for (const stop of stops.splice(0).reverse()) await stop();

    const writer = await spawnServer([cli, "start", "--port", "0", "--store", createDatabase(postgres.url, "bench_writes")]);
    stops.push(() => writer.stop());
    const postgresPuts = await identityPuts(writer.base, { writes, connections, warmupSeconds });
    for (const stop of stops.splice(0).reverse()) await stop();
    const sqlite = await startAzmi({ dataDir: true });
    stops.push(() => sqlite.stop());
    const sqlitePuts = await identityPuts(sqlite.base, { writes, connections, warmupSeconds });
    return {
      getIdentity: { oneReplica: one, twoReplicas: two, twoOverOne: round(two.rps / one.rps, 2) },
      putIdentity: { postgres: postgresPuts, sqlite: sqlitePuts, postgresOverSqlite: round(postgresPuts.rps / sqlitePuts.rps, 2), writes },
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    postgres.stop();
  }
}
