/** Prints a $filter tree as a compact S-expression, so parser tests read as tables. */
import type { Expr } from "../src/filter/ast.js";

export function formatAst(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return e.type === "string" ? `'${String(e.value)}'` : e.type === "null" ? "null" : `${e.type}:${String(e.value)}`;
    case "path":
      return [e.variable === undefined ? "" : `$${e.variable}`, ...e.segments].filter((s) => s !== "").join("/");
    case "compare":
      return `(${e.op} ${formatAst(e.left)} ${formatAst(e.right)})`;
    case "and":
    case "or":
      return `(${e.kind} ${formatAst(e.left)} ${formatAst(e.right)})`;
    case "not":
      return `(not ${formatAst(e.operand)})`;
    case "in":
      return `(in ${formatAst(e.operand)} [${e.values.map(formatAst).join(" ")}])`;
    case "call":
      return `(${e.name} ${e.args.map(formatAst).join(" ")})`;
    case "lambda":
      return `(${e.op} ${formatAst(e.collection)}${e.variable === undefined ? "" : ` ${e.variable}: ${formatAst(e.predicate!)}`})`;
  }
}
