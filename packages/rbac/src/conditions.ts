/**
 * Conditions on role assignments (Azure ABAC, conditionVersion 2.0): a role assignment with a
 * condition grants only when its condition holds for the request. On Resource Manager this is
 * how Azure constrains delegation: "Role Based Access Control Administrator, but only to assign
 * Reader to service principals", written as
 *
 *   ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR
 *    (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {acdd72a7-...}))
 *
 * Ignoring a condition would hand out the unconstrained role, so a condition is evaluated or the
 * assignment does not grant: a construct this grammar does not know, or an attribute the request
 * does not carry, makes the condition fail, with the reason in the explanation.
 */
import { actionMatches } from "./permissions.js";

/** Attribute values of one request, keyed `@Source[name]` (e.g. `@Request[Microsoft.Authorization/roleAssignments:PrincipalType]`), case-insensitive. */
export type ConditionAttributes = Readonly<Record<string, readonly string[]>>;

export interface ConditionContext {
  /** The action or data action being decided. */
  readonly operation: string;
  readonly attributes?: ConditionAttributes;
}

export type ConditionOutcome = { readonly holds: true } | { readonly holds: false; readonly reason: string };

class ConditionFailure extends Error {}

type Token = { kind: "word" | "string" | "punct" | "attribute"; text: string };

const QUANTIFIERS = ["foranyofanyvalues", "forallofanyvalues", "foranyofallvalues", "forallofallvalues"] as const;
type Quantifier = (typeof QUANTIFIERS)[number];

/** Decides one assignment's condition for one request. */
export function evaluateCondition(condition: string, context: ConditionContext): ConditionOutcome {
  try {
    const parser = new ConditionParser(tokenize(condition), context);
    const holds = parser.parseExpression();
    parser.expectEnd();
    return holds ? { holds: true } : { holds: false, reason: "its condition does not hold for this request" };
  } catch (error) {
    if (error instanceof ConditionFailure) return { holds: false, reason: `its condition cannot be evaluated: ${error.message}` };
    throw error;
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end === -1) throw new ConditionFailure("a string is not closed");
      tokens.push({ kind: "string", text: source.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "@") {
      const end = source.indexOf("]", i);
      if (end === -1) throw new ConditionFailure("an attribute is not closed");
      tokens.push({ kind: "attribute", text: source.slice(i, end + 1).toLowerCase() });
      i = end + 1;
    } else if ("(){},!".includes(c)) {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else if (c === "&" || c === "|") {
      if (source[i + 1] !== c) throw new ConditionFailure(`unexpected '${c}'`);
      tokens.push({ kind: "word", text: c === "&" ? "and" : "or" });
      i += 2;
    } else {
      const match = /^[A-Za-z0-9_.:\-/*]+/.exec(source.slice(i));
      if (match === null) throw new ConditionFailure(`unexpected '${c}'`);
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class ConditionParser {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly context: ConditionContext,
  ) {}

  expectEnd(): void {
    if (this.at < this.tokens.length) throw new ConditionFailure(`unexpected '${this.tokens[this.at]!.text}'`);
  }

  parseExpression(): boolean {
    let value = this.parseAnd();
    while (this.peekWord("or")) {
      this.at++;
      // Both sides are parsed whatever the left gave: a malformed right side fails the condition.
      const right = this.parseAnd();
      value = value || right;
    }
    return value;
  }

  private parseAnd(): boolean {
    let value = this.parseUnary();
    while (this.peekWord("and")) {
      this.at++;
      const right = this.parseUnary();
      value = value && right;
    }
    return value;
  }

  private parseUnary(): boolean {
    if (this.peekPunct("!") || this.peekWord("not")) {
      this.at++;
      return !this.parseUnary();
    }
    return this.parsePrimary();
  }

  private parsePrimary(): boolean {
    if (this.peekPunct("(")) {
      this.at++;
      const value = this.parseExpression();
      this.expectPunct(")");
      return value;
    }
    const token = this.next("an expression");
    if (token.kind === "word") {
      const word = token.text.toLowerCase();
      if (word === "actionmatches") return actionMatches(this.braced(), this.context.operation);
      if (word === "suboperationmatches") {
        this.braced();
        // Resource Manager's operations (and the data planes azmi serves) have no sub-operations.
        return false;
      }
      if (word === "exists" || word === "notexists") {
        const attribute = this.next("an attribute");
        if (attribute.kind !== "attribute") throw new ConditionFailure(`${token.text} needs an attribute`);
        const present = this.valuesOf(attribute.text) !== undefined;
        return word === "exists" ? present : !present;
      }
    }
    if (token.kind !== "attribute") throw new ConditionFailure(`unexpected '${token.text}'`);
    return this.comparison(token.text);
  }

  private comparison(attribute: string): boolean {
    const operatorToken = this.next("an operator");
    if (operatorToken.kind !== "word") throw new ConditionFailure(`unexpected '${operatorToken.text}' after ${attribute}`);
    let quantifier: Quantifier = "foranyofanyvalues";
    let operator = operatorToken.text.toLowerCase();
    const colon = operator.indexOf(":");
    if (colon !== -1) {
      const named = operator.slice(0, colon);
      if (!(QUANTIFIERS as readonly string[]).includes(named)) throw new ConditionFailure(`unknown quantifier '${operatorToken.text.slice(0, colon)}'`);
      quantifier = named as Quantifier;
      operator = operator.slice(colon + 1);
    }
    const compare = comparator(operator, operatorToken.text);
    const expected = this.valueSet();
    const actual = this.valuesOf(attribute);
    if (actual === undefined || actual.length === 0) return false;
    const allActual = quantifier.startsWith("forall");
    const allExpected = quantifier.endsWith("allvalues");
    const matchesExpected = (a: string) => (allExpected ? expected.every((e) => compare(a, e)) : expected.some((e) => compare(a, e)));
    return allActual ? actual.every(matchesExpected) : actual.some(matchesExpected);
  }

  private valuesOf(attribute: string): readonly string[] | undefined {
    for (const [name, values] of Object.entries(this.context.attributes ?? {})) if (name.toLowerCase() === attribute) return values;
    return undefined;
  }

  /** One value, or `{a, b, ...}`; strings quoted, GUIDs, numbers and booleans bare. */
  private valueSet(): string[] {
    if (!this.peekPunct("{")) return [this.value()];
    this.at++;
    const values = [this.value()];
    while (this.peekPunct(",")) {
      this.at++;
      values.push(this.value());
    }
    this.expectPunct("}");
    return values;
  }

  private value(): string {
    const token = this.next("a value");
    if (token.kind === "string" || token.kind === "word") return token.text;
    throw new ConditionFailure(`unexpected '${token.text}' where a value belongs`);
  }

  private braced(): string {
    this.expectPunct("{");
    const token = this.next("a quoted action");
    if (token.kind !== "string") throw new ConditionFailure("ActionMatches and SubOperationMatches need a quoted name");
    this.expectPunct("}");
    return token.text;
  }

  private next(what: string): Token {
    const token = this.tokens[this.at++];
    if (token === undefined) throw new ConditionFailure(`the condition ends where ${what} belongs`);
    return token;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === "word" && token.text.toLowerCase() === word;
  }

  private peekPunct(punct: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === "punct" && token.text === punct;
  }

  private expectPunct(punct: string): void {
    if (!this.peekPunct(punct)) throw new ConditionFailure(`'${punct}' expected${this.tokens[this.at] ? ` before '${this.tokens[this.at]!.text}'` : ""}`);
    this.at++;
  }
}

type Comparator = (actual: string, expected: string) => boolean;

const lower = (s: string) => s.toLowerCase();
const likePattern = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

const COMPARATORS: Readonly<Record<string, Comparator>> = {
  stringequals: (a, e) => a === e,
  stringnotequals: (a, e) => a !== e,
  stringequalsignorecase: (a, e) => lower(a) === lower(e),
  stringnotequalsignorecase: (a, e) => lower(a) !== lower(e),
  stringstartswith: (a, e) => a.startsWith(e),
  stringnotstartswith: (a, e) => !a.startsWith(e),
  stringstartswithignorecase: (a, e) => lower(a).startsWith(lower(e)),
  stringlike: (a, e) => likePattern(e).test(a),
  stringnotlike: (a, e) => !likePattern(e).test(a),
  guidequals: (a, e) => lower(a) === lower(e),
  guidnotequals: (a, e) => lower(a) !== lower(e),
  boolequals: (a, e) => lower(a) === lower(e),
  boolnotequals: (a, e) => lower(a) !== lower(e),
  numericequals: (a, e) => Number(a) === Number(e),
  numericnotequals: (a, e) => Number(a) !== Number(e),
  numericlessthan: (a, e) => Number(a) < Number(e),
  numericlessthanequals: (a, e) => Number(a) <= Number(e),
  numericgreaterthan: (a, e) => Number(a) > Number(e),
  numericgreaterthanequals: (a, e) => Number(a) >= Number(e),
};

function comparator(operator: string, asWritten: string): Comparator {
  const found = COMPARATORS[operator];
  if (found === undefined) throw new ConditionFailure(`unknown operator '${asWritten}'`);
  return found;
}
