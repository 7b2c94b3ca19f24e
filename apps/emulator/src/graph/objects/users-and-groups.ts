/** Users and groups created through Graph (the directory has none until a test creates them). */
import { randomUUID } from "node:crypto";
import { odataType, type DirectoryObject } from "@azmi/identity";
import type { z } from "zod";
import type { groupCreateBody, userCreateBody } from "./request-bodies.js";
import { directoryTimestamp } from "./timestamps.js";

export function newUser(body: z.infer<typeof userCreateBody>): DirectoryObject {
  // The password is write-only on Graph: never stored, never answered.
  const { passwordProfile: _password, ...rest } = body;
  return {
    "@odata.type": odataType("user"),
    id: randomUUID(),
    deletedDateTime: null,
    businessPhones: [],
    createdDateTime: directoryTimestamp(),
    givenName: null,
    jobTitle: null,
    mail: null,
    mobilePhone: null,
    officeLocation: null,
    otherMails: [],
    preferredLanguage: null,
    proxyAddresses: [],
    surname: null,
    userType: "Member",
    ...rest,
  };
}

export function newGroup(body: z.infer<typeof groupCreateBody>): DirectoryObject {
  return {
    "@odata.type": odataType("group"),
    id: randomUUID(),
    deletedDateTime: null,
    classification: null,
    createdDateTime: directoryTimestamp(),
    description: null,
    groupTypes: [],
    isAssignableToRole: null,
    mail: null,
    proxyAddresses: [],
    renewedDateTime: directoryTimestamp(),
    securityIdentifier: `S-1-12-1-${[0, 1, 2, 3].map(() => Math.floor(Math.random() * 4294967295)).join("-")}`,
    visibility: null,
    ...body,
  };
}
