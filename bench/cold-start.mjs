// Cold start: from spawning `azmi start` to the first answered request, median of several starts,
// next to the same measure for a bare node:http hello-world (the floor node itself sets).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer } from "./lib/processes.mjs";
import { cli, root } from "./lib/workspace.mjs";
import { round } from "./lib/load.mjs";

const PATH = "/subscriptions?api-version=2022-12-01";

function get(url, secure) {
  return new Promise((resolve, reject) => {
    const send = secure ? httpsRequest : httpRequest;
    const req = send(url, { agent: false, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

async function startToFirstAnswer(args, { secure = false } = {}) {
  const t0 = performance.now();
  const server = await spawnServer(args);
  try {
    const status = await get(`${secure ? "https" : "http"}://127.0.0.1:${server.port}${PATH}`, secure);
    if (status >= 500) throw new Error(`first request answered ${status}`);
    return performance.now() - t0;
  } finally {
    await server.stop();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function measureColdStart({ runs, variants = true }) {
  const dir = mkdtempSync(join(tmpdir(), "azmi-bench-cold-"));
  const hello = join(dir, "hello.mjs");
  writeFileSync(
    hello,
    `import http from "node:http";\nconst s = http.createServer((q, r) => r.end("hi")).listen(0, "127.0.0.1", () => console.log("ready at http://127.0.0.1:" + s.address().port + " "));\n`,
  );
  const dataDir = join(dir, "data");
  // `pnpm azmi start` runs scripts/azmi.cjs (a freshness check, then the bundled CLI); the `azmi`
  // bin and the e2e kit run dist/cli.js as tsc built it.
  const azmi = join(root, "scripts", "azmi.cjs");
  try {
    // The first start on a data dir makes its CA and state file (and, here, a fresh bundle);
    // starts after that are the usual case.
    await startToFirstAnswer([azmi, "start", "--port", "0", "--data-dir", dataDir]);
    const samples = { dataDir: [], unbundled: [], inMemory: [], https: [], node: [] };
    // Interleaved, so that a burst of load elsewhere on the machine hits every series alike.
    for (let i = 0; i < runs; i++) {
      samples.node.push(await startToFirstAnswer([hello]));
      samples.dataDir.push(await startToFirstAnswer([azmi, "start", "--port", "0", "--data-dir", dataDir]));
      if (!variants) continue;
      samples.unbundled.push(await startToFirstAnswer([cli, "start", "--port", "0", "--data-dir", dataDir]));
      samples.inMemory.push(await startToFirstAnswer([azmi, "start", "--port", "0", "--in-memory"]));
      samples.https.push(await startToFirstAnswer([azmi, "start", "--port", "0", "--data-dir", dataDir], { secure: true }));
    }
    return {
      coldStartMs: round(median(samples.dataDir)),
      ...(variants
        ? {
            coldStartUnbundledMs: round(median(samples.unbundled)),
            coldStartInMemoryMs: round(median(samples.inMemory)),
            coldStartHttpsMs: round(median(samples.https)),
          }
        : {}),
      nodeHelloColdStartMs: round(median(samples.node)),
      runs,
      samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x))])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
