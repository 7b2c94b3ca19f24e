/**
 * What a caller may tell the engine about the objects it queries: each property's type and the
 * operators the directory has "indexed" it for. Graph refuses operators a property does not
 * support (Request_UnsupportedQuery), unknown properties (Request_BadRequest), and literals of the
 * wrong type (a GUID property compared to a quoted string). Without a schema every property
 * accepts every operator and literal types are not checked.
 */
export type FilterOperator = "eq" | "ne" | "not" | "in" | "gt" | "ge" | "lt" | "le" | "startsWith" | "endsWith" | "contains" | "any" | "all";

export type PropertyType = "string" | "guid" | "boolean" | "number" | "datetime" | "object";

export interface PropertySchema {
  readonly type: PropertyType;
  /** A multi-valued property (filtered through any()/all()). */
  readonly collection?: boolean;
  /** Operators $filter accepts on it; absent means the property cannot be filtered. */
  readonly filter?: readonly FilterOperator[];
  /** Whether $orderby accepts it, and whether only in an advanced query. */
  readonly orderby?: "default" | "advanced";
  /** Whether $search accepts it. */
  readonly search?: boolean;
}

export interface EntitySchema {
  /** For "Could not find a property named 'x' on type 'microsoft.graph.servicePrincipal'." */
  readonly typeName: string;
  /** For "... for property 'x' of resource 'ServicePrincipal'." */
  readonly resourceName: string;
  readonly properties: Readonly<Record<string, PropertySchema>>;
}

/** The schema's own spelling of a property, matched case-insensitively as Graph does. */
export function canonicalProperty(schema: EntitySchema, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(schema.properties, name)) return name;
  const lower = name.toLowerCase();
  for (const key of Object.keys(schema.properties)) if (key.toLowerCase() === lower) return key;
  return undefined;
}
