/**
 * Microsoft.KeyVault/vaults/secrets on Resource Manager: the control-plane face of a vault's
 * secrets, what Bicep and ARM templates declare. It is not a copy: a PUT with a value sets a new
 * version in the vault's data plane, where the app reads it, and ARM's answers describe the
 * current version (its URIs and attributes) without ever carrying the value, as Azure's do.
 * Failures of the data plane's rules (a name taken by a deleted secret, a bad name) keep their
 * status, code and message, in ARM's envelope.
 */
import { ArmError, armErrors } from "@azmi/arm-core";
import { z } from "zod";
import { isKeyVaultDataError } from "./data-plane/data-errors.js";
import { attributesInput, dataVaultOf, tagsInput } from "./data-plane/item-attributes.js";
import type { StoredSecret, VaultSecrets } from "./data-plane/secrets.js";
import type { StoredVault } from "./vaults.js";

export const ARM_SECRET_TYPE = "Microsoft.KeyVault/vaults/secrets";

const secretProperties = z
  .object({
    value: z.string().nullish(),
    contentType: z.string().nullish(),
    attributes: attributesInput.nullish(),
  })
  .passthrough();

export const armSecretBody = z.object({ tags: tagsInput, properties: secretProperties.nullish() }).passthrough();
export type ArmSecretBody = z.infer<typeof armSecretBody>;

/** The vault a secret lives in, as the data plane and Resource Manager both need it. */
export interface SecretVault {
  readonly id: string;
  readonly vault: StoredVault;
}

export class ArmSecrets {
  constructor(private readonly secrets: VaultSecrets) {}

  get(at: SecretVault, name: string): Record<string, unknown> {
    return render(at, this.current(at, name) ?? notFound(at, name));
  }

  list(at: SecretVault): Record<string, unknown>[] {
    return this.secrets.current(dataVaultOf(at.id, at.vault)).map((s) => render(at, s));
  }

  /**
   * PUT (and PATCH, `mustExist`): a value makes a new version; without one, the current
   * version's attributes, content type and tags change. Answers whether the secret is new.
   */
  write(at: SecretVault, name: string, body: ArmSecretBody, now: Date, mustExist = false): { created: boolean; secret: Record<string, unknown> } {
    const before = this.current(at, name);
    if (before === undefined && mustExist) notFound(at, name);
    const data = dataVaultOf(at.id, at.vault);
    const base = baseOf(at.vault);
    const properties = body.properties ?? {};
    const fields = {
      ...(properties.contentType == null ? {} : { contentType: properties.contentType }),
      ...(properties.attributes == null ? {} : { attributes: properties.attributes }),
      ...(body.tags == null ? {} : { tags: body.tags }),
    };
    asArm(() => {
      if (properties.value != null || before === undefined) this.secrets.set(data, name, { ...fields, value: properties.value ?? undefined }, now, base);
      else this.secrets.update(data, name, undefined, fields, now, base);
    });
    return { created: before === undefined, secret: render(at, this.current(at, name)!) };
  }

  private current(at: SecretVault, name: string): StoredSecret | undefined {
    try {
      return this.secrets.current(dataVaultOf(at.id, at.vault), name)[0];
    } catch (error) {
      if (isKeyVaultDataError(error) && error.status === 404) return undefined;
      throw error;
    }
  }
}

function notFound(at: SecretVault, name: string): never {
  throw armErrors.resourceNotFound(ARM_SECRET_TYPE, `${at.vault.name}/${name}`, resourceGroupOf(at.id));
}

function resourceGroupOf(id: string): string | undefined {
  return /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
}

function baseOf(vault: StoredVault): string {
  return vault.properties.vaultUri.replace(/\/+$/, "");
}

function asArm(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (isKeyVaultDataError(error)) throw new ArmError(error.status, error.code, error.message);
    throw error;
  }
}

function render(at: SecretVault, s: StoredSecret): Record<string, unknown> {
  const uri = `${baseOf(at.vault)}/secrets/${s.name}`;
  const a = s.attributes;
  return {
    id: `${at.id}/secrets/${s.name}`,
    name: s.name,
    type: ARM_SECRET_TYPE,
    location: at.vault.location,
    ...(s.tags === undefined ? {} : { tags: s.tags }),
    properties: {
      ...(s.contentType === undefined ? {} : { contentType: s.contentType }),
      attributes: {
        enabled: a.enabled,
        ...(a.nbf === undefined ? {} : { nbf: a.nbf }),
        ...(a.exp === undefined ? {} : { exp: a.exp }),
        created: a.created,
        updated: a.updated,
      },
      secretUri: uri,
      secretUriWithVersion: `${uri}/${s.version}`,
    },
  };
}
