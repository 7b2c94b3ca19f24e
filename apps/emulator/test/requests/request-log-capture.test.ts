/**
 * RequestLog.observe on a real node:http server: it records what was answered whichever way the
 * answer was written (writeHead with headers, setHeader then end, write in chunks), keeps the
 * request body the one body reader read, keeps at most 64 KiB of either body, and keeps only
 * the newest `capacity` requests.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readBody } from "../../src/http/body.js";
import { MAX_KEPT_BODY_BYTES } from "../../src/requests/logged-request.js";
import { RequestLog } from "../../src/requests/request-log.js";

const log = new RequestLog(3);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    log.observe(req, res);
    void (async () => {
      if (req.url === "/write-head") {
        res.writeHead(418, { "x-decision": "no", "content-type": "text/plain" }).end("short and stout");
      } else if (req.url === "/set-header") {
        res.setHeader("x-set", "yes");
        res.statusCode = 201;
        res.end(Buffer.from("created"));
      } else if (req.url === "/chunks") {
        res.write("a".repeat(MAX_KEPT_BODY_BYTES - 10));
        res.write("b".repeat(100));
        res.end("c");
      } else if (req.url === "/mixed") {
        res.setHeader("x-set", "yes");
        res.writeHead(200, ["X-Raw", "raw"]);
        res.write("grüße, ");
        res.write("776f726c64", "hex");
        res.end(new Uint8Array([33]));
      } else {
        const body = await readBody(req, 4 * 1024 * 1024);
        res.end(String(body.length));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The answer's close event comes after the client has the body: wait for the entry. */
async function settled(count: number): Promise<void> {
  for (let i = 0; i < 100 && log.lastSeq() < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

it("records status, headers and bodies however the answer was written, bounded, and only the newest three", async () => {
  await (await fetch(`${base}/write-head`)).text();
  await settled(1);
  const first = log.get(1)!;
  expect(first.status).toBe(418);
  expect(first.responseHeaders["x-decision"]).toBe("no");
  expect(first.responseBody()?.toString()).toBe("short and stout");

  await (await fetch(`${base}/set-header`)).text();
  await settled(2);
  expect(log.get(2)!.status).toBe(201);
  expect(log.get(2)!.responseHeaders["x-set"]).toBe("yes");
  expect(log.get(2)!.responseBody()?.toString()).toBe("created");

  await (await fetch(`${base}/chunks`)).text();
  await settled(3);
  const chunks = log.get(3)!;
  expect(chunks.responseBytes).toBe(MAX_KEPT_BODY_BYTES + 91);
  expect(chunks.responseBody()?.length).toBe(MAX_KEPT_BODY_BYTES);

  const big = "x".repeat(1024 * 1024);
  expect(await (await fetch(`${base}/echo-length`, { method: "POST", body: big })).text()).toBe(String(big.length));
  await settled(4);
  expect(log.get(4)!.requestBody?.length).toBe(MAX_KEPT_BODY_BYTES);
  // A copy, not a view into the whole megabyte.
  expect(log.get(4)!.requestBody?.buffer.byteLength).toBeLessThan(big.length);

  expect(log.newestFirst().map((e) => e.seq)).toEqual([4, 3, 2]);
  expect(log.get(1)).toBeUndefined();
});

it("puts together string chunks (kept as written until read) with bytes of other encodings, counting UTF-8 bytes", async () => {
  expect(await (await fetch(`${base}/mixed`)).text()).toBe("grüße, world!");
  await settled(5);
  const entry = log.get(log.lastSeq())!;
  expect(entry.url).toBe("/mixed");
  expect(entry.responseHeaders).toMatchObject({ "x-set": "yes", "x-raw": "raw" });
  expect(entry.responseBytes).toBe(Buffer.byteLength("grüße, world!"));
  expect(entry.responseBody()?.toString("utf8")).toBe("grüße, world!");
  // Read twice, the same bytes.
  expect(entry.responseBody()).toBe(entry.responseBody());
});
