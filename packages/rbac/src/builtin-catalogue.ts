/**
 * The built-in role catalogue shipped with this package (data/azure-builtin-roles.json, a copy
 * of the facts file: GUID, roleName, permissions, assignableScopes). Read once, on first lookup; its
 * shape is checked by this package's tests, not at every start (a zod pass over 600 roles was a
 * tenth of azmi's start-up).
 * Roles whose permissions are unknown (null) still exist and can be assigned; they grant nothing.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { permissionSchema, type Permission } from "./permissions.js";

const builtInEntrySchema = z.object({
  name: z.string(),
  roleName: z.string(),
  permissions: z.array(permissionSchema).nullable(),
  assignableScopes: z.array(z.string()).nullable(),
});

/** The catalogue file's shape. */
export const builtInCatalogueSchema = z.array(builtInEntrySchema);
export type BuiltInEntry = z.infer<typeof builtInEntrySchema>;

export interface BuiltInRole {
  /** Lower-case GUID. */
  readonly guid: string;
  readonly roleName: string;
  readonly permissions: readonly Permission[];
  readonly assignableScopes: readonly string[];
}

interface CatalogueIndex {
  readonly roles: readonly BuiltInRole[];
  readonly byGuid: ReadonlyMap<string, BuiltInRole>;
  readonly byName: ReadonlyMap<string, BuiltInRole>;
}

export class BuiltInCatalogue {
  private index: CatalogueIndex | undefined;

  /** From entries, or from a function that reads them when the catalogue is first asked. */
  constructor(private readonly source: readonly BuiltInEntry[] | (() => readonly BuiltInEntry[])) {}

  /** A catalogue from entries not known to be well-formed. */
  static parse(entries: unknown): BuiltInCatalogue {
    return new BuiltInCatalogue(builtInCatalogueSchema.parse(entries));
  }

  get roles(): readonly BuiltInRole[] {
    return this.indexed().roles;
  }

  get(guid: string): BuiltInRole | undefined {
    return this.indexed().byGuid.get(guid.toLowerCase());
  }

  byRoleName(roleName: string): BuiltInRole | undefined {
    return this.indexed().byName.get(roleName.toLowerCase());
  }

  private indexed(): CatalogueIndex {
    if (this.index !== undefined) return this.index;
    const entries = typeof this.source === "function" ? this.source() : this.source;
    const roles = entries.map((e) =>
      Object.freeze({
        guid: e.name.toLowerCase(),
        roleName: e.roleName,
        permissions: e.permissions ?? [],
        // Unknown scopes: Azure's built-ins are assignable everywhere ("/") unless stated.
        assignableScopes: e.assignableScopes ?? ["/"],
      }),
    );
    this.index = {
      roles,
      byGuid: new Map(roles.map((r) => [r.guid, r])),
      byName: new Map(roles.map((r) => [r.roleName.toLowerCase(), r])),
    };
    return this.index;
  }
}

let shipped: BuiltInCatalogue | undefined;

/** The file shipped in this package's data/ directory (found from src/ and dist/ alike). */
export const SHIPPED_FILE = new URL("../data/azure-builtin-roles.json", import.meta.url);

/** The shipped catalogue; its file is read when a role is first looked up, not at start. */
export function shippedCatalogue(): BuiltInCatalogue {
  shipped ??= new BuiltInCatalogue(() => JSON.parse(readFileSync(SHIPPED_FILE, "utf8")) as BuiltInEntry[]);
  return shipped;
}
