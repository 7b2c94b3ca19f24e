/**
 * Reading a request body through a zod schema. A body that does not fit is Azure's
 * 400 InvalidRequestContent naming the first property at fault, never a 500. The emulator's
 * error renderer gives a zod error thrown by a bare `.parse` the same words (invalidContentDetail).
 */
import type { z } from "zod";
import { armErrors } from "./errors.js";

/** The part of a zod issue the detail needs (zod issues of any zod copy have this shape). */
export interface ContentIssue {
  readonly path?: readonly PropertyKey[];
  readonly message?: string;
}

/** `Invalid value for 'properties.level': …`, or `'(body)'` when the body itself is at fault. */
export function invalidContentDetail(issue: ContentIssue): string {
  const field = Array.isArray(issue.path) && issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
  return `Invalid value for '${field}': ${issue.message ?? "invalid"}`;
}

export function parseRequestContent<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw armErrors.invalidRequestContent(invalidContentDetail(parsed.error.issues[0] ?? {}));
}
