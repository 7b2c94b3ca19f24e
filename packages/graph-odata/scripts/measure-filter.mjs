// Informal timing of $filter over 100k service-principal-shaped objects (not a test: no assertions).
// Run after building: node scripts/measure-filter.mjs
import { randomUUID } from "node:crypto";
import { compileFilter, parseFilter, queryCollection } from "../dist/index.js";

const n = 100_000;
const items = Array.from({ length: n }, (_, i) => {
  const appId = randomUUID();
  return {
    id: randomUUID(),
    appId,
    displayName: `identity-${i}`,
    servicePrincipalType: i % 3 === 0 ? "Application" : "ManagedIdentity",
    accountEnabled: true,
    servicePrincipalNames: [appId, `https://identity.azure.net/${i}`],
    alternativeNames: ["isExplicit=True", `/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identity-${i}`],
    tags: [],
  };
}).sort((a, b) => (a.id < b.id ? -1 : 1));
const target = items[54_321];
// The same objects re-allocated in id order (what a store that deserializes on read hands over):
// scans are bound by memory latency, so allocation order matters as much as the predicate.
const compact = JSON.parse(JSON.stringify(items));

// The same objects behind exact-match indexes, as a directory store would keep them.
const index = new Map();
const put = (property, value, item) => {
  const key = `${property}\u0000${String(value).toLowerCase()}`;
  const list = index.get(key) ?? [];
  list.push(item);
  index.set(key, list);
};
for (const item of items) {
  put("id", item.id, item);
  put("appId", item.appId, item);
  for (const name of item.servicePrincipalNames) put("servicePrincipalNames", name, item);
}
const indexed = {
  all: () => items,
  orderedById: true,
  lookup: (property, value) => (["id", "appId", "servicePrincipalNames"].includes(property) ? (index.get(`${property}\u0000${value}`) ?? []) : undefined),
};

const filters = [
  `servicePrincipalNames/any(c:c eq '${target.appId.toUpperCase()}')`,
  `startswith(displayName,'identity-9')`,
  `appId eq '${target.appId}'`,
  `servicePrincipalType eq 'ManagedIdentity' and accountEnabled eq true`,
  `id in ('${target.id}', '${items[1].id}')`,
];
for (const text of filters) {
  const { predicate } = compileFilter(parseFilter(text), { text });
  for (let w = 0; w < 20; w++) items.filter(predicate);
  const runs = 10;
  const t0 = performance.now();
  let hits = 0;
  for (let r = 0; r < runs; r++) hits = items.filter(predicate).length;
  const predicateMs = (performance.now() - t0) / runs;
  const t1 = performance.now();
  for (let r = 0; r < runs; r++) {
    queryCollection({ items, params: new URLSearchParams({ $filter: text }), serviceRoot: "https://graph.microsoft.com/v1.0", entitySet: "servicePrincipals" });
  }
  const queryMs = (performance.now() - t1) / runs;
  for (let w = 0; w < 5; w++) compact.filter(predicate);
  const t4 = performance.now();
  for (let r = 0; r < runs; r++) compact.filter(predicate);
  const compactMs = (performance.now() - t4) / runs;
  const t3 = performance.now();
  for (let r = 0; r < runs; r++) {
    queryCollection({
      items: indexed,
      params: new URLSearchParams({ $filter: text }),
      serviceRoot: "https://graph.microsoft.com/v1.0",
      entitySet: "servicePrincipals",
    });
  }
  const indexedMs = (performance.now() - t3) / runs;
  console.log(
    `${predicateMs.toFixed(1).padStart(6)} ms predicate (${compactMs.toFixed(1)} ms in id-ordered memory), ${queryMs.toFixed(1).padStart(6)} ms full query, ${indexedMs.toFixed(2).padStart(6)} ms with indexes, ${String(hits).padStart(6)} hits  ${text}`,
  );
}
const t2 = performance.now();
queryCollection({ items, params: new URLSearchParams(), serviceRoot: "https://graph.microsoft.com/v1.0", entitySet: "servicePrincipals" });
console.log(`${(performance.now() - t2).toFixed(1)} ms unfiltered first page over ${n}`);
