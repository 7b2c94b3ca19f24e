/**
 * Index seeks: the conjuncts of a $filter that an index can answer directly —
 * `prop eq 'v'`, `prop in ('a','b')`, `prop/any(c:c eq 'v')` — so the queries clients send
 * most (`servicePrincipalNames/any(c:c eq '<appId>')`, `appId eq`, `id eq`) do not scan the
 * whole directory; and `startswith(prop,'v')`, for an ordered index. A seek only narrows the
 * candidates; the full predicate still decides.
 */
import { canonicalProperty, type EntitySchema } from "../schema.js";
import type { Expr, LiteralNode, PathNode } from "./ast.js";

export interface Seek {
  /** The property, in the schema's spelling when there is one. */
  readonly property: string;
  /**
   * Lower-cased values; an object matches if the property (or an element of it) equals one, or
   * with `prefix`, if the property's lower-cased value starts with one.
   */
  readonly values: readonly string[];
  /** `startswith(prop,'v')`: answered by an ordered index (ObjectSource.lookupPrefix). */
  readonly prefix?: true;
}

function rootProperty(path: PathNode, schema: EntitySchema | undefined): string | undefined {
  if (path.variable !== undefined || path.segments.length !== 1) return undefined;
  const name = path.segments[0]!;
  return schema === undefined ? name : canonicalProperty(schema, name);
}

function stringValue(literal: LiteralNode): string | undefined {
  return typeof literal.value === "string" ? literal.value.toLowerCase() : undefined;
}

/** `x eq 'v'` or `'v' eq x` where x satisfies `isSubject`. */
function equality(expr: Expr, isSubject: (e: Expr) => string | undefined): Seek | undefined {
  if (expr.kind === "compare" && expr.op === "eq") {
    const pairs: Array<[Expr, Expr]> = [
      [expr.left, expr.right],
      [expr.right, expr.left],
    ];
    for (const [subject, other] of pairs) {
      const property = isSubject(subject);
      if (property !== undefined && other.kind === "literal") {
        const value = stringValue(other);
        if (value !== undefined) return { property, values: [value] };
      }
    }
  }
  if (expr.kind === "in") {
    const property = isSubject(expr.operand);
    if (property === undefined) return undefined;
    const values = expr.values.map(stringValue);
    if (values.every((v): v is string => v !== undefined)) return { property, values };
  }
  return undefined;
}

/**
 * `startswith(prop,'v')`. The predicate lower-cases only the value's first v.length characters,
 * which differs from lower-casing it whole only for a final sigma (ς) at the cut: no seek then.
 */
function prefix(expr: Expr, schema: EntitySchema | undefined): Seek | undefined {
  if (expr.kind !== "call" || expr.name !== "startswith" || expr.args.length !== 2) return undefined;
  const [subject, pattern] = expr.args as [Expr, Expr];
  if (subject.kind !== "path" || pattern.kind !== "literal") return undefined;
  const property = rootProperty(subject, schema);
  const value = stringValue(pattern);
  if (property === undefined || value === undefined || value.includes("ς")) return undefined;
  return { property, values: [value], prefix: true };
}

/** The seeks of `expr`, equality seeks first: they narrow the most. */
export function findSeeks(expr: Expr, schema: EntitySchema | undefined): Seek[] {
  const seeks = conjunctSeeks(expr, schema);
  return [...seeks.filter((s) => s.prefix === undefined), ...seeks.filter((s) => s.prefix !== undefined)];
}

function conjunctSeeks(expr: Expr, schema: EntitySchema | undefined): Seek[] {
  if (expr.kind === "and") return [...conjunctSeeks(expr.left, schema), ...conjunctSeeks(expr.right, schema)];
  const startsWith = prefix(expr, schema);
  if (startsWith !== undefined) return [startsWith];
  if (expr.kind === "lambda" && expr.op === "any" && expr.predicate !== undefined) {
    const property = rootProperty(expr.collection, schema);
    const variable = expr.variable;
    if (property === undefined) return [];
    const seek = equality(expr.predicate, (e) => (e.kind === "path" && e.variable === variable && e.segments.length === 0 ? property : undefined));
    return seek === undefined ? [] : [seek];
  }
  const seek = equality(expr, (e) => (e.kind === "path" ? rootProperty(e, schema) : undefined));
  return seek === undefined ? [] : [seek];
}
