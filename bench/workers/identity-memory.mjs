// Resident memory per 100k user-assigned identities: each with its binding and its service
// principal, made through @azmi/identity as a PUT would, in azmi's in-memory store.
import { importEmulatorDist, importFromEmulator } from "../lib/workspace.mjs";

const count = Number(process.argv[2]);
const { createServices, defaultConfig } = await importEmulatorDist("index.js");
const { parseResourceId } = await importFromEmulator("@azmi/arm-core");

const SUB = "00000000-0000-0000-0000-000000000000";
const services = createServices(defaultConfig({ dataDir: undefined }));
const groups = 100;
for (let g = 0; g < groups; g++) {
  const id = `/subscriptions/${SUB}/resourceGroups/rg-${g}`;
  services.resourceGroups.put(parseResourceId(id), {
    id,
    name: `rg-${g}`,
    type: "Microsoft.Resources/resourceGroups",
    location: "westeurope",
    properties: { provisioningState: "Succeeded" },
  });
}
const settle = () => {
  for (let i = 0; i < 3; i++) globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};
const before = settle();
const options = { apiVersion: "2023-01-31", actor: { id: "bench", type: "Application" } };
for (let i = 0; i < count; i++) {
  const id = parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg-${i % groups}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${i}`);
  services.identities.userAssigned.createOrUpdate(id, { location: "westeurope", tags: { team: "bench" } }, options);
}
const after = settle();
// Microsoft's first-party principals (Graph, ARM ...) are in the directory too: count the identities' own.
const principals = services.store.findByIndex("directoryObjects", "kind", "serviceprincipal").filter((p) => p.value.servicePrincipalType === "ManagedIdentity");
if (principals.length !== count) throw new Error(`${principals.length} managed-identity service principals for ${count} identities`);
const per100k = (bytes) => Math.round(((bytes / count) * 100_000) / 1024 / 1024);
console.log(JSON.stringify({ identities: count, rssMbPer100k: per100k(after.rss - before.rss), heapMbPer100k: per100k(after.heap - before.heap) }));
