/** The secrets operations: thin calls into @azmi/keyvault's VaultSecrets. */
import type { VaultHandlerContext, VaultOperationHandler } from "./exchange.js";
import { listAnswer, pageRequest } from "./list-answer.js";

const secrets = (ctx: VaultHandlerContext) => ctx.services.keyVaultData.secrets;

export const secretHandlers = {
  set: {
    operation: "setSecret",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: secrets(c).set(c.vault, c.params[0]!, c.body, c.now, c.base) }),
  },
  get: {
    operation: "getSecret",
    itemParam: 0,
    writes: false,
    handle: (c) => ({ status: 200, body: secrets(c).get(c.vault, c.params[0]!, c.params[1], c.base) }),
  },
  update: {
    operation: "updateSecret",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: secrets(c).update(c.vault, c.params[0]!, c.params[1], c.body, c.now, c.base) }),
  },
  list: { operation: "listSecrets", writes: false, handle: (c) => listAnswer(c, "/secrets", secrets(c).list(c.vault, pageRequest(c), c.base)) },
  listVersions: {
    operation: "listSecretVersions",
    itemParam: 0,
    writes: false,
    handle: (c) => listAnswer(c, `/secrets/${c.params[0]}/versions`, secrets(c).listVersions(c.vault, c.params[0]!, pageRequest(c), c.base)),
  },
  delete: {
    operation: "deleteSecret",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: secrets(c).delete(c.vault, c.params[0]!, c.now, c.base) }),
  },
  getDeleted: {
    operation: "getDeletedSecret",
    itemParam: 0,
    writes: false,
    handle: (c) => ({ status: 200, body: secrets(c).getDeleted(c.vault, c.params[0]!, c.base) }),
  },
  listDeleted: {
    operation: "listDeletedSecrets",
    writes: false,
    handle: (c) => listAnswer(c, "/deletedsecrets", secrets(c).listDeleted(c.vault, pageRequest(c), c.base)),
  },
  recover: {
    operation: "recoverSecret",
    itemParam: 0,
    writes: true,
    handle: (c) => ({ status: 200, body: secrets(c).recover(c.vault, c.params[0]!, c.base) }),
  },
  purge: {
    operation: "purgeSecret",
    itemParam: 0,
    writes: true,
    handle: (c) => {
      secrets(c).purge(c.vault, c.params[0]!);
      return { status: 204 };
    },
  },
  backup: { operation: "backupSecret", itemParam: 0, writes: false, handle: (c) => ({ status: 200, body: secrets(c).backup(c.vault, c.params[0]!) }) },
  restore: { operation: "restoreSecret", writes: true, handle: (c) => ({ status: 200, body: secrets(c).restore(c.vault, c.body, c.base) }) },
} satisfies Record<string, VaultOperationHandler>;
