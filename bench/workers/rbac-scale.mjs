// RBAC at scale: a role-assignment check and a scope listing with N assignments stored, for each
// N given. The store is seeded directly through @azmi/rbac's AssignmentIndex (no HTTP), and the
// probe principal and probe scope hold the same few assignments whatever N is: any growth of
// the cost with N is the index's fault.
import { importFromEmulator } from "../lib/workspace.mjs";
import { time } from "./timing.mjs";

const sizes = process.argv.slice(2).map(Number);
const { MemoryStore, parseResourceId } = await importFromEmulator("@azmi/arm-core");
const { AssignmentIndex, createRbac } = await importFromEmulator("@azmi/rbac");

const SUB = "00000000-0000-0000-0000-000000000000";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const PROBE_PRINCIPAL = "99999999-0000-0000-0000-000000000001";
const probeGroup = `/subscriptions/${SUB}/resourceGroups/probe-rg`;
const probeResource = `${probeGroup}/providers/Microsoft.Storage/storageAccounts/probesa`;

function guid(n, salt) {
  const hex = (n.toString(16) + salt).padStart(32, "0").slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function assignment(name, scope, principalId, role) {
  return {
    name,
    scope,
    scopeKey: parseResourceId(scope).key,
    roleDefinitionGuid: role,
    principalId,
    principalType: "ServicePrincipal",
    description: null,
    condition: null,
    conditionVersion: null,
    delegatedManagedIdentityResourceId: null,
    createdOn: "2026-01-01T00:00:00.000Z",
    updatedOn: "2026-01-01T00:00:00.000Z",
    createdBy: null,
    updatedBy: null,
  };
}

const results = [];
for (const size of sizes) {
  const store = new MemoryStore();
  const index = new AssignmentIndex(store);
  const seedStart = performance.now();
  // The probe: 3 assignments at the subscription, 5 at its group, 10 at its resource.
  const probes = [
    ...Array.from({ length: 3 }, (_, i) => [`/subscriptions/${SUB}`, i]),
    ...Array.from({ length: 5 }, (_, i) => [probeGroup, i + 3]),
    ...Array.from({ length: 10 }, (_, i) => [probeResource, i + 8]),
  ];
  for (const [scope, i] of probes) index.put(assignment(guid(i, "ab"), scope, i === 0 ? PROBE_PRINCIPAL : guid(i, "cd"), i === 0 ? READER : CONTRIBUTOR));
  index.put(assignment(guid(99, "ab"), probeResource, PROBE_PRINCIPAL, CONTRIBUTOR));
  // Everything else: resources in 1,000 other groups (one in ten at the group itself), each to its own principal.
  for (let i = probes.length + 1; i < size; i++) {
    const group = `/subscriptions/${SUB}/resourceGroups/rg-${i % 1000}`;
    const scope = i % 10 === 0 ? group : `${group}/providers/Microsoft.Storage/storageAccounts/sa${i}`;
    index.put(assignment(guid(i, "ef"), scope, guid(i, "12"), i % 2 === 0 ? READER : CONTRIBUTOR));
  }
  const seedMs = performance.now() - seedStart;
  const rbac = createRbac({ store, tenantId: SUB, scopeExists: () => true, findPrincipal: () => undefined });
  const scope = parseResourceId(probeResource);
  const listed = rbac.assignments.list(scope);
  if (listed.length !== probes.length + 1) throw new Error(`listing found ${listed.length}, expected ${probes.length + 1}`);
  const decision = rbac.evaluator.check({ principalId: PROBE_PRINCIPAL, operation: "Microsoft.Storage/storageAccounts/write", scope });
  if (!decision.allowed) throw new Error("the probe principal should be allowed");
  const check = time(() => rbac.evaluator.check({ principalId: PROBE_PRINCIPAL, operation: "Microsoft.Storage/storageAccounts/write", scope }), {
    iterations: 2000,
  });
  const listing = time(() => rbac.assignments.list(scope), { iterations: 1000 });
  results.push({ assignments: store.count("rbac.roleAssignments"), seedSeconds: Math.round(seedMs / 100) / 10, check, listing });
}
console.log(JSON.stringify(results));
