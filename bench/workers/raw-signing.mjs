// Baseline for token issuance: the same claims signed with the same key, in a process of its
// own, with no HTTP, no parsing, no routing: signing only. Three ways, and the fastest counts:
// jose (WebCrypto, async, on libuv's pool), node:crypto's one-shot sign in the main thread, and
// the same one-shot sign on libuv's pool (its callback form, what azmi does); the async ways
// keep as many signatures in flight as the load generator keeps requests in flight.
import { createPrivateKey, sign } from "node:crypto";
import { importFromEmulator } from "../lib/workspace.mjs";

const [seconds, inFlight, warmupSeconds] = process.argv.slice(2).map(Number);
const { importPKCS8, SignJWT } = await importFromEmulator("jose");
const { appTokenClaims } = await importFromEmulator("@azmi/identity");
const pem = process.env.AZMI_BENCH_SIGNING_KEY;
const joseKey = await importPKCS8(pem, "RS256");
const keyObject = createPrivateKey(pem);
const TENANT = "00000000-0000-0000-0000-000000000000";
const header = { typ: "JWT", alg: "RS256", x5t: "bench", kid: "bench" };
const claims = () => appTokenClaims({ tenantId: TENANT, clientId: "22222222-2222-2222-2222-222222222222", audience: "https://management.azure.com/" });

const ways = {
  jose: () => new SignJWT(claims()).setProtectedHeader(header).sign(joseKey),
  nodeCrypto: async () => {
    const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}`;
    return `${input}.${sign("sha256", Buffer.from(input), keyObject).toString("base64url")}`;
  },
  nodeCryptoPool: async () => {
    const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}`;
    const signature = await new Promise((resolve, reject) =>
      sign("sha256", Buffer.from(input), keyObject, (error, sig) => (error ? reject(error) : resolve(sig))),
    );
    return `${input}.${signature.toString("base64url")}`;
  },
};

async function run(signOne, ms) {
  const until = performance.now() + ms;
  let done = 0;
  const lane = async () => {
    while (performance.now() < until) {
      await signOne();
      done++;
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  const cpu = process.cpuUsage(cpu0);
  // CPU of every thread of this process (the pool's too), per signature.
  return { rps: Math.round(done / ((performance.now() - t0) / 1000)), cpuMsPerSignature: Math.round(((cpu.user + cpu.system) / 1000 / done) * 1000) / 1000 };
}

const out = { inFlight };
for (const [name, signOne] of Object.entries(ways)) {
  if (warmupSeconds > 0) await run(signOne, warmupSeconds * 1000);
  out[name] = await run(signOne, (seconds * 1000) / Object.keys(ways).length);
}
const names = Object.keys(ways);
const best = names.reduce((a, b) => (out[b].rps > out[a].rps ? b : a));
console.log(JSON.stringify({ ...out, best, rps: out[best].rps, cpuMsPerSignature: Math.min(...names.map((n) => out[n].cpuMsPerSignature)) }));
