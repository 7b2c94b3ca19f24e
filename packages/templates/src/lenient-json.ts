/**
 * The JSON ARM reads. Resource Manager parses request bodies leniently (Newtonsoft): comments,
 * unquoted property names, single-quoted strings and trailing commas pass, and az relies on it
 * (it splices the template file verbatim into the body after an unquoted `template:` key).
 * The parser also records where each value starts, so template errors can name the line and
 * column Azure names.
 */
import { MAX_JSON_DEPTH } from "@azmi/arm-core";

export interface Position {
  /** 1-based. */
  readonly lineNumber: number;
  /** 1-based column of the value's first character. */
  readonly linePosition: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
    readonly path: string,
  ) {
    super(`${message} Path '${path}', line ${position.lineNumber}, position ${position.linePosition}.`);
  }
}

/** Where each value of a parsed document starts, by ARM path ("properties.template.resources[0].name"). */
const documentPositions = new WeakMap<object, ReadonlyMap<string, Position>>();

/** The positions recorded when `document` (the root object of a parse) was parsed. */
export function positionsOf(document: unknown): ReadonlyMap<string, Position> | undefined {
  return typeof document === "object" && document !== null ? documentPositions.get(document) : undefined;
}

export function parseLenientJson(text: string): unknown {
  const parser = new Parser(text.replace(/^\uFEFF/, ""));
  parser.skip();
  const value = parser.value("");
  parser.skip();
  if (parser.at < parser.text.length) parser.fail("Additional text encountered after finished reading JSON content.", "");
  if (typeof value === "object" && value !== null) documentPositions.set(value, parser.positions);
  return value;
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const plain = /^[A-Za-z0-9_$@-]+$/.test(key);
  if (!plain) return `${path}['${key.replace(/'/g, "\\'")}']`;
  return path === "" ? key : `${path}.${key}`;
}

class Parser {
  at = 0;
  /** Arrays and objects open around the value being read: past MAX_JSON_DEPTH the body is refused, as ARM refuses it. */
  private depth = 0;
  readonly positions = new Map<string, Position>();
  private lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { lineNumber: lo + 1, linePosition: offset - this.lineStarts[lo]! + 1 };
  }

  fail(message: string, path: string): never {
    throw new JsonSyntaxError(message, this.position(this.at), path);
  }

  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.at];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.at++;
      else if (c === "/" && t[this.at + 1] === "/") {
        while (this.at < t.length && t[this.at] !== "\n") this.at++;
      } else if (c === "/" && t[this.at + 1] === "*") {
        const end = t.indexOf("*/", this.at + 2);
        if (end < 0) this.fail("Unexpected end while parsing comment.", "");
        this.at = end + 2;
      } else return;
    }
  }

  value(path: string): unknown {
    this.skip();
    this.positions.set(path, this.position(this.at));
    const c = this.text[this.at];
    if (c === "{") return this.object(path);
    if (c === "[") return this.array(path);
    if (c === '"' || c === "'") return this.string(path);
    if (c === "-" || c === "+" || c === "." || (c !== undefined && c >= "0" && c <= "9")) return this.number(path);
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.text.slice(this.at, this.at + 64))?.[0];
    if (word === "true" || word === "false" || word === "null") {
      this.at += word.length;
      return word === "true" ? true : word === "false" ? false : null;
    }
    if (c === undefined) this.fail("Unexpected end when reading JSON.", path);
    this.fail(`Unexpected character encountered while parsing value: ${c}.`, path);
  }

  private enter(path: string): void {
    if (++this.depth > MAX_JSON_DEPTH) this.fail(`The JSON nests deeper than the maximum of ${MAX_JSON_DEPTH} levels.`, path);
  }

  object(path: string): Record<string, unknown> {
    this.enter(path);
    this.at++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skip();
      const c = this.text[this.at];
      if (c === "}") {
        this.at++;
        this.depth--;
        return out;
      }
      if (c === undefined) this.fail("Unexpected end when reading JSON.", path);
      const key = c === '"' || c === "'" ? this.string(path) : this.bareName(path);
      this.skip();
      if (this.text[this.at] !== ":") this.fail(`Invalid character after parsing property name. Expected ':' but got: ${this.text[this.at] ?? "end"}.`, path);
      this.at++;
      const child = childPath(path, key);
      // defineProperty: a "__proto__" key in a template is data, never the prototype.
      Object.defineProperty(out, key, { value: this.value(child), enumerable: true, writable: true, configurable: true });
      this.skip();
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "}") this.fail(`After parsing a value an unexpected character was encountered: ${this.text[this.at] ?? "end"}.`, child);
    }
  }

  array(path: string): unknown[] {
    this.enter(path);
    this.at++;
    const out: unknown[] = [];
    for (;;) {
      this.skip();
      const c = this.text[this.at];
      if (c === "]") {
        this.at++;
        this.depth--;
        return out;
      }
      if (c === undefined) this.fail("Unexpected end when reading JSON.", path);
      out.push(this.value(childPath(path, out.length)));
      this.skip();
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "]") this.fail(`After parsing a value an unexpected character was encountered: ${this.text[this.at] ?? "end"}.`, path);
    }
  }

  bareName(path: string): string {
    const match = /^[A-Za-z0-9_$@-]+/.exec(this.text.slice(this.at, this.at + 512));
    if (match === null) this.fail(`Invalid property identifier character: ${this.text[this.at]}.`, path);
    this.at += match[0].length;
    return match[0];
  }

  string(path: string): string {
    const quote = this.text[this.at]!;
    this.at++;
    let out = "";
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail("Unterminated string. Expected delimiter: " + quote + ".", path);
      this.at++;
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.text[this.at++];
      switch (e) {
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "u": {
          const hex = this.text.slice(this.at, this.at + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid Unicode escape sequence.", path);
          out += String.fromCharCode(parseInt(hex, 16));
          this.at += 4;
          break;
        }
        case undefined:
          this.fail("Unterminated string.", path);
        default:
          out += e;
      }
    }
  }

  number(path: string): number {
    const match = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 64));
    if (match === null) this.fail(`Input string '${this.text.slice(this.at, this.at + 10)}' is not a valid number.`, path);
    this.at += match[0].length;
    return Number(match[0]);
  }
}
