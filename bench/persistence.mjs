// Persistence cost: the same writes (PUT of new user-assigned identities, each committing the
// identity, its binding and its service principal in one transaction) against azmi in memory
// and azmi on a data dir (SQLite, WAL), same load generator, same run.
import { randomUUID } from "node:crypto";
import { measure } from "./lib/load.mjs";
import { startAzmi } from "./lib/processes.mjs";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench-writes";

export async function measurePersistence({ writes, connections, warmupSeconds }) {
  const out = {};
  for (const [mode, dataDir] of [
    ["memory", undefined],
    ["sqlite", true],
  ]) {
    const azmi = await startAzmi({ dataDir });
    try {
      const rg = await fetch(`${azmi.base}${RG}?api-version=2021-04-01`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: '{"location":"westeurope"}',
      });
      if (rg.status >= 300) throw new Error(`resource group: ${rg.status}`);
      const result = await measure({
        url: `${azmi.base}/`,
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: '{"location":"westeurope","tags":{"team":"bench"}}',
        setupRequest: (req) => ({ ...req, path: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${randomUUID()}?api-version=2023-01-31` }),
        connections,
        amount: writes,
        warmupSeconds,
      });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${mode} writes: ${result.non2xx} non-2xx, ${result.errors} errors`);
      out[mode] = result;
    } finally {
      await azmi.stop();
    }
  }
  out.writes = writes;
  out.sqliteOverMemory = Math.round((out.sqlite.rps / out.memory.rps) * 100) / 100;
  return out;
}
