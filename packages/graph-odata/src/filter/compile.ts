/**
 * Turns a $filter tree into one predicate, checked once against the schema: unknown properties,
 * operators a property is not indexed for, literals of the wrong type. The predicate is built
 * from closures, so a query over 100k objects walks no tree at evaluation time.
 *
 * Semantics follow Graph on directory objects: string comparisons ignore case; `eq null`
 * matches a missing or null property; comparisons with null or mismatched types are false.
 */
import { graphErrors, type GraphError } from "../errors.js";
import { pathGetter } from "../property-access.js";
import { canonicalProperty, type EntitySchema, type FilterOperator, type PropertySchema, type PropertyType } from "../schema.js";
import type { CallNode, CompareNode, CompareOp, Expr, InNode, LambdaNode, LiteralNode, PathNode } from "./ast.js";

export type Predicate = (item: unknown) => boolean;

/** Operators Graph only serves as advanced queries (ConsistencyLevel: eventual and $count=true). */
export type AdvancedOperator = "ne" | "not" | "endsWith";

export interface CompiledFilter {
  readonly predicate: Predicate;
  /** Advanced-only operators the filter uses, in the order they appear. */
  readonly advancedOperators: readonly AdvancedOperator[];
}

export interface CompileOptions {
  readonly schema?: EntitySchema | undefined;
  /** The filter text, for messages. */
  readonly text: string;
  /** Graph refuses more OR-ed clauses than this (Request_UnsupportedQuery). */
  readonly maxOrClauses?: number;
}

type Evaluator = (item: unknown, env: unknown[]) => unknown;
type Test = (item: unknown, env: unknown[]) => boolean;

/** Static type of an expression; "unknown" when no schema says (then anything goes). */
interface StaticType {
  readonly type: PropertyType | "unknown" | "null";
  readonly collection: boolean;
}

/** The schema property whose rules govern a path (for a lambda variable: the collection). */
interface Governing {
  readonly name: string;
  readonly schema: PropertySchema;
}

interface Compiled {
  readonly evaluate: Evaluator;
  readonly type: StaticType;
  /** Set for a property path, so operators on it can be checked against its rules. */
  readonly governing: Governing | undefined;
  /** Every governed property referenced beneath this node (for `not`). */
  readonly referenced: readonly Governing[];
  /** Set when the node is a literal, so comparisons can fold it once. */
  readonly literal?: LiteralNode;
}

const unknownType: StaticType = { type: "unknown", collection: false };
const booleanType: StaticType = { type: "boolean", collection: false };
const stringType: StaticType = { type: "string", collection: false };

const edmNames: Readonly<Record<StaticType["type"], string>> = {
  string: "Edm.String",
  guid: "Edm.Guid",
  boolean: "Edm.Boolean",
  number: "Edm.Int32",
  datetime: "Edm.DateTimeOffset",
  object: "Edm.ComplexType",
  unknown: "Edm.Untyped",
  null: "<null>",
};

const operatorKinds: Readonly<Record<CompareOp, string>> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

function edmName(t: StaticType): string {
  return t.collection ? `Collection(${edmNames[t.type]})` : edmNames[t.type];
}

/** Case-insensitive string comparison: strings compare lower-cased; missing means null. */
function fold(value: unknown): unknown {
  if (typeof value === "string") return value.toLowerCase();
  return value === undefined ? null : value;
}

function foldDate(value: unknown): number | null {
  if (typeof value === "string") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return typeof value === "number" ? value : null;
}

/**
 * Whether the first `lower.length` characters of `v`, lower-cased, are `lower` (all ASCII),
 * without allocating a lower-cased copy per object scanned. Undefined when one of those
 * characters is not ASCII (its lower case may still be ASCII, e.g. the Kelvin sign): the caller
 * then lower-cases as before. Callers check that `v` is long enough.
 */
function asciiFoldedPrefix(v: string, lower: string): boolean | undefined {
  for (let i = 0; i < lower.length; i++) {
    let c = v.charCodeAt(i);
    if (c > 127) return undefined;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function isScalar(value: unknown): value is string | number | boolean {
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean";
}

function literalType(node: LiteralNode): StaticType {
  return { type: node.type === "null" ? "null" : node.type, collection: false };
}

function compatible(a: StaticType, b: StaticType): boolean {
  if (a.type === "unknown" || b.type === "unknown") return true;
  // null compares with any single value, never with a collection.
  if (a.type === "null" || b.type === "null") return !(a.collection || b.collection);
  return a.type === b.type && a.collection === b.collection;
}

class FilterCompiler {
  private readonly advanced: AdvancedOperator[] = [];
  /** Lambda variables in scope: name -> env slot, element type, governing collection property. */
  private readonly scopes: Array<{ name: string; slot: number; type: StaticType; governing: Governing | undefined }> = [];

  constructor(private readonly options: CompileOptions) {}

  compileRoot(expr: Expr): CompiledFilter {
    this.checkOrClauses(expr);
    const compiled = this.compile(expr);
    if (compiled.type.type !== "boolean" && compiled.type.type !== "unknown") {
      throw graphErrors.invalidFilter(
        `The $filter expression must evaluate to a single boolean value. Found '${edmName(compiled.type)}' in '${this.options.text}'.`,
      );
    }
    const test = this.asTest(compiled);
    const env: unknown[] = [];
    return { predicate: (item) => test(item, env), advancedOperators: this.advanced };
  }

  private fail(message: string): GraphError {
    return graphErrors.invalidFilter(message);
  }

  private checkOrClauses(expr: Expr): void {
    const max = this.options.maxOrClauses ?? 15;
    const countLeaves = (e: Expr): number => (e.kind === "or" ? countLeaves(e.left) + countLeaves(e.right) : 1);
    const visit = (e: Expr, parentIsOr: boolean): void => {
      if (e.kind === "or" && !parentIsOr) {
        const n = countLeaves(e);
        if (n > max) throw graphErrors.tooManyOrClauses(n, max);
      }
      switch (e.kind) {
        case "and":
        case "or":
          visit(e.left, e.kind === "or");
          visit(e.right, e.kind === "or");
          break;
        case "not":
          visit(e.operand, false);
          break;
        case "lambda":
          if (e.predicate) visit(e.predicate, false);
          break;
        default:
          break;
      }
    };
    visit(expr, false);
  }

  private requireOperator(governing: Governing | undefined, op: FilterOperator): void {
    if (governing === undefined) return;
    if (!governing.schema.filter?.includes(op)) {
      throw graphErrors.unsupportedFilterProperty(governing.name, this.options.schema!.resourceName);
    }
  }

  private asTest(compiled: Compiled): Test {
    const evaluate = compiled.evaluate;
    return (item, env) => evaluate(item, env) === true;
  }

  private requireBoolean(compiled: Compiled, what: string, position: number): Test {
    const t = compiled.type;
    if (!(t.type === "boolean" || t.type === "unknown") || t.collection) {
      throw this.fail(`The operand of '${what}' at position ${position} must be a boolean value, found '${edmName(t)}' in '${this.options.text}'.`);
    }
    return this.asTest(compiled);
  }

  private compile(expr: Expr): Compiled {
    switch (expr.kind) {
      case "literal":
        return { evaluate: () => expr.value, type: literalType(expr), governing: undefined, referenced: [], literal: expr };
      case "path":
        return this.compilePath(expr);
      case "compare":
        return this.compileCompare(expr);
      case "and":
      case "or": {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        const l = this.requireBoolean(left, expr.kind, expr.position);
        const r = this.requireBoolean(right, expr.kind, expr.position);
        const evaluate: Evaluator = expr.kind === "and" ? (it, env) => l(it, env) && r(it, env) : (it, env) => l(it, env) || r(it, env);
        return { evaluate, type: booleanType, governing: undefined, referenced: [...left.referenced, ...right.referenced] };
      }
      case "not": {
        this.advanced.push("not");
        const operand = this.compile(expr.operand);
        const test = this.requireBoolean(operand, "not", expr.position);
        for (const g of operand.referenced) this.requireOperator(g, "not");
        return { evaluate: (it, env) => !test(it, env), type: booleanType, governing: undefined, referenced: operand.referenced };
      }
      case "in":
        return this.compileIn(expr);
      case "call":
        return this.compileCall(expr);
      case "lambda":
        return this.compileLambda(expr);
    }
  }

  private compilePath(node: PathNode): Compiled {
    const schema = this.options.schema;
    if (node.variable !== undefined) {
      const scope = [...this.scopes].reverse().find((s) => s.name === node.variable)!;
      const slot = scope.slot;
      const get = pathGetter(node.segments);
      const type = node.segments.length === 0 ? scope.type : unknownType;
      const referenced = scope.governing ? [scope.governing] : [];
      return { evaluate: (_it, env) => get(env[slot]), type, governing: scope.governing, referenced };
    }
    let segments = node.segments;
    let type: StaticType = unknownType;
    let governing: Governing | undefined;
    if (schema !== undefined) {
      const first = segments[0]!;
      const name = canonicalProperty(schema, first);
      if (name === undefined) throw graphErrors.unknownProperty(first, schema.typeName);
      const property = schema.properties[name]!;
      governing = { name, schema: property };
      segments = [name, ...segments.slice(1)];
      if (segments.length === 1) type = { type: property.type, collection: property.collection === true };
      else if (segments[1] === "$count" && property.collection) type = { type: "number", collection: false };
    }
    const get = pathGetter(segments);
    return { evaluate: (it) => get(it), type, governing, referenced: governing ? [governing] : [] };
  }

  private compileCompare(node: CompareNode): Compiled {
    const left = this.compile(node.left);
    const right = this.compile(node.right);
    if (!compatible(left.type, right.type)) {
      throw this.fail(
        `A binary operator with incompatible types was detected. Found operand types '${edmName(left.type)}' and '${edmName(right.type)}' for operator kind '${operatorKinds[node.op]}' at position ${node.position} in '${this.options.text}'.`,
      );
    }
    if (node.op === "ne") this.advanced.push("ne");
    this.requireOperator(left.governing, node.op);
    this.requireOperator(right.governing, node.op);
    const dates = left.type.type === "datetime" || right.type.type === "datetime";
    const normalize: (v: unknown) => unknown = dates ? foldDate : fold;
    const referenced = [...left.referenced, ...right.referenced];
    const evaluate = this.comparison(node.op, left, right, normalize);
    return { evaluate, type: booleanType, governing: undefined, referenced };
  }

  private comparison(op: CompareOp, left: Compiled, right: Compiled, normalize: (v: unknown) => unknown): Evaluator {
    const equal = (a: unknown, b: unknown): boolean => a === b;
    const order = (a: unknown, b: unknown): number | undefined => {
      if (a === null || b === null || typeof a !== typeof b || !isScalar(a)) return undefined;
      return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
    };
    const decide: (a: unknown, b: unknown) => boolean =
      op === "eq"
        ? equal
        : op === "ne"
          ? (a, b) => !equal(a, b)
          : (a, b) => {
              const c = order(a, b);
              if (c === undefined) return false;
              return op === "gt" ? c > 0 : op === "ge" ? c >= 0 : op === "lt" ? c < 0 : c <= 0;
            };
    const l = left.evaluate;
    const r = right.evaluate;
    const fast = normalize === fold ? this.literalEquality(op, left, right) : undefined;
    if (fast !== undefined) return fast;
    // The usual shape is `property op literal`: fold the literal once.
    if (right.literal !== undefined) {
      const constant = normalize(right.literal.value);
      return (it, env) => decide(normalize(l(it, env)), constant);
    }
    if (left.literal !== undefined) {
      const constant = normalize(left.literal.value);
      return (it, env) => decide(constant, normalize(r(it, env)));
    }
    return (it, env) => decide(normalize(l(it, env)), normalize(r(it, env)));
  }

  /**
   * `x eq 'literal'` (or ne, or null), the shape nearly every client query has, without
   * allocating: strings of another length cannot be equal ignoring case when the literal is ASCII.
   */
  private literalEquality(op: CompareOp, left: Compiled, right: Compiled): Evaluator | undefined {
    if (op !== "eq" && op !== "ne") return undefined;
    const [subject, literal] =
      right.literal !== undefined ? [left, right.literal] : left.literal !== undefined ? [right, left.literal] : [undefined, undefined];
    if (subject === undefined || literal === undefined) return undefined;
    const get = subject.evaluate;
    const negate = op === "ne";
    const value = literal.value;
    if (value === null)
      return (it, env) => {
        const v = get(it, env);
        return (v === null || v === undefined) !== negate;
      };
    if (typeof value !== "string") return (it, env) => (get(it, env) === value) !== negate;
    const lower = value.toLowerCase();
    let ascii = true;
    for (let i = 0; i < lower.length; i++) if (lower.charCodeAt(i) > 127) ascii = false;
    const length = lower.length;
    return (it, env) => {
      const v = get(it, env);
      if (typeof v !== "string") return negate;
      if (v === value) return !negate;
      if (ascii) {
        if (v.length !== length) return negate;
        const folded = asciiFoldedPrefix(v, lower);
        if (folded !== undefined) return folded !== negate;
      }
      return (v.toLowerCase() === lower) !== negate;
    };
  }

  private compileIn(node: InNode): Compiled {
    const operand = this.compile(node.operand);
    for (const value of node.values) {
      if (!compatible(operand.type, literalType(value))) {
        throw this.fail(
          `A binary operator with incompatible types was detected. Found operand types '${edmName(operand.type)}' and '${edmName(literalType(value))}' for operator kind 'In' at position ${value.position} in '${this.options.text}'.`,
        );
      }
    }
    this.requireOperator(operand.governing, "in");
    const dates = operand.type.type === "datetime" || node.values.some((v) => v.type === "datetime");
    const normalize: (v: unknown) => unknown = dates ? foldDate : fold;
    const set = new Set(node.values.map((v) => normalize(v.value)));
    const get = operand.evaluate;
    return { evaluate: (it, env) => set.has(normalize(get(it, env))), type: booleanType, governing: undefined, referenced: operand.referenced };
  }

  private compileCall(node: CallNode): Compiled {
    const args = node.args.map((a) => this.compile(a));
    const signature =
      node.name === "tolower" || node.name === "toupper"
        ? `${node.name}(Edm.String Nullable=true)`
        : `${node.name}(Edm.String Nullable=true, Edm.String Nullable=true)`;
    for (const arg of args) {
      if (!(arg.type.type === "string" || arg.type.type === "unknown" || arg.type.type === "null") || arg.type.collection) {
        throw this.fail(
          `No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${signature}. Position ${node.position} in '${this.options.text}'.`,
        );
      }
    }
    const referenced = args.flatMap((a) => a.referenced);
    if (node.name === "tolower" || node.name === "toupper") {
      const get = args[0]!.evaluate;
      const upper = node.name === "toupper";
      const evaluate: Evaluator = (it, env) => {
        const v = get(it, env);
        return typeof v === "string" ? (upper ? v.toUpperCase() : v.toLowerCase()) : v === undefined ? null : v;
      };
      return { evaluate, type: stringType, governing: args[0]!.governing, referenced };
    }
    const operator: FilterOperator = node.name === "startswith" ? "startsWith" : node.name === "endswith" ? "endsWith" : "contains";
    if (operator === "endsWith") this.advanced.push("endsWith");
    this.requireOperator(args[0]!.governing, operator);
    const [subject, pattern] = args as [Compiled, Compiled];
    const matches: (s: string, p: string) => boolean =
      operator === "startsWith" ? (s, p) => s.startsWith(p) : operator === "endsWith" ? (s, p) => s.endsWith(p) : (s, p) => s.includes(p);
    const s = subject.evaluate;
    if (pattern.literal !== undefined) {
      const p = typeof pattern.literal.value === "string" ? pattern.literal.value.toLowerCase() : null;
      const asciiPattern = p !== null && /^[\x00-\x7f]*$/.test(p);
      // startswith lower-cases only the prefix it compares, not the whole value.
      const evaluate: Evaluator =
        operator === "startsWith"
          ? (it, env) => {
              const v = s(it, env);
              if (p === null || typeof v !== "string" || v.length < p.length) return false;
              const folded = asciiPattern ? asciiFoldedPrefix(v, p) : undefined;
              return folded ?? v.slice(0, p.length).toLowerCase().startsWith(p);
            }
          : (it, env) => {
              const v = s(it, env);
              return p !== null && typeof v === "string" && matches(v.toLowerCase(), p);
            };
      return { evaluate, type: booleanType, governing: undefined, referenced };
    }
    const pe = pattern.evaluate;
    const evaluate: Evaluator = (it, env) => {
      const v = s(it, env);
      const p = pe(it, env);
      return typeof v === "string" && typeof p === "string" && matches(v.toLowerCase(), p.toLowerCase());
    };
    return { evaluate, type: booleanType, governing: undefined, referenced };
  }

  private compileLambda(node: LambdaNode): Compiled {
    const collection = this.compilePath(node.collection);
    if (collection.type.type !== "unknown" && !collection.type.collection) {
      throw this.fail(
        `The '${node.op}' operator at position ${node.position} in '${this.options.text}' can only be applied to a collection, found '${edmName(collection.type)}'.`,
      );
    }
    const getCollection = collection.evaluate;
    if (node.predicate === undefined || node.variable === undefined) {
      const evaluate: Evaluator = (it, env) => {
        const c = getCollection(it, env);
        return Array.isArray(c) && c.length > 0;
      };
      return { evaluate, type: booleanType, governing: undefined, referenced: collection.referenced };
    }
    const slot = this.scopes.length;
    const elementType: StaticType = collection.type.type === "unknown" ? unknownType : { type: collection.type.type, collection: false };
    this.scopes.push({ name: node.variable, slot, type: elementType, governing: collection.governing });
    let body: Compiled;
    try {
      body = this.compile(node.predicate);
    } finally {
      this.scopes.pop();
    }
    const test = this.requireBoolean(body, node.op, node.position);
    const evaluate: Evaluator =
      node.op === "any"
        ? (it, env) => {
            const c = getCollection(it, env);
            if (!Array.isArray(c)) return false;
            for (const element of c) {
              env[slot] = element;
              if (test(it, env)) return true;
            }
            return false;
          }
        : (it, env) => {
            const c = getCollection(it, env);
            if (!Array.isArray(c)) return true;
            for (const element of c) {
              env[slot] = element;
              if (!test(it, env)) return false;
            }
            return true;
          };
    return { evaluate, type: booleanType, governing: undefined, referenced: [...collection.referenced, ...body.referenced] };
  }
}

/** Checks `expr` against the schema and compiles it to a predicate; throws GraphError. */
export function compileFilter(expr: Expr, options: CompileOptions): CompiledFilter {
  return new FilterCompiler(options).compileRoot(expr);
}
