/**
 * The OData expression tokenizer, shared by $filter and $orderby. It scans characters one at a
 * time (no regular expressions) and records each token's position so parse errors can point
 * at it the way OData's own messages do ("... at position 14 in '...'").
 */
export type TokenKind =
  | "identifier" // displayName, eq, any, true, null, $count ...
  | "string" // 'it''s' -> it's
  | "number"
  | "guid" // bare 00000000-0000-0000-0000-000000000000
  | "datetime" // bare 2021-11-01 or 2021-11-01T00:00:00Z
  | "openParen"
  | "closeParen"
  | "comma"
  | "slash"
  | "colon"
  | "end";

export interface Token {
  readonly kind: TokenKind;
  /** Decoded value: the string's content, the number's text, the identifier as written. */
  readonly text: string;
  /** 0-based offset in the expression. */
  readonly position: number;
}

export class LexError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = "LexError";
    this.position = position;
  }
}

const punctuation: Readonly<Record<string, TokenKind>> = {
  "(": "openParen",
  ")": "closeParen",
  ",": "comma",
  "/": "slash",
  ":": "colon",
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && ((c >= "0" && c <= "9") || (c >= "a" && c <= "f") || (c >= "A" && c <= "F"));
}

function isIdentifierStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$" || c === "@");
}

function isIdentifierPart(c: string | undefined): boolean {
  return isIdentifierStart(c) || isDigit(c) || c === ".";
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

/** Length of a GUID (8-4-4-4-12 hex digits) starting at `at`, or 0. */
function guidLength(text: string, at: number): number {
  const groups = [8, 4, 4, 4, 12];
  let i = at;
  for (let g = 0; g < groups.length; g++) {
    for (let n = 0; n < groups[g]!; n++, i++) if (!isHex(text[i])) return 0;
    if (g < groups.length - 1) {
      if (text[i] !== "-") return 0;
      i++;
    }
  }
  // A GUID-shaped prefix of a longer identifier is not a GUID.
  return isIdentifierPart(text[i]) || text[i] === "-" ? 0 : i - at;
}

/** Length of a date (yyyy-mm-dd) or date-time (…Thh:mm[:ss[.fff]](Z|±hh:mm)) at `at`, or 0. */
function dateTimeLength(text: string, at: number): number {
  const digits = (from: number, count: number): boolean => {
    for (let n = 0; n < count; n++) if (!isDigit(text[from + n])) return false;
    return true;
  };
  let i = at;
  if (!(digits(i, 4) && text[i + 4] === "-" && digits(i + 5, 2) && text[i + 7] === "-" && digits(i + 8, 2))) return 0;
  i += 10;
  if (text[i] === "T" || text[i] === "t") {
    if (!(digits(i + 1, 2) && text[i + 3] === ":" && digits(i + 4, 2))) return 0;
    i += 6;
    if (text[i] === ":" && digits(i + 1, 2)) {
      i += 3;
      if (text[i] === "." && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
    }
    if (text[i] === "Z" || text[i] === "z") i++;
    else if ((text[i] === "+" || text[i] === "-") && digits(i + 1, 2) && text[i + 3] === ":" && digits(i + 4, 2)) i += 6;
  }
  return isIdentifierPart(text[i]) ? 0 : i - at;
}

/** Length of a number (-12, 3.5, 1e10) at `at`, or 0. */
function numberLength(text: string, at: number): number {
  let i = at;
  if (text[i] === "-") i++;
  if (!isDigit(text[i])) return 0;
  while (isDigit(text[i])) i++;
  if (text[i] === "." && isDigit(text[i + 1])) {
    i++;
    while (isDigit(text[i])) i++;
  }
  if ((text[i] === "e" || text[i] === "E") && (isDigit(text[i + 1]) || ((text[i + 1] === "+" || text[i + 1] === "-") && isDigit(text[i + 2])))) {
    i += 2;
    while (isDigit(text[i])) i++;
  }
  // Trailing type suffixes OData allows on numbers (L, M, D, F) are accepted and dropped.
  if (text[i] === "L" || text[i] === "l" || text[i] === "M" || text[i] === "m" || text[i] === "D" || text[i] === "d" || text[i] === "F" || text[i] === "f") {
    if (!isIdentifierPart(text[i + 1])) return i + 1 - at;
  }
  return isIdentifierPart(text[i]) ? 0 : i - at;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const punct = punctuation[c];
    if (punct !== undefined) {
      tokens.push({ kind: punct, text: c, position: i });
      i++;
      continue;
    }
    if (c === "'") {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new LexError(`There is an unterminated literal at position ${start} in '${text}'.`, start);
        const d = text[i]!;
        if (d === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: "string", text: value, position: start });
      continue;
    }
    // A GUID may start with a letter, so it is tried before identifiers; a date before numbers.
    const g = guidLength(text, i);
    if (g > 0) {
      tokens.push({ kind: "guid", text: text.slice(i, i + g), position: i });
      i += g;
      continue;
    }
    const dt = dateTimeLength(text, i);
    if (dt > 0) {
      tokens.push({ kind: "datetime", text: text.slice(i, i + dt), position: i });
      i += dt;
      continue;
    }
    const n = numberLength(text, i);
    if (n > 0) {
      let numText = text.slice(i, i + n);
      const last = numText[numText.length - 1]!;
      if (!isDigit(last)) numText = numText.slice(0, -1);
      tokens.push({ kind: "number", text: numText, position: i });
      i += n;
      continue;
    }
    if (isIdentifierStart(c)) {
      const start = i;
      while (isIdentifierPart(text[i])) i++;
      tokens.push({ kind: "identifier", text: text.slice(start, i), position: start });
      continue;
    }
    throw new LexError(`Syntax error: character '${c}' is not valid at position ${i} in '${text}'.`, i);
  }
  tokens.push({ kind: "end", text: "", position: text.length });
  return tokens;
}
