/**
 * Tag rules Resource Manager applies to every resource and resource group: tag names must not
 * hold the reserved characters < > % & \ ? / or control characters.
 */
import { armErrors } from "./errors.js";

const RESERVED = /[<>%&\\?/\u0000-\u001f\u007f]/;

export type Tags = Readonly<Record<string, string>>;

/** Throws InvalidTagNameCharacters naming every offending tag. */
export function validateTags(tags: Tags | undefined): void {
  if (tags === undefined) return;
  const bad = Object.keys(tags).filter((name) => RESERVED.test(name));
  if (bad.length > 0) throw armErrors.invalidTagNameCharacters(bad);
}

/** The value of tag `name` (tag names compare case-insensitively in ARM), or undefined. */
export function tagValue(tags: Tags | undefined, name: string): string | undefined {
  if (tags === undefined) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(tags)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
