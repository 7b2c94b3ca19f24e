/**
 * The Azure SDK for Go scenario (scenarios/go-sdk, modules pinned by its go.sum), built once
 * into the tools directory through the Go module proxy and rebuilt when its sources change.
 * Answers the binary, or the reason it cannot be had (no go, no module proxy).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { E2E_ROOT, tools } from "./tools.js";

const SCENARIO = join(E2E_ROOT, "scenarios", "go-sdk");

export function goSdk(): { binary: string } | { skip: string } {
  const wanted = createHash("sha256");
  for (const file of ["go.mod", "go.sum", "main.go"]) wanted.update(readFileSync(join(SCENARIO, file)));
  const digest = wanted.digest("hex");
  const dir = join(tools().toolsDir, "go-sdk");
  const binary = join(dir, "gosdk");
  const stamp = join(dir, "sources.sha256");
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return { binary };
  mkdirSync(dir, { recursive: true });
  const built = spawnSync("nice", ["-n", "19", "go", "build", "-o", binary, "."], { cwd: SCENARIO, encoding: "utf8", timeout: 300_000 });
  if (built.status !== 0)
    return { skip: `go build of the Azure SDK for Go scenario failed: ${(built.stderr || built.error?.message || "").trim().split("\n").pop()}` };
  writeFileSync(stamp, digest);
  return { binary };
}
