/**
 * The template expression language: a string "[...]" is an expression, "[[..." is the literal
 * "[...". Grammar: expr := literal | call | expr '.' name | expr '[' expr ']';
 * call := name ('.' name)? '(' (expr (',' expr)*)? ')'; literals are 'single-quoted' strings
 * ('' escapes a quote), integers, and the words true/false/null. Function names are
 * case-insensitive.
 */

export type Expression =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expression[] }
  | { readonly kind: "property"; readonly target: Expression; readonly name: string; readonly safe: boolean }
  | { readonly kind: "index"; readonly target: Expression; readonly index: Expression; readonly safe: boolean };

/** A language expression that cannot be parsed; the message is ARM's. */
export class ExpressionSyntaxError extends Error {}

/** True for "[...]" (an expression), false for plain strings and "[[..." escapes. */
export function isExpression(value: string): boolean {
  return value.length >= 2 && value.startsWith("[") && !value.startsWith("[[") && value.endsWith("]");
}

/** The literal a "[[..." string stands for. */
export function unescapeLiteral(value: string): string {
  return value.startsWith("[[") ? value.slice(1) : value;
}

type Token =
  | { kind: "name"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "punct"; text: string; at: number }
  | { kind: "end"; at: number };

function tokenize(source: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + offset;
    if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionSyntaxError(`the string literal starting at position '${at}' is not terminated`);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i];
        i++;
      }
      tokens.push({ kind: "string", text, at });
      continue;
    }
    if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: "number", value: Number(m[0]), at });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i))!;
      tokens.push({ kind: "name", text: m[0], at });
      i += m[0].length;
      continue;
    }
    if (c === "." && source[i + 1] === "?") {
      tokens.push({ kind: "punct", text: ".?", at });
      i += 2;
      continue;
    }
    if (c === "[" && source[i + 1] === "?") {
      tokens.push({ kind: "punct", text: "[?", at });
      i += 2;
      continue;
    }
    if ("(),.[]".includes(c)) {
      tokens.push({ kind: "punct", text: c, at });
      i++;
      continue;
    }
    throw new ExpressionSyntaxError(`the character '${c}' at position '${at}' is not expected`);
  }
  tokens.push({ kind: "end", at: source.length + offset });
  return tokens;
}

/** Parses the text of a "[...]" string (brackets included). */
export function parseExpression(text: string): Expression {
  const body = text.slice(1, -1);
  const tokens = tokenize(body, 1);
  let p = 0;
  const peek = () => tokens[p]!;
  const isPunct = (t: Token, s: string) => t.kind === "punct" && t.text === s;
  const expect = (s: string) => {
    const t = peek();
    if (!isPunct(t, s)) throw new ExpressionSyntaxError(unexpected(t, `'${s}'`));
    p++;
  };

  function primary(): Expression {
    const t = peek();
    if (t.kind === "string") {
      p++;
      return { kind: "literal", value: t.text };
    }
    if (t.kind === "number") {
      p++;
      return { kind: "literal", value: t.value };
    }
    if (t.kind === "name") {
      p++;
      let name = t.text;
      // A user-defined function: namespace.member(...).
      if (isPunct(peek(), ".") && tokens[p + 1]?.kind === "name" && isPunct(tokens[p + 2]!, "(")) {
        name = `${name}.${(tokens[p + 1] as { text: string }).text}`;
        p += 2;
      }
      if (!isPunct(peek(), "(")) {
        const lower = name.toLowerCase();
        if (lower === "true" || lower === "false") return { kind: "literal", value: lower === "true" };
        if (lower === "null") return { kind: "literal", value: null };
        throw new ExpressionSyntaxError(unexpected(peek(), "'('"));
      }
      p++;
      const args: Expression[] = [];
      if (!isPunct(peek(), ")")) {
        for (;;) {
          args.push(postfix());
          if (isPunct(peek(), ",")) {
            p++;
            continue;
          }
          break;
        }
      }
      expect(")");
      return { kind: "call", name, args };
    }
    throw new ExpressionSyntaxError(unexpected(t, "a function call or a literal"));
  }

  function postfix(): Expression {
    let expr = primary();
    for (;;) {
      const t = peek();
      if (isPunct(t, ".") || isPunct(t, ".?")) {
        p++;
        const name = peek();
        if (name.kind !== "name") throw new ExpressionSyntaxError(unexpected(name, "a property name"));
        p++;
        expr = { kind: "property", target: expr, name: name.text, safe: t.kind === "punct" && t.text === ".?" };
      } else if (isPunct(t, "[") || isPunct(t, "[?")) {
        p++;
        const index = postfix();
        expect("]");
        expr = { kind: "index", target: expr, index, safe: t.kind === "punct" && t.text === "[?" };
      } else return expr;
    }
  }

  if (peek().kind === "end") throw new ExpressionSyntaxError("the expression is empty");
  const expr = postfix();
  if (peek().kind !== "end") throw new ExpressionSyntaxError(unexpected(peek(), "the end of the expression"));
  return expr;
}

function unexpected(t: Token, wanted: string): string {
  if (t.kind === "end") return `the expression ended unexpectedly where ${wanted} was expected`;
  const text = t.kind === "number" ? String(t.value) : t.kind === "string" ? `'${t.text}'` : t.text;
  return `the token '${text}' at position '${t.at}' is not expected, ${wanted} was expected`;
}

/** Every function a parsed expression calls (lower-case), for validation without evaluating. */
export function calledFunctions(expr: Expression, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case "literal":
      break;
    case "call":
      into.add(expr.name.toLowerCase());
      for (const a of expr.args) calledFunctions(a, into);
      break;
    case "property":
      calledFunctions(expr.target, into);
      break;
    case "index":
      calledFunctions(expr.target, into);
      calledFunctions(expr.index, into);
      break;
  }
  return into;
}

const cache = new Map<string, Expression>();

/** parseExpression, memoised: templates repeat the same expressions in every loop iteration. */
export function parseCached(text: string): Expression {
  let expr = cache.get(text);
  if (expr === undefined) {
    expr = parseExpression(text);
    if (cache.size > 10_000) cache.clear();
    cache.set(text, expr);
  }
  return expr;
}
