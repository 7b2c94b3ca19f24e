// Baseline for token issuance: the same claims signed with the same key by the same library
// (jose, RS256, WebCrypto), in a process of its own, with as many signatures in flight as the
// load generator keeps requests in flight. No HTTP, no parsing, no routing: signing only.
import { importFromEmulator } from "../lib/workspace.mjs";

const [seconds, inFlight, warmupSeconds] = process.argv.slice(2).map(Number);
const { importPKCS8, SignJWT } = await importFromEmulator("jose");
const { appTokenClaims } = await importFromEmulator("@azmi/identity");
const key = await importPKCS8(process.env.AZMI_BENCH_SIGNING_KEY, "RS256");
const TENANT = "00000000-0000-0000-0000-000000000000";

function signOne() {
  const claims = appTokenClaims({ tenantId: TENANT, clientId: "22222222-2222-2222-2222-222222222222", audience: "https://management.azure.com/" });
  return new SignJWT(claims).setProtectedHeader({ typ: "JWT", alg: "RS256", x5t: "bench", kid: "bench" }).sign(key);
}

async function run(ms) {
  const until = performance.now() + ms;
  let done = 0;
  const lane = async () => {
    while (performance.now() < until) {
      await signOne();
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return done / ((performance.now() - t0) / 1000);
}

if (warmupSeconds > 0) await run(warmupSeconds * 1000);
const rate = await run(seconds * 1000);
console.log(JSON.stringify({ rps: Math.round(rate), inFlight }));
