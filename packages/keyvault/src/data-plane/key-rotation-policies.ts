/**
 * A key's rotation policy: when Key Vault rotates the key or notifies (lifetimeActions with a
 * timeAfterCreate or timeBeforeExpiry trigger), and the expiry given to new versions. azmi stores
 * and answers it (azurerm reads it on every refresh of azurerm_key_vault_key) but runs no
 * scheduler: rotation happens when a client asks for it (POST .../rotate). A key without a
 * policy answers Key Vault's default: notify 30 days before expiry.
 */
import type { Store } from "@azmi/arm-core";
import { z } from "zod";
import { itemKey, nowSeconds, parseInput, type DataVault } from "./item-attributes.js";

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const duration = z.string().regex(DURATION, { error: "must be an ISO 8601 duration (e.g. P90D)" });

const lifetimeAction = z.object({
  trigger: z
    .object({ timeAfterCreate: duration.nullish(), timeBeforeExpiry: duration.nullish() })
    .refine((t) => (t.timeAfterCreate == null) !== (t.timeBeforeExpiry == null), { error: "A trigger has one of timeAfterCreate and timeBeforeExpiry." }),
  action: z.object({
    type: z
      .string()
      .transform((t) => t.toLowerCase())
      .pipe(z.enum(["rotate", "notify"], { error: "The action type is Rotate or Notify." })),
  }),
});

export const rotationPolicyInput = z.object({
  lifetimeActions: z.array(lifetimeAction).max(2).nullish(),
  attributes: z.object({ expiryTime: duration.nullish() }).nullish(),
});

interface StoredPolicy {
  readonly lifetimeActions: ReadonlyArray<{ trigger: { timeAfterCreate?: string; timeBeforeExpiry?: string }; action: { type: string } }>;
  readonly expiryTime?: string;
  readonly created: number;
  readonly updated: number;
}

const COLLECTION = "keyVaultKeyRotationPolicies";
const DEFAULT_ACTIONS = [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "Notify" } }];

export class KeyRotationPolicies {
  constructor(private readonly store: Store) {}

  get(vault: DataVault, name: string, base: string): unknown {
    return view(`${base}/keys/${name}/rotationpolicy`, this.store.get<StoredPolicy>(COLLECTION, itemKey(vault, name)));
  }

  set(vault: DataVault, name: string, body: unknown, now: Date, base: string): unknown {
    const input = parseInput(rotationPolicyInput, body);
    const previous = this.store.get<StoredPolicy>(COLLECTION, itemKey(vault, name));
    const t = nowSeconds(now);
    const policy: StoredPolicy = {
      lifetimeActions: (input.lifetimeActions ?? []).map((a) => ({
        trigger: a.trigger.timeAfterCreate == null ? { timeBeforeExpiry: a.trigger.timeBeforeExpiry! } : { timeAfterCreate: a.trigger.timeAfterCreate },
        action: { type: a.action.type === "rotate" ? "Rotate" : "Notify" },
      })),
      ...(input.attributes?.expiryTime == null ? {} : { expiryTime: input.attributes.expiryTime }),
      created: previous?.created ?? t,
      updated: t,
    };
    this.store.put(COLLECTION, itemKey(vault, name), policy, { vault: vault.key });
    return view(`${base}/keys/${name}/rotationpolicy`, policy);
  }

  /** The key was purged: its policy goes with it. */
  forget(vault: DataVault, name: string): void {
    this.store.delete(COLLECTION, itemKey(vault, name));
  }

  wipeVault(vaultKey: string): void {
    for (const { key } of this.store.findByIndex(COLLECTION, "vault", vaultKey)) this.store.delete(COLLECTION, key);
  }
}

function view(id: string, policy: StoredPolicy | undefined): unknown {
  if (policy === undefined) return { id, lifetimeActions: DEFAULT_ACTIONS, attributes: {} };
  return {
    id,
    lifetimeActions: policy.lifetimeActions,
    attributes: { ...(policy.expiryTime === undefined ? {} : { expiryTime: policy.expiryTime }), created: policy.created, updated: policy.updated },
  };
}
