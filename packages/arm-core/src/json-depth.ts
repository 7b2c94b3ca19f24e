/**
 * How deep a request body may nest. Azure refuses JSON nested deeper than 64 levels (its
 * serializer's limit) with InvalidRequestContent; so does azmi, before anything reads the body
 * further, so that no recursive walk later (validation, merge patch, storage, templates) meets
 * a body built to exhaust the stack. Documents already stored are read whatever their depth.
 */
import { armErrors } from "./errors.js";

export const MAX_JSON_DEPTH = 64;

interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string | number | undefined;
}

/** The first path (as "a.b[3]") where `value` nests deeper than `limit` arrays and objects, or undefined. */
export function tooDeepAt(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  // Iterative, and paths are only spelled for the culprit: the value may be far deeper than the call stack allows.
  const stack: Visit[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (visit.value === null || typeof visit.value !== "object") continue;
    const depth = visit.depth + 1;
    if (depth > limit) return pathOf(visit);
    if (Array.isArray(visit.value)) visit.value.forEach((child, i) => stack.push({ value: child, depth, parent: visit, key: i }));
    else for (const [key, child] of Object.entries(visit.value)) stack.push({ value: child, depth, parent: visit, key });
  }
  return undefined;
}

function pathOf(visit: Visit): string {
  const keys: Array<string | number> = [];
  for (let v: Visit | undefined = visit; v !== undefined && v.key !== undefined; v = v.parent) keys.unshift(v.key);
  const path = keys.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
  return path === "" ? "(body)" : path;
}

/** Throws 400 InvalidRequestContent when the parsed body nests deeper than 64 levels. */
export function checkJsonDepth(value: unknown, limit: number = MAX_JSON_DEPTH): void {
  const at = tooDeepAt(value, limit);
  if (at !== undefined) {
    throw armErrors.invalidRequestContent(`The JSON nests deeper than the maximum of ${limit} levels at '${truncated(at)}'`);
  }
}

function truncated(path: string): string {
  return path.length > 200 ? `${path.slice(0, 200)}...` : path;
}
