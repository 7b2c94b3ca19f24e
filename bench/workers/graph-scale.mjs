// Graph $filter over N service principals, timed at the engine: the query Graph's route runs
// (queryCollection over the directory source), without HTTP. The SPs are the managed-identity
// principals @azmi/identity provisions, in an in-memory store.
import { randomUUID } from "node:crypto";
import { importEmulatorDist, importFromEmulator } from "../lib/workspace.mjs";
import { time } from "./timing.mjs";

const count = Number(process.argv[2]);
const iterations = Number(process.argv[3] ?? 20);
const { MemoryStore } = await importFromEmulator("@azmi/arm-core");
const { Directory } = await importFromEmulator("@azmi/identity");
const { queryCollection } = await importFromEmulator("@azmi/graph-odata");
const { directorySource } = await importEmulatorDist("graph/entity-sets.js");
const { servicePrincipals } = await importEmulatorDist("graph/service-principals.js");

const TENANT = "00000000-0000-0000-0000-000000000000";
const directory = new Directory(new MemoryStore());
let someAppId = "";
for (let i = 0; i < count; i++) {
  const clientId = randomUUID();
  if (i === count >> 1) someAppId = clientId;
  directory.servicePrincipals.provisionManagedIdentity({
    principalId: randomUUID(),
    clientId,
    tenantId: TENANT,
    displayName: `identity-${i}`,
    resourceId: `/subscriptions/${TENANT}/resourceGroups/rg-${i % 100}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${i}`,
    explicit: true,
  });
}

function query(filter) {
  return queryCollection({
    items: directorySource(directory, servicePrincipals.kind),
    params: [["$filter", filter]],
    schema: servicePrincipals.schema,
    serviceRoot: "https://graph.microsoft.com/v1.0",
    entitySet: servicePrincipals.name,
  });
}

const queries = {
  // The directory's ordered displayName index answers these two (a prefix seek, an exact seek).
  startswith: `startswith(displayName,'identity-4242')`,
  displayNameEq: `displayName eq 'identity-${count - 1}'`,
  // The appId index answers this one.
  appIdEq: `appId eq '${someAppId}'`,
  // No index answers an `or`: every principal is looked at.
  scan: `displayName eq 'identity-4242' or appId eq '${someAppId}'`,
};
const out = { servicePrincipals: directory.count("servicePrincipal") };
for (const [name, filter] of Object.entries(queries)) {
  if (query(filter).value.length === 0) throw new Error(`${name} found nothing`);
  out[name] = time(() => query(filter), { iterations, warmup: Math.min(3, iterations) });
}
console.log(JSON.stringify(out));
