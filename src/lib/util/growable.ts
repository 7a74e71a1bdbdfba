/**
 * Typed-array columns that grow by doubling (the page's score and identity stores): one rule for the
 * capacity and one copy step, instead of one per store. Pure.
 */

type TypedColumn = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

/** The capacity for `needed` rows: the current one doubled until it fits, at least `minimum`. */
export function grownCapacity(current: number, needed: number, minimum = 65_536): number {
  let capacity = Math.max(minimum, current);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

/** `column` copied into a new one of `capacity` rows, keeping its first `length`. */
export function regrow<T extends TypedColumn>(column: T, capacity: number, length: number): T {
  const next = new (column.constructor as new (n: number) => T)(capacity);
  next.set(column.subarray(0, length) as never);
  return next;
}
