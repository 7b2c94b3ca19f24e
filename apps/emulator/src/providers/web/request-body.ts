/**
 * Reads a request body through a zod schema. A body that does not fit is Azure's
 * 400 InvalidRequestContent naming the first property at fault, never a 500.
 */
import { armErrors } from "@azmi/arm-core";
import type { z } from "zod";

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? "" : issue.path.map(String).join(".");
  throw armErrors.invalidRequestContent(`${issue?.message ?? "invalid body"}${path === "" ? "" : `. Path '${path}'`}`);
}
