/**
 * An instruction writer for function bodies: one method per WebAssembly instruction a generated
 * kernel uses (control flow, i32, f32 and f64 scalars, and the fixed-width SIMD proposal's v128 ops,
 * which sit behind the 0xFD prefix with a LEB128 sub-opcode). Methods return `this` so a body
 * reads as a sequence of instructions. Memory offsets are byte offsets added to the address on the
 * stack (memarg), which lets unrolled code address a whole weight matrix from one base pointer.
 */
import { signedLeb128, unsignedLeb128 } from './wasm-module-builder';

const SIMD = 0xfd;
const EMPTY_BLOCK = 0x40;

export class WasmCode {
  private readonly bytes: number[] = [];

  private op(...b: number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }

  private memarg(alignLog2: number, offset: number): number[] {
    return [...unsignedLeb128(alignLog2), ...unsignedLeb128(offset)];
  }

  private simd(sub: number, ...immediates: number[]): this {
    return this.op(SIMD, ...unsignedLeb128(sub), ...immediates);
  }

  /** The body's bytes, closed with `end`. */
  finish(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from([...this.bytes, 0x0b]);
  }

  // Control flow.
  block(): this { return this.op(0x02, EMPTY_BLOCK); }
  loop(): this { return this.op(0x03, EMPTY_BLOCK); }
  if(): this { return this.op(0x04, EMPTY_BLOCK); }
  else(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...unsignedLeb128(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...unsignedLeb128(depth)); }
  drop(): this { return this.op(0x1a); }

  // Locals.
  localGet(i: number): this { return this.op(0x20, ...unsignedLeb128(i)); }
  localSet(i: number): this { return this.op(0x21, ...unsignedLeb128(i)); }
  localTee(i: number): this { return this.op(0x22, ...unsignedLeb128(i)); }

  // Scalars.
  i32Const(v: number): this { return this.op(0x41, ...signedLeb128(v)); }
  f32Const(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return this.op(0x43, ...b);
  }
  f64Const(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.op(0x44, ...b);
  }
  i32Load(offset = 0): this { return this.op(0x28, ...this.memarg(2, offset)); }
  f64Load(offset = 0): this { return this.op(0x2b, ...this.memarg(3, offset)); }
  f64Store(offset = 0): this { return this.op(0x39, ...this.memarg(3, offset)); }
  f32Load(offset = 0): this { return this.op(0x2a, ...this.memarg(2, offset)); }
  i32Store(offset = 0): this { return this.op(0x36, ...this.memarg(2, offset)); }
  f32Store(offset = 0): this { return this.op(0x38, ...this.memarg(2, offset)); }
  i32Eqz(): this { return this.op(0x45); }
  i32Ne(): this { return this.op(0x47); }
  i32LtU(): this { return this.op(0x49); }
  i32GtU(): this { return this.op(0x4b); }
  f32Lt(): this { return this.op(0x5d); }
  i32Add(): this { return this.op(0x6a); }
  i32Sub(): this { return this.op(0x6b); }
  i32Mul(): this { return this.op(0x6c); }
  i32Shl(): this { return this.op(0x74); }
  i32ShrU(): this { return this.op(0x76); }
  f32Add(): this { return this.op(0x92); }
  f32Sub(): this { return this.op(0x93); }
  f32Mul(): this { return this.op(0x94); }
  f32Div(): this { return this.op(0x95); }
  f32Max(): this { return this.op(0x97); }
  f64Add(): this { return this.op(0xa0); }

  // SIMD: memory and constants.
  v128Load(offset = 0): this { return this.simd(0x00, ...this.memarg(4, offset)); }
  v128Load32Splat(offset = 0): this { return this.simd(0x09, ...this.memarg(2, offset)); }
  v128Store(offset = 0): this { return this.simd(0x0b, ...this.memarg(4, offset)); }
  /** A v128 constant of four f32 lanes (one value repeated when given one). */
  f32x4Const(...lanes: number[]): this {
    const values = lanes.length === 1 ? [lanes[0], lanes[0], lanes[0], lanes[0]] : lanes;
    if (values.length !== 4) throw new Error('f32x4Const takes 1 or 4 lanes');
    return this.simd(0x0c, ...new Uint8Array(new Float32Array(values).buffer));
  }
  /** A v128 constant of four i32 lanes (one value repeated when given one). */
  i32x4Const(...lanes: number[]): this {
    const values = lanes.length === 1 ? [lanes[0], lanes[0], lanes[0], lanes[0]] : lanes;
    if (values.length !== 4) throw new Error('i32x4Const takes 1 or 4 lanes');
    return this.simd(0x0c, ...new Uint8Array(new Int32Array(values).buffer));
  }

  // SIMD: lanes.
  f32x4Splat(): this { return this.simd(0x13); }
  f32x4ExtractLane(lane: number): this { return this.simd(0x1f, lane); }

  // SIMD: comparisons (all-ones lanes where true) and bitwise selection.
  f32x4Lt(): this { return this.simd(0x43); }
  /** (a & mask) | (b & ~mask), with a, b, mask on the stack in that order. */
  v128Bitselect(): this { return this.simd(0x52); }

  // SIMD: f32x4 arithmetic. pmin/pmax are the "pseudo" min and max (b < a ? b : a), one machine
  // instruction on x64 and ARM, where min/max also order NaNs and signed zeros at a cost.
  f32x4Abs(): this { return this.simd(0xe0); }
  f32x4Neg(): this { return this.simd(0xe1); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Sub(): this { return this.simd(0xe5); }
  f32x4Mul(): this { return this.simd(0xe6); }
  f32x4Div(): this { return this.simd(0xe7); }
  f32x4Min(): this { return this.simd(0xe8); }
  f32x4Max(): this { return this.simd(0xe9); }
  f32x4Pmin(): this { return this.simd(0xea); }
  f32x4Pmax(): this { return this.simd(0xeb); }

  // SIMD: i32x4 integer ops (on a float's bits, for building powers of two).
  i32x4Shl(): this { return this.simd(0xab); }
  i32x4Add(): this { return this.simd(0xae); }
  i32x4Sub(): this { return this.simd(0xb1); }
}
