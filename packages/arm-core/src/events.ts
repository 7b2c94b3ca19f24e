/**
 * One in-process event list for cross-cutting reactions (a scope is deleted, so its role
 * assignments, locks and identities go with it). Handlers run synchronously inside the
 * emitting transaction, so a reaction that fails rolls back the change that caused it.
 */
export interface DomainEventBase {
  readonly type: string;
}

type Handler<E> = (event: E) => void;

export class EventBus<E extends DomainEventBase> {
  private readonly handlers = new Map<string, Array<Handler<E>>>();

  on<T extends E["type"]>(type: T, handler: Handler<Extract<E, { type: T }>>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as Handler<E>);
    this.handlers.set(type, list);
  }

  emit(event: E): void {
    for (const handler of this.handlers.get(event.type) ?? []) handler(event);
  }
}

import type { ResourceId } from "./resource-id.js";

/** A scope (resource group, resource, child resource) is gone: everything at or below it must go too. */
export interface ScopeDeletedEvent {
  readonly type: "scopeDeleted";
  readonly scope: ResourceId;
}

export type CoreEvent = ScopeDeletedEvent;
