/**
 * The data dir holds azmi's signing keys, client secrets and CA key: it is the owner's alone, and
 * a data dir azmi cannot use stops `azmi start` with one line and exit code 2, not a stack trace.
 * A single unreadable row is skipped with a warning instead of failing every list.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { send, startChildAzmi } from "./child-azmi.js";
import { startTestAzmi } from "../support/azmi.js";

const script = resolve(import.meta.dirname, "../../../../scripts/azmi.cjs");
const SUB = "00000000-0000-0000-0000-000000000000";
const group = (name: string) => `/subscriptions/${SUB}/resourceGroups/${name}?api-version=2021-04-01`;
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Runs `azmi start` to its end (it is expected to refuse to start). */
function startExpectingFailure(dataDir: string, as?: { uid: number; gid: number }) {
  const result = spawnSync(process.execPath, [script, "start", "--port", "0", "--data-dir", dataDir], {
    encoding: "utf8",
    timeout: 60_000,
    // The unprivileged user cannot write the bundle next to the sources: run dist/cli.js as built.
    env: { ...process.env, AZMI_NO_BUNDLE: "1" },
    ...(as ?? {}),
  });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe("state files are private", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "azmi-data-dir-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("creates the data dir 0700 and every file in it 0600 (database, WAL, SHM, CA key and certificate)", { timeout: 120_000 }, async () => {
    const dataDir = join(work, "fresh", "data");
    const azmi = await startChildAzmi(["--data-dir", dataDir]);
    try {
      expect((await send(azmi.port, "PUT", group("written"), { body: JSON.stringify({ location: "westeurope" }) })).status).toBe(201);
      // A token makes azmi store its signing key.
      const token = await send(azmi.port, "POST", `/${SUB}/oauth2/v2.0/token`, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
      });
      expect(token.status).toBe(200);
      expect(modeOf(dataDir)).toBe(0o700);
      const files = readdirSync(dataDir).sort();
      expect(files).toEqual(expect.arrayContaining(["ca-key.pem", "ca.pem", "state.db", "state.db-shm", "state.db-wal"]));
      for (const file of files) expect([file, modeOf(join(dataDir, file))]).toEqual([file, 0o600]);
      expect(azmi.stderr()).not.toContain("warning");
    } finally {
      await azmi.stop();
    }
  });

  it("warns at start about an existing data dir that others can read", { timeout: 120_000 }, async () => {
    const dataDir = join(work, "wide");
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const azmi = await startChildAzmi(["--data-dir", dataDir]);
    try {
      expect(azmi.stderr()).toContain(`azmi: warning: data dir ${dataDir} is open to other users (mode 755)`);
    } finally {
      await azmi.stop();
    }
  });
});

describe("a data dir azmi cannot use stops the start with one line and exit code 2", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "azmi-bad-data-dir-"));
    chmodSync(work, 0o755);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("a corrupt database", { timeout: 120_000 }, () => {
    const dataDir = join(work, "corrupt");
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, "state.db"), Buffer.alloc(8192, "not a database "), { mode: 0o600 });
    const { code, stderr } = startExpectingFailure(dataDir);
    expect(code).toBe(2);
    expect(stderr).toContain(`azmi: data dir ${dataDir}: database is corrupt: file is not a database\n`);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it("a corrupt CA key", { timeout: 120_000 }, () => {
    const dataDir = join(work, "bad-ca");
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, "ca.pem"), "garbage", { mode: 0o600 });
    writeFileSync(join(dataDir, "ca-key.pem"), "garbage", { mode: 0o600 });
    const { code, stderr } = startExpectingFailure(dataDir);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^azmi: data dir ${dataDir}: the CA \\(ca.pem, ca-key.pem\\) is corrupt: .+$`, "m"));
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it("a data dir azmi may not write", { timeout: 120_000 }, () => {
    const dataDir = join(work, "read-only");
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o555);
    // root writes anywhere: run azmi as an unprivileged user then, for whom the mode holds.
    const { code, stderr } = startExpectingFailure(dataDir, process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^azmi: data dir ${dataDir}: not writable: .*(EACCES|permission denied)`, "m"));
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe("one unreadable row", () => {
  it("is skipped with a warning; lists and the other rows keep answering", { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "azmi-bad-row-"));
    try {
      let azmi = await startTestAzmi({ dataDir });
      for (const name of ["fine-one", "broken-one", "fine-two"]) expect((await azmi.request("PUT", group(name), { location: "westeurope" })).status).toBe(201);
      await azmi.stop();

      const Database = createRequire(createRequire(import.meta.url).resolve("@azmi/arm-core"))("better-sqlite3");
      const db = new Database(join(dataDir, "state.db"));
      const changed = db.prepare("UPDATE docs SET value = '{\"name\": \"broken-one\", trunc' WHERE key LIKE '%broken-one%'").run().changes as number;
      db.close();
      expect(changed).toBeGreaterThan(0);

      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      azmi = await startTestAzmi({ dataDir });
      try {
        const list = await azmi.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`);
        expect(list.status).toBe(200);
        expect((list.json as { value: Array<{ name: string }> }).value.map((g) => g.name).sort()).toEqual(["fine-one", "fine-two"]);
        expect((await azmi.request("GET", group("fine-two"))).status).toBe(200);
        expect((await azmi.request("GET", group("broken-one"))).status).toBe(404);
        const again = await azmi.request("GET", `/subscriptions/${SUB}/resourcegroups?api-version=2021-04-01`);
        expect(again.status).toBe(200);
        const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("unreadable stored row"));
        expect(warnings.length).toBeGreaterThan(0);
        expect(warnings.every((m) => m.includes("broken-one"))).toBe(true);
      } finally {
        warn.mockRestore();
        await azmi.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
