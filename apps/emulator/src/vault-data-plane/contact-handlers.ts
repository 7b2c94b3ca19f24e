/** The certificate-contacts operations: thin calls into @azmi/keyvault's CertificateContacts. */
import type { VaultHandlerContext, VaultOperationHandler } from "./exchange.js";

const contacts = (ctx: VaultHandlerContext) => ctx.services.keyVaultData.certificateContacts;

export const contactHandlers = {
  get: { operation: "getCertificateContacts", writes: false, handle: (c) => ({ status: 200, body: contacts(c).get(c.vault, c.base) }) },
  set: { operation: "setCertificateContacts", writes: true, handle: (c) => ({ status: 200, body: contacts(c).set(c.vault, c.body, c.base) }) },
  delete: { operation: "deleteCertificateContacts", writes: true, handle: (c) => ({ status: 200, body: contacts(c).delete(c.vault, c.base) }) },
} satisfies Record<string, VaultOperationHandler>;
