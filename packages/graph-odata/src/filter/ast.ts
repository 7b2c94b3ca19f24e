/** The $filter syntax tree. Every node keeps the offset it started at, for error messages. */
export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type LiteralType = "string" | "number" | "boolean" | "null" | "guid" | "datetime";
export type FunctionName = "startswith" | "endswith" | "contains" | "tolower" | "toupper";

export interface LiteralNode {
  readonly kind: "literal";
  readonly type: LiteralType;
  readonly value: string | number | boolean | null;
  readonly position: number;
}

/**
 * A property path. `variable` is the lambda variable it starts from (`c` in `any(c:c eq 'x')`),
 * or undefined for a path from the object being filtered. `segments` may be empty (just `c`).
 */
export interface PathNode {
  readonly kind: "path";
  readonly variable: string | undefined;
  readonly segments: readonly string[];
  readonly position: number;
}

export interface CompareNode {
  readonly kind: "compare";
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly position: number;
}

export interface LogicalNode {
  readonly kind: "and" | "or";
  readonly left: Expr;
  readonly right: Expr;
  readonly position: number;
}

export interface NotNode {
  readonly kind: "not";
  readonly operand: Expr;
  readonly position: number;
}

export interface InNode {
  readonly kind: "in";
  readonly operand: Expr;
  readonly values: readonly LiteralNode[];
  readonly position: number;
}

export interface CallNode {
  readonly kind: "call";
  readonly name: FunctionName;
  readonly args: readonly Expr[];
  readonly position: number;
}

/** `collection/any(v: predicate)`, `collection/all(v: predicate)`, or `collection/any()`. */
export interface LambdaNode {
  readonly kind: "lambda";
  readonly op: "any" | "all";
  readonly collection: PathNode;
  readonly variable: string | undefined;
  readonly predicate: Expr | undefined;
  readonly position: number;
}

export type Expr = LiteralNode | PathNode | CompareNode | LogicalNode | NotNode | InNode | CallNode | LambdaNode;
