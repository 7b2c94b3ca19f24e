/**
 * Whether an operation name is a control-plane action or a data action. The two share one naming
 * scheme (`Microsoft.KeyVault/vaults/secrets/read` is ARM's, `.../secrets/getSecret/action` the
 * data plane's), and a role's `*` matches both, so a name is taken for a data action only when a
 * built-in role, or the embedder's own list, names it exactly among its dataActions.
 */
import type { BuiltInCatalogue, OperationKind } from "@azmi/rbac";

export class OperationKinds {
  private readonly dataActions = new Set<string>();

  constructor(catalogue: BuiltInCatalogue, extraDataActions: readonly string[] = []) {
    for (const role of catalogue.roles) {
      for (const block of role.permissions) for (const name of block.dataActions) if (!name.includes("*")) this.dataActions.add(name.toLowerCase());
    }
    for (const name of extraDataActions) this.dataActions.add(name.toLowerCase());
  }

  kindOf(operation: string): OperationKind {
    return this.dataActions.has(operation.toLowerCase()) ? "dataAction" : "action";
  }
}
