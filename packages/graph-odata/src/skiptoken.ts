/**
 * Page tokens. A $skiptoken names a position in the query's stable order (the $orderby keys,
 * then the id) rather than an offset, so objects added or removed between pages neither repeat
 * nor vanish from the pages still to come. Opaque to clients: base64url JSON behind a prefix.
 */
import { graphErrors } from "./errors.js";
import type { SortValue } from "./orderby.js";

const prefix = "azmi1.";

export interface PagePosition {
  /** The $orderby the token was made under (normalized). */
  readonly signature: string;
  /** Sort keys of the last object of the page already served. */
  readonly after: readonly SortValue[];
}

export function encodeSkiptoken(position: PagePosition): string {
  return prefix + Buffer.from(JSON.stringify({ s: position.signature, a: position.after }), "utf8").toString("base64url");
}

function isSortValue(v: unknown): v is SortValue {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Throws Request_BadRequest for a token that is not ours or was made for another $orderby. */
export function decodeSkiptoken(token: string, signature: string): readonly SortValue[] {
  if (!token.startsWith(prefix)) throw graphErrors.invalidSkiptoken();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token.slice(prefix.length), "base64url").toString("utf8"));
  } catch {
    throw graphErrors.invalidSkiptoken();
  }
  if (parsed === null || typeof parsed !== "object") throw graphErrors.invalidSkiptoken();
  const { s, a } = parsed as { s?: unknown; a?: unknown };
  if (s !== signature || !Array.isArray(a) || !a.every(isSortValue)) throw graphErrors.invalidSkiptoken();
  return a;
}
