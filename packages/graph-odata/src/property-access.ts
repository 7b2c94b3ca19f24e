/**
 * Reading a property of a plain object the way Graph resolves names: exact spelling first,
 * then case-insensitively. Only own properties count, so `constructor` or `__proto__` in a
 * query never reach Object.prototype.
 */
export type Getter = (value: unknown) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

export function getProperty(value: unknown, name: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (hasOwn.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key in record) {
    if (hasOwn.call(record, key) && key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

/** The object's own spelling of `name`, or undefined when it has no such property. */
export function ownKeyFor(record: Record<string, unknown>, name: string): string | undefined {
  if (hasOwn.call(record, name)) return name;
  const lower = name.toLowerCase();
  for (const key in record) if (hasOwn.call(record, key) && key.toLowerCase() === lower) return key;
  return undefined;
}

/** Names an own-property test must guard: a plain object inherits them from Object.prototype. */
function inherited(name: string): boolean {
  return name === "__proto__" || name in Object.prototype;
}

/** A getter for one property; the fast path reads it directly and scans only when it is absent. */
export function propertyGetter(name: string): Getter {
  if (inherited(name)) return (v) => getProperty(v, name);
  return (v) => {
    if (v === null || typeof v !== "object") return undefined;
    const direct = (v as Record<string, unknown>)[name];
    return direct !== undefined || Array.isArray(v) ? direct : getProperty(v, name);
  };
}

/** A getter for a/b/c. `$count` as a segment reads a collection's length, as OData allows. */
export function pathGetter(segments: readonly string[]): Getter {
  const steps: Getter[] = segments.map((segment) =>
    segment === "$count" ? (v: unknown) => (Array.isArray(v) ? v.length : undefined) : propertyGetter(segment),
  );
  if (steps.length === 0) return (v) => v;
  if (steps.length === 1) return steps[0]!;
  return (v) => {
    let current = v;
    for (const step of steps) {
      if (current === undefined || current === null) return undefined;
      current = step(current);
    }
    return current;
  };
}
