/**
 * The built-in role catalogue shipped with this package (data/azure-builtin-roles.json, a copy
 * of the facts file: GUID, roleName, permissions, assignableScopes). Read once, on first use; its
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

export class BuiltInCatalogue {
  private readonly byGuid = new Map<string, BuiltInRole>();
  private readonly byName = new Map<string, BuiltInRole>();
  readonly roles: readonly BuiltInRole[];

  constructor(entries: readonly BuiltInEntry[]) {
    this.roles = entries.map((e) =>
      Object.freeze({
        guid: e.name.toLowerCase(),
        roleName: e.roleName,
        permissions: e.permissions ?? [],
        // Unknown scopes: Azure's built-ins are assignable everywhere ("/") unless stated.
        assignableScopes: e.assignableScopes ?? ["/"],
      }),
    );
    for (const r of this.roles) {
      this.byGuid.set(r.guid, r);
      this.byName.set(r.roleName.toLowerCase(), r);
    }
  }

  /** A catalogue from entries not known to be well-formed. */
  static parse(entries: unknown): BuiltInCatalogue {
    return new BuiltInCatalogue(builtInCatalogueSchema.parse(entries));
  }

  get(guid: string): BuiltInRole | undefined {
    return this.byGuid.get(guid.toLowerCase());
  }

  byRoleName(roleName: string): BuiltInRole | undefined {
    return this.byName.get(roleName.toLowerCase());
  }
}

let shipped: BuiltInCatalogue | undefined;

/** The catalogue from the package's data directory (works from src/ and dist/ alike). */
/** The file shipped in this package's data/ directory. */
export const SHIPPED_FILE = new URL("../data/azure-builtin-roles.json", import.meta.url);

export function shippedCatalogue(): BuiltInCatalogue {
  shipped ??= new BuiltInCatalogue(JSON.parse(readFileSync(SHIPPED_FILE, "utf8")) as BuiltInEntry[]);
  return shipped;
}
