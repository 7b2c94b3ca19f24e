/**
 * What secrets and keys share: their attributes (enabled, nbf, exp, created, updated, in
 * seconds since the epoch), the recovery level a vault gives them, item names, version ids,
 * and the data plane's view of the vault they live in.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { kvErrors } from "./data-errors.js";
import type { StoredVault } from "../vaults.js";

export const attributesInput = z
  .object({
    enabled: z.boolean().nullish(),
    nbf: z.number().int().nullish(),
    exp: z.number().int().nullish(),
  })
  .passthrough();
export type AttributesInput = z.infer<typeof attributesInput>;

export const tagsInput = z.record(z.string(), z.string()).nullish();

export interface StoredAttributes {
  readonly enabled: boolean;
  readonly nbf?: number;
  readonly exp?: number;
  readonly created: number;
  readonly updated: number;
}

export interface RenderedAttributes extends StoredAttributes {
  readonly recoveryLevel: string;
  readonly recoverableDays?: number;
}

/** The vault as its data plane sees it: name, id, soft-delete and purge rules. */
export interface DataVault {
  /** Lower-case vault name: the key everything in the vault is stored under. */
  readonly key: string;
  readonly id: string;
  readonly vault: StoredVault;
}

export function dataVaultOf(id: string, vault: StoredVault): DataVault {
  return { key: vault.name.toLowerCase(), id, vault };
}

/** Key Vault's deletion recovery level, from the vault's soft-delete settings. */
export function recoveryLevelOf(vault: DataVault): { recoveryLevel: string; recoverableDays?: number } {
  const p = vault.vault.properties;
  if (!p.enableSoftDelete) return { recoveryLevel: "Purgeable" };
  const customized = p.softDeleteRetentionInDays < 90 ? "CustomizedRecoverable" : "Recoverable";
  return { recoveryLevel: p.enablePurgeProtection === true ? customized : `${customized}+Purgeable`, recoverableDays: p.softDeleteRetentionInDays };
}

export function nowSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

export function newAttributes(input: AttributesInput | null | undefined, now: Date): StoredAttributes {
  const t = nowSeconds(now);
  return withInput({ enabled: true, created: t, updated: t }, input);
}

export function updatedAttributes(current: StoredAttributes, input: AttributesInput | null | undefined, now: Date): StoredAttributes {
  return withInput({ ...current, updated: nowSeconds(now) }, input);
}

function withInput(base: StoredAttributes, input: AttributesInput | null | undefined): StoredAttributes {
  if (input === null || input === undefined) return base;
  const out: { -readonly [K in keyof StoredAttributes]: StoredAttributes[K] } = { ...base };
  if (input.enabled !== undefined && input.enabled !== null) out.enabled = input.enabled;
  if (input.nbf !== undefined) setOptional(out, "nbf", input.nbf);
  if (input.exp !== undefined) setOptional(out, "exp", input.exp);
  return out;
}

function setOptional(out: { nbf?: number; exp?: number }, field: "nbf" | "exp", value: number | null): void {
  if (value === null) delete out[field];
  else out[field] = value;
}

export function renderAttributes(attributes: StoredAttributes, vault: DataVault): RenderedAttributes {
  return { ...attributes, ...recoveryLevelOf(vault) };
}

/** Secret and key names: 1–127 letters, digits and hyphens. */
export function checkItemName(name: string): string {
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) throw kvErrors.badParameter(`The request URI contains an invalid name: ${name}`);
  return name;
}

/** A new version id: 32 lower-case hex digits, as Key Vault makes them. */
export function newVersionId(): string {
  return randomUUID().replace(/-/g, "");
}

/** Reads a JSON body with a schema; a mismatch is Key Vault's BadParameter. */
export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  throw kvErrors.badParameter(field === "" ? `The request body is not valid: ${issue.message}` : `Property '${field}' is not valid: ${issue.message}`);
}

/** The item key under a vault: vault|name, both lower case. */
export function itemKey(vault: DataVault, name: string): string {
  return `${vault.key}|${name.toLowerCase()}`;
}

export const DAY_SECONDS = 24 * 60 * 60;
