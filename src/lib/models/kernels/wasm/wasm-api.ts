/**
 * The part of the WebAssembly JS API the generated kernels use, typed locally: src/lib compiles
 * without DOM or Node types. Compiling is synchronous: the modules are small and this runs in a
 * worker or Node (a browser's main thread refuses synchronous compiles over 4 KB).
 */
export interface WasmInstance<E> {
  exports: { memory: { buffer: ArrayBuffer } } & E;
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => WasmInstance<unknown>;
}

export const wasmApi = (): WasmApi | undefined => (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The module's instance, or null where the engine lacks WebAssembly, rejects the module (e.g. no SIMD) or refuses to compile it. */
export function instantiate<E>(bytes: Uint8Array): WasmInstance<E> | null {
  const wasm = wasmApi();
  if (!wasm || !wasm.validate(bytes)) return null;
  try {
    return new wasm.Instance(new wasm.Module(bytes)) as WasmInstance<E>;
  } catch {
    return null;
  }
}
