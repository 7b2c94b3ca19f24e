// The floor for the token endpoint: the smallest node:http server that answers each POST with
// one token signed like azmi's (same key, same claims, node:crypto's one-shot sign on libuv's
// pool), with no routing, no client authentication, no store. What is left between it and azmi
// is azmi's own work; what is left between it and raw signing is HTTP's.
import http from "node:http";
import { createPrivateKey, sign } from "node:crypto";
import { importFromEmulator } from "./workspace.mjs";

const { appTokenClaims } = await importFromEmulator("@azmi/identity");
const key = createPrivateKey(process.env.AZMI_BENCH_SIGNING_KEY);
const header = Buffer.from(JSON.stringify({ typ: "JWT", alg: "RS256", x5t: "bench", kid: "bench" })).toString("base64url");

const server = http.createServer((req, res) => {
  let form = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (form += chunk));
  req.on("end", () => {
    const clientId = new URLSearchParams(form).get("client_id") ?? "";
    const claims = appTokenClaims({ tenantId: "00000000-0000-0000-0000-000000000000", clientId, audience: "https://management.azure.com/" });
    const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    sign("sha256", Buffer.from(input), key, (error, signature) => {
      if (error) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store, no-cache" });
      res.end(JSON.stringify({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: `${input}.${signature.toString("base64url")}` }));
    });
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => console.log(`ready at http://127.0.0.1:${server.address().port} `));
