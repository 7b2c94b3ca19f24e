/**
 * A vault's certificate contacts: whom Key Vault mails about certificates nearing expiry. One
 * list per vault, replaced whole by a PUT and removed by a DELETE (which answers what it
 * removed). A vault without contacts answers an empty list, as Key Vault does. azurerm reads
 * them on every refresh of azurerm_key_vault, so a vault without this cannot be managed by it.
 */
import type { Store } from "@azmi/arm-core";
import { z } from "zod";
import { kvErrors } from "./data-errors.js";
import { parseInput, type DataVault } from "./item-attributes.js";

const contactSchema = z.object({
  email: z.string().max(254).optional(),
  name: z.string().max(256).optional(),
  phone: z.string().max(64).optional(),
});
const contactsInput = z.object({ contacts: z.array(contactSchema).max(100) });

type Contact = z.infer<typeof contactSchema>;

const COLLECTION = "keyVaultCertificateContacts";

export class CertificateContacts {
  constructor(private readonly store: Store) {}

  get(vault: DataVault, base: string): unknown {
    return view(base, this.stored(vault));
  }

  set(vault: DataVault, body: unknown, base: string): unknown {
    const { contacts } = parseInput(contactsInput, body);
    if (contacts.some((c) => c.email === undefined || c.email === "")) throw kvErrors.badParameter("Each contact must have an email address.");
    this.store.put(COLLECTION, vault.key, contacts, { vault: vault.key });
    return view(base, contacts);
  }

  delete(vault: DataVault, base: string): unknown {
    const removed = this.stored(vault);
    this.store.delete(COLLECTION, vault.key);
    return view(base, removed);
  }

  wipeVault(vaultKey: string): void {
    this.store.delete(COLLECTION, vaultKey);
  }

  private stored(vault: DataVault): Contact[] {
    return this.store.get<Contact[]>(COLLECTION, vault.key) ?? [];
  }
}

function view(base: string, contacts: readonly Contact[]): unknown {
  return { id: `${base}/certificates/contacts`, contacts: contacts.map((c) => ({ ...c })) };
}
