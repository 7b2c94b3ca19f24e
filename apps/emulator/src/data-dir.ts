/**
 * The data directory: SQLite state (signing keys, client secrets, every resource) and azmi's CA
 * with its private key. Anyone who can read it can mint tokens azmi accepts, so it is the
 * owner's alone: the directory 0700, every file 0600. A data dir azmi cannot use stops the start
 * with one line (DataDirError) instead of a stack trace.
 */
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PRIVATE_DIR_MODE } from "@azmi/arm-core";

/** A data dir azmi cannot start on; the message is the whole story, on one line. */
export class DataDirError extends Error {
  override readonly name = "DataDirError";
}

const GROUP_OR_OTHER = 0o077;

/**
 * Makes the data dir (0700) when it is missing; for an existing one, refuses it when azmi cannot
 * write there and answers a warning for each part that others can read or write (left as the
 * owner set it: the warning says how to close it).
 */
export function prepareDataDir(dir: string): string[] {
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      chmodSync(dir, PRIVATE_DIR_MODE);
    } catch (error) {
      throw new DataDirError(`data dir ${dir}: not writable: ${reason(error)}`);
    }
    return [];
  }
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new DataDirError(`data dir ${dir}: not a directory`);
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    entries = readdirSync(dir);
    for (const name of entries) {
      const path = join(dir, name);
      if (statSync(path).isFile()) accessSync(path, constants.R_OK | constants.W_OK);
    }
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    throw new DataDirError(`data dir ${dir}: not writable: ${reason(error)}`);
  }
  if (process.platform === "win32") return [];
  const warnings: string[] = [];
  const wide = (path: string) => (statSync(path).mode & GROUP_OR_OTHER) !== 0;
  if (wide(dir)) warnings.push(`azmi: warning: data dir ${dir} is open to other users (mode ${modeOf(dir)}): chmod 700 '${dir}'`);
  const files = entries.filter((name) => statSync(join(dir, name)).isFile() && wide(join(dir, name)));
  if (files.length > 0) {
    warnings.push(`azmi: warning: files in data dir ${dir} are open to other users (${files.join(", ")}): chmod 600 them`);
  }
  return warnings;
}

/**
 * Runs what opens part of the data dir; its failure becomes one line that says whether the part
 * is corrupt or cannot be written (SQLite's and the file system's error codes tell which).
 */
export async function openInDataDir<T>(dir: string, what: string, open: () => T | Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw new DataDirError(`data dir ${dir}: ${what} is ${isCorruption(error) ? "corrupt" : "not writable"}: ${reason(error)}`);
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return /^SQLITE_(CORRUPT|NOTADB|FORMAT)/.test(code) || code === "ERR_OSSL_UNSUPPORTED";
  // Key import and PEM parsing fail with DOMException/TypeError, which carry no code.
  return !(error instanceof Error && "errno" in error);
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(3, "0");
}
