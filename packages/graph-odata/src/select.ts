/**
 * $select: a comma-separated list of property names. The projection keeps annotations
 * (`@odata.type` on directory objects) and answers null for a selected property the object
 * does not have, as Graph does.
 */
import { graphErrors } from "./errors.js";
import { ownKeyFor } from "./property-access.js";
import { canonicalProperty, type EntitySchema } from "./schema.js";

export interface Selection {
  /** Names as they appear in the answer and in @odata.context. */
  readonly names: readonly string[];
}

function isIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const letter = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
    const digit = c >= "0" && c <= "9";
    if (!(letter || (digit && i > 0))) return false;
  }
  return true;
}

export function parseSelect(text: string, schema: EntitySchema | undefined): Selection | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(",")) {
    const name = raw.trim();
    if (name === "*") return undefined;
    if (!isIdentifier(name)) throw graphErrors.invalidSelect(`Term '${name}' is not valid in a $select or $expand expression.`);
    let canonical = name;
    if (schema !== undefined) {
      const found = canonicalProperty(schema, name);
      if (found === undefined) throw graphErrors.invalidSelect(`Could not find a property named '${name}' on type '${schema.typeName}'.`);
      canonical = found;
    }
    if (seen.has(canonical.toLowerCase())) continue;
    seen.add(canonical.toLowerCase());
    names.push(canonical);
  }
  return { names };
}

export function project(item: unknown, selection: Selection | undefined): unknown {
  if (selection === undefined || item === null || typeof item !== "object") return item;
  const record = item as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (key.startsWith("@odata.")) out[key] = record[key];
  for (const name of selection.names) {
    const key = ownKeyFor(record, name);
    // defineProperty, not assignment: a client-chosen name such as __proto__ must stay data.
    const value = key === undefined ? undefined : record[key];
    Object.defineProperty(out, name, { value: value === undefined ? null : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
