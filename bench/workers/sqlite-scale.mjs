// azmi on SQLite as the directory grows: for each N given, N user-assigned identities (each with
// its binding and service principal, made through @azmi/identity as a PUT makes them) in a fresh
// data dir, then, in the same process: resident memory, GET identity (a random one of the N each
// time, so the store's bounded caches do not hide the database), a role-assignment check of a
// probe principal at its identity, and a Graph `appId eq` $filter (an indexed property) for a
// random identity's appId. Then the store is closed and azmi itself is started on that data dir
// (`azmi start`, a process of its own, as a user runs it): GET identity over HTTP, one request at
// a time, a random identity each time, and that server's resident memory. What must stay flat as
// N grows: memory and each operation's cost.
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processRssMb } from "../lib/load.mjs";
import { spawnServer } from "../lib/processes.mjs";
import { cli, importEmulatorDist, importFromEmulator } from "../lib/workspace.mjs";
import { time, timeAsync } from "./timing.mjs";

const sizes = process.argv.slice(2).map(Number);
const { createServices, defaultConfig } = await importEmulatorDist("index.js");
const { directorySource } = await importEmulatorDist("graph/entity-sets.js");
const { servicePrincipals } = await importEmulatorDist("graph/service-principals.js");
const { parseResourceId } = await importFromEmulator("@azmi/arm-core");
const { AssignmentIndex } = await importFromEmulator("@azmi/rbac");
const { queryCollection } = await importFromEmulator("@azmi/graph-odata");

const SUB = "00000000-0000-0000-0000-000000000000";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const GROUPS = 100;
const BATCH = 1_000;
const mb = (bytes) => Math.round(bytes / 1024 / 1024);
/** GET identity through `azmi start` on the data dir: its latency, one request at a time, and the server's RSS after. */
async function getOverHttp(dir, pathOf) {
  const server = await spawnServer([cli, "start", "--port", "0", "--data-dir", dir]);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      const path = pathOf();
      httpGet(`${server.base}${path}`, { agent }, (res) => {
        res.resume();
        res.once("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET ${path}: ${res.statusCode}`))));
      }).once("error", reject);
    });
  try {
    const timing = await timeAsync(get, { iterations: 2000 });
    return { ...timing, serverRssMb: processRssMb(server.pid) };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

const identityId = (i) => `/subscriptions/${SUB}/resourceGroups/rg-${i % GROUPS}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${i}`;

const results = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "azmi-bench-scale-"));
  const services = createServices(defaultConfig({ dataDir: dir }));
  try {
    for (let g = 0; g < GROUPS; g++) {
      const id = `/subscriptions/${SUB}/resourceGroups/rg-${g}`;
      services.resourceGroups.put(parseResourceId(id), {
        id,
        name: `rg-${g}`,
        type: "Microsoft.Resources/resourceGroups",
        location: "westeurope",
        properties: { provisioningState: "Succeeded" },
      });
    }
    const options = { apiVersion: "2023-01-31", actor: { id: "bench", type: "Application" } };
    const seedStart = performance.now();
    // A thousand identities per transaction: seeding 1M one commit each would take most of an hour.
    for (let first = 0; first < size; first += BATCH) {
      services.store.transaction(() => {
        for (let i = first; i < Math.min(size, first + BATCH); i++)
          services.identities.userAssigned.createOrUpdate(parseResourceId(identityId(i)), { location: "westeurope", tags: { team: "bench" } }, options);
      });
    }
    const seedSeconds = Math.round((performance.now() - seedStart) / 100) / 10;
    const random = () => Math.floor(Math.random() * size);
    const probe = services.identities.userAssigned.get(parseResourceId(identityId(size >> 1)));
    const probeScope = parseResourceId(identityId(size >> 1));
    new AssignmentIndex(services.store).put({
      name: "11111111-2222-4333-8444-555555555555",
      scope: identityId(size >> 1),
      scopeKey: probeScope.key,
      roleDefinitionGuid: READER,
      principalId: probe.properties.principalId,
      principalType: "ServicePrincipal",
      description: null,
      condition: null,
      conditionVersion: null,
      delegatedManagedIdentityResourceId: null,
      createdOn: "2026-01-01T00:00:00.000Z",
      updatedOn: "2026-01-01T00:00:00.000Z",
      createdBy: null,
      updatedBy: null,
    });
    const check = () =>
      services.rbac.evaluator.check({
        principalId: probe.properties.principalId,
        operation: "Microsoft.ManagedIdentity/userAssignedIdentities/read",
        scope: probeScope,
      });
    if (!check().allowed) throw new Error("the probe principal should be allowed");
    const appIds = Array.from({ length: 200 }, () => services.identities.userAssigned.get(parseResourceId(identityId(random()))).properties.clientId);
    const filter = (i) => {
      const found = queryCollection({
        items: directorySource(services.directory, servicePrincipals.kind),
        params: [["$filter", `appId eq '${appIds[i % appIds.length]}'`]],
        schema: servicePrincipals.schema,
        serviceRoot: "https://graph.microsoft.com/v1.0",
        entitySet: servicePrincipals.name,
      });
      if (found.value.length !== 1) throw new Error("$filter appId eq found nothing");
    };
    const out = {
      identities: size,
      seedSeconds,
      getIdentity: time(() => services.identities.userAssigned.get(parseResourceId(identityId(random()))), { iterations: 2000 }),
      roleAssignmentCheck: time(check, { iterations: 2000 }),
      graphFilterAppId: time(filter, { iterations: 1000 }),
    };
    globalThis.gc?.();
    out.rssMb = mb(process.memoryUsage().rss);
    out.heapMb = mb(process.memoryUsage().heapUsed);
    services.store.close();
    out.getIdentityRequest = await getOverHttp(dir, () => `${identityId(random())}?api-version=2023-01-31`);
    results.push(out);
  } finally {
    services.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(JSON.stringify(results));
