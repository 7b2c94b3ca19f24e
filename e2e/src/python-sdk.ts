/**
 * A virtualenv with the Azure SDK for Python (scenarios/python-sdk/requirements.txt, pinned),
 * made once in the tools directory from PyPI and reused while the requirements stay the same.
 * Answers the venv's python, or the reason it cannot be had (no python3, no PyPI).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { E2E_ROOT, tools } from "./tools.js";

export const PYTHON_SCENARIO = join(E2E_ROOT, "scenarios", "python-sdk");

export function pythonSdk(): { python: string } | { skip: string } {
  const requirements = join(PYTHON_SCENARIO, "requirements.txt");
  const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
  const venv = join(tools().toolsDir, "python-sdk-venv");
  const python = join(venv, "bin", "python");
  const stamp = join(venv, "requirements.sha256");
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return { python };
  const made = spawnSync("python3", ["-m", "venv", "--clear", venv], { encoding: "utf8", timeout: 60_000 });
  if (made.status !== 0) return { skip: `python3 -m venv failed: ${(made.stderr || made.error?.message || "").trim().split("\n").pop()}` };
  const pip = spawnSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements], { encoding: "utf8", timeout: 240_000 });
  if (pip.status !== 0) return { skip: `pip install of the Azure SDK for Python failed: ${(pip.stderr || pip.error?.message || "").trim().split("\n").pop()}` };
  writeFileSync(stamp, wanted);
  return { python };
}
