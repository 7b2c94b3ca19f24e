/**
 * Recursive-descent parser for OData v4 $filter expressions, precedence from the OData ABNF:
 *
 *   or      := and ("or" and)*
 *   and     := compare ("and" compare)*
 *   compare := unary (("eq"|"ne"|"gt"|"ge"|"lt"|"le") unary | "in" "(" literal ("," literal)* ")")*
 *   unary   := "not" unary | primary
 *   primary := "(" or ")" | literal | function "(" args ")" | path ["/" ("any"|"all") "(" [var ":" or] ")"]
 *
 * `not` binds tighter than comparisons, as in OData: `not a eq b` is `(not a) eq b`, which the
 * type check then refuses. Keywords and function names are case-insensitive, as Graph treats them.
 */
import type { CompareOp, Expr, FunctionName, LiteralNode, PathNode } from "./ast.js";
import { LexError, tokenize, type Token } from "./lexer.js";

export class FilterSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = "FilterSyntaxError";
    this.position = position;
  }
}

const compareOps: ReadonlySet<string> = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const functionArity: Readonly<Record<FunctionName, number>> = {
  startswith: 2,
  endswith: 2,
  contains: 2,
  tolower: 1,
  toupper: 1,
};

function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(functionArity, name);
}

/** Deeper nesting is refused as a syntax error (OData libraries bound recursion the same way). */
export const MAX_FILTER_DEPTH = 100;

class Parser {
  private index = 0;
  private depth = 0;
  /** Lambda variables in scope, innermost last. */
  private readonly variables: string[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): Expr {
    if (this.peek().kind === "end") throw this.error(`Expression expected at position ${this.peek().position} in '${this.text}'.`);
    const expr = this.parseOr();
    const next = this.peek();
    if (next.kind !== "end") throw this.error(`Syntax error at position ${next.position} in '${this.text}'.`, next.position);
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private error(message: string, position = this.peek().position): FilterSyntaxError {
    return new FilterSyntaxError(message, position);
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === "identifier" && token.text.toLowerCase() === word;
  }

  private expect(kind: Token["kind"], what: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.error(`${what} expected at position ${token.position} in '${this.text}'.`);
    return this.next();
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), "or")) {
      const position = this.next().position;
      left = { kind: "or", left, right: this.parseAnd(), position };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseCompare();
    while (this.isKeyword(this.peek(), "and")) {
      const position = this.next().position;
      left = { kind: "and", left, right: this.parseCompare(), position };
    }
    return left;
  }

  private parseCompare(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== "identifier") return left;
      const word = token.text.toLowerCase();
      if (compareOps.has(word)) {
        this.next();
        left = { kind: "compare", op: word as CompareOp, left, right: this.parseUnary(), position: token.position };
      } else if (word === "in") {
        this.next();
        left = { kind: "in", operand: left, values: this.parseLiteralList(), position: token.position };
      } else {
        return left;
      }
    }
  }

  private parseLiteralList(): LiteralNode[] {
    this.expect("openParen", "'('");
    const values: LiteralNode[] = [];
    for (;;) {
      const literal = this.tryLiteral();
      if (literal === undefined) throw this.error(`Literal expected at position ${this.peek().position} in '${this.text}'.`);
      values.push(literal);
      const token = this.next();
      if (token.kind === "closeParen") return values;
      if (token.kind !== "comma") throw this.error(`')' or ',' expected at position ${token.position} in '${this.text}'.`, token.position);
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    // Every nesting (parentheses, not, function arguments, lambdas) passes here: a bound on the
    // depth keeps a hostile `((((...` from overflowing the stack (a 500) in here or in compile.
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw this.error(`The $filter expression nests more than ${MAX_FILTER_DEPTH} levels deep at position ${token.position} in '${this.text}'.`);
    }
    try {
      if (this.isKeyword(token, "not")) {
        this.next();
        return { kind: "not", operand: this.parseUnary(), position: token.position };
      }
      return this.parsePrimary();
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    if (token.kind === "openParen") {
      this.next();
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== "closeParen") throw this.error(`')' or operator expected at position ${close.position} in '${this.text}'.`);
      this.next();
      return inner;
    }
    const literal = this.tryLiteral();
    if (literal !== undefined) return literal;
    if (token.kind === "identifier") {
      const lower = token.text.toLowerCase();
      if (this.peek(1).kind === "openParen") {
        if (!isFunctionName(lower)) {
          throw this.error(`An unknown function with name '${token.text}' was found at position ${token.position} in '${this.text}'.`, token.position);
        }
        return this.parseCall(lower);
      }
      return this.parsePath();
    }
    if (token.kind === "end") throw this.error(`Expression expected at position ${token.position} in '${this.text}'.`);
    throw this.error(`Syntax error at position ${token.position} in '${this.text}'.`);
  }

  private tryLiteral(): LiteralNode | undefined {
    const token = this.peek();
    const position = token.position;
    switch (token.kind) {
      case "string":
        this.next();
        return { kind: "literal", type: "string", value: token.text, position };
      case "number":
        this.next();
        return { kind: "literal", type: "number", value: Number(token.text), position };
      case "guid":
        this.next();
        return { kind: "literal", type: "guid", value: token.text.toLowerCase(), position };
      case "datetime":
        this.next();
        return { kind: "literal", type: "datetime", value: token.text, position };
      case "identifier": {
        const lower = token.text.toLowerCase();
        // `null`/`true`/`false` are literals unless used as a path root (never in Graph's schema).
        if (this.peek(1).kind === "slash" || this.peek(1).kind === "openParen") return undefined;
        if (lower === "null") {
          this.next();
          return { kind: "literal", type: "null", value: null, position };
        }
        if (lower === "true" || lower === "false") {
          this.next();
          return { kind: "literal", type: "boolean", value: lower === "true", position };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private parseCall(name: FunctionName): Expr {
    const nameToken = this.next();
    this.next(); // (
    const args: Expr[] = [];
    if (this.peek().kind !== "closeParen") {
      for (;;) {
        args.push(this.parseOr());
        const token = this.next();
        if (token.kind === "closeParen") break;
        if (token.kind !== "comma") throw this.error(`')' or ',' expected at position ${token.position} in '${this.text}'.`, token.position);
      }
    } else {
      this.next();
    }
    const arity = functionArity[name];
    if (args.length !== arity) {
      throw this.error(
        `The function '${nameToken.text}' at position ${nameToken.position} in '${this.text}' takes ${arity} argument${arity === 1 ? "" : "s"} but ${args.length} were given.`,
        nameToken.position,
      );
    }
    return { kind: "call", name, args, position: nameToken.position };
  }

  private parsePath(): Expr {
    const first = this.next();
    const position = first.position;
    const variable = this.variables.includes(first.text) ? first.text : undefined;
    const segments: string[] = variable === undefined ? [first.text] : [];
    while (this.peek().kind === "slash") {
      this.next();
      const segment = this.peek();
      if (segment.kind !== "identifier") throw this.error(`Identifier expected at position ${segment.position} in '${this.text}'.`);
      const lower = segment.text.toLowerCase();
      if ((lower === "any" || lower === "all") && this.peek(1).kind === "openParen") {
        const collection: PathNode = { kind: "path", variable, segments, position };
        return this.parseLambda(lower, collection, segment.position);
      }
      this.next();
      segments.push(segment.text);
    }
    return { kind: "path", variable, segments, position };
  }

  private parseLambda(op: "any" | "all", collection: PathNode, position: number): Expr {
    this.next(); // any | all
    this.next(); // (
    if (this.peek().kind === "closeParen") {
      this.next();
      if (op === "all") throw this.error(`The 'all' operator at position ${position} in '${this.text}' needs a lambda expression.`, position);
      return { kind: "lambda", op, collection, variable: undefined, predicate: undefined, position };
    }
    const variable = this.expect("identifier", "Lambda variable").text;
    this.expect("colon", "':'");
    this.variables.push(variable);
    let predicate: Expr;
    try {
      predicate = this.parseOr();
    } finally {
      this.variables.pop();
    }
    const close = this.peek();
    if (close.kind !== "closeParen") throw this.error(`')' or operator expected at position ${close.position} in '${this.text}'.`);
    this.next();
    return { kind: "lambda", op, collection, variable, predicate, position };
  }
}

/** Parses a $filter value into its syntax tree; throws FilterSyntaxError naming the problem and position. */
export function parseFilter(text: string): Expr {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    if (err instanceof LexError) throw new FilterSyntaxError(err.message, err.position);
    throw err;
  }
  return new Parser(text, tokens).parse();
}
