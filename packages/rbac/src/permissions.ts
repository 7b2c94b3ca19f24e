/**
 * Permission blocks and the action patterns inside them. Azure compares operation names
 * case-insensitively and lets `*` stand for any run of characters inside or across segments
 * (`Microsoft.Storage/*\/read`, `*\/read`, `*`).
 */
import { z } from "zod";

export const permissionSchema = z.object({
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
  dataActions: z.array(z.string()).default([]),
  notDataActions: z.array(z.string()).default([]),
  condition: z.string().nullish(),
  conditionVersion: z.string().nullish(),
});

export type Permission = z.output<typeof permissionSchema>;

const compiled = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    re = new RegExp(`^${body}$`, "i");
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Does the operation name match this Actions/NotActions pattern? */
export function actionMatches(pattern: string, operation: string): boolean {
  return compile(pattern).test(operation);
}

export function anyMatches(patterns: readonly string[], operation: string): boolean {
  return patterns.some((p) => actionMatches(p, operation));
}

export type OperationKind = "action" | "dataAction";

/**
 * Whether one block grants the operation: NotActions only subtract from the Actions of their
 * own block, so another block (or another role) can still grant what this one excludes.
 */
export function blockGrants(block: Permission, operation: string, kind: OperationKind): boolean {
  return kind === "action"
    ? anyMatches(block.actions, operation) && !anyMatches(block.notActions, operation)
    : anyMatches(block.dataActions, operation) && !anyMatches(block.notDataActions, operation);
}
