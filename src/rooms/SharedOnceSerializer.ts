import { SchemaSerializer, type Client } from "@colyseus/core";
import type { Schema } from "@colyseus/schema";

/** @colyseus/schema's key, on a class's metadata, of the indexes of its `@view` fields. */
const VIEW_FIELD_INDEXES = "~__viewFieldIndexes";
const PRIMITIVES = new Set(["string", "number", "boolean"]);

type FieldMetadata = { name: string; type: unknown };

/**
 * Colyseus's schema serializer, with a joiner's first state made cheaper for a state whose every
 * collection is a `@view` field of the root (the map room's). A first state is the part every client sees
 * and the joiner's view. Colyseus encodes the shared part again whenever any change is pending, which in a
 * burst of joins is at every join, and that is a walk of the whole state tree (every player's inventory,
 * bank and skills included). When everything but a few primitive fields of the root is behind `@view`, the
 * shared part is those fields and nothing else: it is encoded again only when one of them changed. The
 * view part, and every other state shape, is Colyseus's own encoding.
 *
 * A room gets Colyseus's serializer when its state is assigned; `takeOver` makes one of these from it (the
 * same encoder: a second encoder on one state would number its references twice).
 */
export class SharedOnceSerializer<T extends Schema> extends SchemaSerializer<T> {
  /** The root's fields outside any view, when all of them are primitives; null: no shortcut. */
  private sharedFields: string[] | null = null;
  /** The values of `sharedFields` the cached shared part was encoded with. */
  private sharedKey: string | null = null;

  /** This serializer in place of `colyseus` (its encoder, buffers and caches), for the same state. */
  static takeOver<S extends Schema>(colyseus: SchemaSerializer<S>): SharedOnceSerializer<S> {
    const serializer = Object.assign(new SharedOnceSerializer<S>(), colyseus);
    serializer.sharedKey = null;
    serializer.sharedFields = primitiveSharedFields(serializer.encoder.state);
    return serializer;
  }

  override reset(newState: T & Schema): void {
    super.reset(newState);
    this.sharedKey = null;
    this.sharedFields = primitiveSharedFields(newState);
  }

  override getFullState(client?: Client, timing?: Parameters<SchemaSerializer<T>["getFullState"]>[1]): ReturnType<SchemaSerializer<T>["getFullState"]> {
    if (!this.sharedFields || !this.hasFilters || !client?.view || timing) {
      this.sharedKey = null;
      return super.getFullState(client, timing);
    }
    const state = this.encoder.state as unknown as Record<string, unknown>;
    const key = JSON.stringify(this.sharedFields.map((name) => state[name]));
    if (key !== this.sharedKey) {
      this.sharedOffsetCache = { offset: 1 };
      this.fullEncodeCache = this.encoder.encodeAll(this.sharedOffsetCache, this.fullEncodeBuffer);
      this.sharedKey = key;
    }
    return this.encoder.encodeAllView(client.view, this.sharedOffsetCache.offset, { ...this.sharedOffsetCache }, this.fullEncodeBuffer);
  }
}

/** The names of the root's fields outside `@view`, or null when one of them is not a primitive. */
function primitiveSharedFields(state: Schema): string[] | null {
  const metadata = (state.constructor as unknown as Record<symbol, Record<string | number, unknown> | undefined>)[Symbol.metadata];
  const viewIndexes = metadata?.[VIEW_FIELD_INDEXES];
  if (!metadata || !Array.isArray(viewIndexes)) return null;
  const shared: string[] = [];
  for (const [index, field] of Object.entries(metadata)) {
    if (!/^\d+$/.test(index)) continue;
    if (viewIndexes.includes(Number(index))) continue;
    const { name, type } = field as FieldMetadata;
    if (typeof type !== "string" || !PRIMITIVES.has(type)) return null;
    shared.push(name);
  }
  return shared;
}
