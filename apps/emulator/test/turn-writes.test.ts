/**
 * The hot paths' answers are written when the event-loop turn that made them ends, in the order
 * they were made, and an answer that cannot be written becomes a 500 instead of an exception
 * nobody catches (the write no longer runs inside the request's own promise).
 */
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { writeRawAnswer } from "../src/http/answer.js";
import { writeAtTurnEnd } from "../src/http/turn-writes.js";

describe("writes at the end of the turn", () => {
  it("runs the turn's writes after its synchronous work, together and in order", async () => {
    const ran: string[] = [];
    writeAtTurnEnd(() => ran.push("first"));
    writeAtTurnEnd(() => ran.push("second"));
    ran.push("the rest of the turn");
    await Promise.resolve();
    expect(ran).toEqual(["the rest of the turn"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(["the rest of the turn", "first", "second"]);
    writeAtTurnEnd(() => ran.push("next turn"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran.at(-1)).toBe("next turn");
  });
});

describe("writeRawAnswer", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))));

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it("answers 500 in ARM's envelope when the answer's headers cannot be written, and keeps serving", async () => {
    const base = await serve((req, res) => {
      const bad = req.url === "/bad";
      writeRawAnswer(req, res, { status: 200, headers: bad ? { "x-echo": "line\nbreak" } : {}, body: '{"ok":true}' });
    });
    const refused = await fetch(`${base}/bad`);
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("InternalServerError");
    const fine = await fetch(`${base}/good`);
    expect(fine.status).toBe(200);
    expect(await fine.json()).toEqual({ ok: true });
  });

  it("answers many requests of one turn, each with its own body", async () => {
    const base = await serve((req, res) => writeRawAnswer(req, res, { status: 200, headers: {}, body: JSON.stringify({ url: req.url }) }));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${base}/${i}`).then((r) => r.json())));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => ({ url: `/${i}` })));
  });
});
