/**
 * Users and groups created through Graph (the directory has none until a test creates them).
 * A userPrincipalName is unique in the tenant; a password is write-only: never stored, never
 * answered. Callers run these inside a store transaction.
 */
import { randomUUID } from "node:crypto";
import { graphErrors } from "@azmi/graph-odata";
import { odataType, type DirectoryObject, type DirectoryObjects } from "./directory-objects.js";
import { directoryTimestamp } from "./directory-timestamp.js";
import type { GroupCreate, GroupUpdate, UserCreate, UserUpdate } from "./object-bodies.js";

export function newUser(body: UserCreate): DirectoryObject {
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

export function newGroup(body: GroupCreate): DirectoryObject {
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

function requireUniqueUpn(directory: DirectoryObjects, upn: string | undefined, self: string | undefined): void {
  if (upn === undefined) return;
  const taken = directory.list({ kind: "user" }).some((u) => u.id !== self && String(u.userPrincipalName ?? "").toLowerCase() === upn.toLowerCase());
  if (taken) throw graphErrors.badRequest("Another object with the same value for property userPrincipalName already exists.");
}

export function insertUser(directory: DirectoryObjects, body: UserCreate): DirectoryObject {
  requireUniqueUpn(directory, body.userPrincipalName, undefined);
  const user = newUser(body);
  directory.put(user);
  return user;
}

export function patchUser(directory: DirectoryObjects, user: DirectoryObject, body: UserUpdate): void {
  const { passwordProfile: _password, ...changes } = body;
  requireUniqueUpn(directory, changes.userPrincipalName, user.id);
  directory.put({ ...user, ...changes });
}

export function insertGroup(directory: DirectoryObjects, body: GroupCreate): DirectoryObject {
  const group = newGroup(body);
  directory.put(group);
  return group;
}

export function patchGroup(directory: DirectoryObjects, group: DirectoryObject, changes: GroupUpdate): void {
  directory.put({ ...group, ...changes });
}
