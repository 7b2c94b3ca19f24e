/**
 * A throw-away PostgreSQL server for tests and benchmarks: `initdb` into a temporary directory,
 * started on a free loopback port, stopped and removed afterwards. Uses Debian's `postgresql`
 * package (or any initdb/pg_ctl on PATH). PostgreSQL refuses to run as root, so as root the
 * server runs as the `postgres` user (or `nobody`).
 *
 *   const pg = await startLocalPostgres();   // { url, stop(), pause(), resume() } or { skipped: reason }
 *
 * AZMI_TEST_POSTGRES=postgres://... uses that server instead (nothing is started; pause/resume
 * are then unavailable).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Where initdb and pg_ctl are, or undefined. */
export function findPostgresBin() {
  // The directory initdb really lives in (PATH may hold symlinks without psql beside them).
  for (const dir of (process.env.PATH ?? "").split(":"))
    if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dirname(realpathSync(join(dir, "initdb")));
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0], "bin");
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The user the server runs as when we are root. */
function serverUser() {
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { name, uid, gid };
    } catch {
      // try the next
    }
  }
  return undefined;
}

/**
 * @returns {Promise<{ url: string, stop(): void, pause(): void, resume(): void } | { skipped: string }>}
 */
export async function startLocalPostgres(options = {}) {
  if (process.env.AZMI_TEST_POSTGRES && !options.own) {
    return { url: process.env.AZMI_TEST_POSTGRES, stop() {}, pause: unsupported, resume: unsupported };
  }
  const bin = findPostgresBin();
  if (bin === undefined) return { skipped: "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql; apt-get install postgresql)" };
  const root = process.getuid?.() === 0;
  const user = root ? serverUser() : undefined;
  if (root && user === undefined) return { skipped: "running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as" };
  const dir = mkdtempSync(join(tmpdir(), "azmi-pg-"));
  chmodSync(dir, 0o700);
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const run = (tool, args) => {
    const command = user === undefined ? join(bin, tool) : "runuser";
    const argv = user === undefined ? args : ["-u", user.name, "--", join(bin, tool), ...args];
    return execFileSync(command, argv, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000 });
  };
  const port = await freePort();
  const ctl = (action) =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      ...(action === "stop" ? ["-m", "fast", "stop"] : ["-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "start"]),
    ]);
  try {
    run("initdb", ["-D", data, "-U", "azmi", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
    ctl("start");
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = error instanceof Error ? (error.stderr ?? "") || error.message : String(error);
    return { skipped: `PostgreSQL could not be started: ${String(detail).trim().split("\n").slice(-3).join(" ")}` };
  }
  let running = true;
  return {
    url: `postgres://azmi@127.0.0.1:${port}/postgres`,
    /** Stops the server (fast shutdown: open connections are cut), keeping its data. */
    pause() {
      if (running) ctl("stop");
      running = false;
    },
    resume() {
      if (!running) ctl("start");
      running = true;
    },
    stop() {
      try {
        if (running) ctl("stop");
      } catch {
        // already gone
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function unsupported() {
  throw new Error("AZMI_TEST_POSTGRES points at a server these tests do not own: it cannot be stopped");
}

/** A connection string for database `name` on the same server. */
export function databaseUrl(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates a database on the server of `url` (psql from the same installation) and returns its connection string. */
export function createDatabase(url, name) {
  const bin = findPostgresBin();
  const psql = bin === undefined ? "psql" : join(bin, "psql");
  execFileSync(psql, ["-X", "-q", "-d", url, "-c", `CREATE DATABASE "${name}"`], { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  return databaseUrl(url, name);
}
