/**
 * The bearer token kept per connection: each request gets the claims of the header it sent,
 * also when one keep-alive connection changes its token, drops it or sends one that cannot be
 * decoded.
 */
import { Agent, createServer, request, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBearer } from "../../src/tokens/connection-bearer.js";

const unsigned = (claims: object) => `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;

let server: Server;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const connections = new Set<unknown>();

beforeAll(async () => {
  server = createServer((req, res) => {
    connections.add(req.socket);
    const bearer = requestBearer(req);
    res.end(JSON.stringify(bearer === undefined ? { none: true } : { token: bearer.token, oid: bearer.claims?.oid ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function send(authorization?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: "127.0.0.1", agent, headers: authorization === undefined ? {} : { authorization } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve(JSON.parse(text)));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("requestBearer", () => {
  it("reads each request's own header on one keep-alive connection", async () => {
    const alice = unsigned({ oid: "alice" });
    const bob = unsigned({ oid: "bob" });
    expect(await send(`Bearer ${alice}`)).toEqual({ token: alice, oid: "alice" });
    expect(await send(`Bearer ${alice}`)).toEqual({ token: alice, oid: "alice" });
    expect(await send(`Bearer ${bob}`)).toEqual({ token: bob, oid: "bob" });
    expect(await send()).toEqual({ none: true });
    expect(await send("Basic dXNlcjpwYXNz")).toEqual({ none: true });
    expect(await send("Bearer not-a-jwt")).toEqual({ token: "not-a-jwt", oid: null });
    expect(await send(`bearer   ${alice}  `)).toEqual({ token: alice, oid: "alice" });
    expect(connections.size).toBe(1);
  });
});
