/**
 * exp, tanh, sigmoid and tfjs-layers' hard sigmoid as f32x4 instruction sequences. WebAssembly has
 * no transcendental instructions, so exp is built from its parts:
 *   exp(x) = 2^k · e^r,  k = round(x / ln 2),  r = x − k·ln 2 ∈ [−ln2/2, ln2/2]
 * with k·ln 2 subtracted in two pieces (Cody–Waite: ln2_hi has few enough bits that k·ln2_hi is exact),
 * 2^k written straight into a float's exponent bits, and e^r = 1 + r + r²·q(r), q a degree-4
 * polynomial fitted to (e^r − 1 − r)/r² by least squares on 200 Chebyshev nodes of the interval,
 * weighted for relative error (this project's own fit; the fit's error is 3.6e-9, below f32's
 * rounding, so the f32 evaluation is within ~1.2e-7 relative of e^x). k is rounded with the
 * 1.5·2^23 trick: adding it leaves k in the low mantissa bits (no float-to-int conversion needed).
 * x is clamped to [−87, 88] so 2^k stays a normal float: beyond it exp only feeds 1/(1+e) and
 * 1 − 2/(e+1), which are then exactly 0, 1 or ±1 in f32, so no input (±∞ included) gives NaN.
 *   tanh(x)    = 1 − 2 / (exp(2x) + 1) for |x| ≥ 0.5; below, where that form cancels (its error
 *                stays ~1e-7 absolute as tanh x → 0), x + x³·p(x²), p of degree 3 fitted likewise
 *                to (tanh x − x)/x³ on [0, 0.5] (f32 relative error 7e-8). Both are computed, one kept.
 *   sigmoid(x) = 1 / (1 + exp(−x))
 *   hardSigmoid(x) = clip(0.2·x + 0.5, 0, 1), tfjs-layers' definition (Keras 3 uses x/6 + 0.5).
 * Each emitter reads its argument from a v128 local and leaves the result on the stack.
 */
import type { WasmCode } from './wasm-code';

/** v128 locals an emitter may overwrite. */
export interface MathScratch {
  a: number;
  b: number;
  c: number;
}

const LOG2E = 1.4426950408889634;
const LN2_HI = 0.693145751953125; // 0x3f317200: 15 significant bits
const LN2_LO = 1.4286068203094173e-6; // ln 2 − LN2_HI
const ROUNDING_MAGIC = 12582912; // 1.5 · 2^23
const EXP_MIN = -87;
const EXP_MAX = 88;
/** q(r) ≈ (e^r − 1 − r)/r² on [−ln2/2, ln2/2], lowest degree first (see the header for the fit). */
export const EXP_Q = [0.49999988079071045, 0.166665181517601, 0.04166953265666962, 0.008368915878236294, 0.0013751407386735082];

/** exp(local x), clamped as described above. Uses all three scratch locals. */
export function emitExp(code: WasmCode, x: number, s: MathScratch): WasmCode {
  const { a: clamped, b: kBits, c: r } = s;
  code.localGet(x).f32x4Const(EXP_MAX).f32x4Pmin().f32x4Const(EXP_MIN).f32x4Pmax().localSet(clamped);
  // kBits: the float magic + k, whose low bits hold k; k itself as a float is kBits − magic.
  code.localGet(clamped).f32x4Const(LOG2E).f32x4Mul().f32x4Const(ROUNDING_MAGIC).f32x4Add().localTee(kBits);
  code.f32x4Const(ROUNDING_MAGIC).f32x4Sub().localSet(r); // r holds k for a moment
  code.localGet(clamped).localGet(r).f32x4Const(LN2_HI).f32x4Mul().f32x4Sub();
  code.localGet(r).f32x4Const(LN2_LO).f32x4Mul().f32x4Sub().localSet(r);
  // q(r) by Horner, then e^r = 1 + r·(1 + r·q).
  code.f32x4Const(EXP_Q[EXP_Q.length - 1]);
  for (let i = EXP_Q.length - 2; i >= 0; i--) code.localGet(r).f32x4Mul().f32x4Const(EXP_Q[i]).f32x4Add();
  code.localGet(r).f32x4Mul().f32x4Const(1).f32x4Add().localGet(r).f32x4Mul().f32x4Const(1).f32x4Add();
  // 2^k: (magic + k)'s bits shifted left by 23 are k << 23 (the magic's own bits shift out), plus the bias.
  code.localGet(kBits).i32Const(23).i32x4Shl().i32x4Const(127 << 23).i32x4Add();
  return code.f32x4Mul();
}

/** p(s) ≈ (tanh x − x)/x³ with s = x² on |x| ≤ TANH_SMALL, lowest degree first. */
export const TANH_P = [-0.33333152532577515, 0.13326095044612885, -0.05305931344628334, 0.017268825322389603];
const TANH_SMALL = 0.5;

/** tanh(local x) as described above. Overwrites the scratch locals and `spare`, not x. */
export function emitTanh(code: WasmCode, x: number, s: MathScratch, spare: number): WasmCode {
  code.localGet(x).f32x4Const(2).f32x4Mul().localSet(spare);
  code.f32x4Const(1).f32x4Const(2);
  emitExp(code, spare, s);
  code.f32x4Const(1).f32x4Add().f32x4Div().f32x4Sub().localSet(spare); // large |x|
  code.localGet(x).localGet(x).f32x4Mul().localSet(s.a); // x²
  code.f32x4Const(TANH_P[TANH_P.length - 1]);
  for (let i = TANH_P.length - 2; i >= 0; i--) code.localGet(s.a).f32x4Mul().f32x4Const(TANH_P[i]).f32x4Add();
  code.localGet(s.a).f32x4Mul().localGet(x).f32x4Mul().localGet(x).f32x4Add(); // small |x|
  code.localGet(spare);
  code.localGet(x).f32x4Abs().f32x4Const(TANH_SMALL).f32x4Lt();
  return code.v128Bitselect();
}

/** sigmoid(local x) = 1/(1 + exp(−x)). */
export function emitSigmoid(code: WasmCode, x: number, s: MathScratch, minusX: number): WasmCode {
  code.localGet(x).f32x4Neg().localSet(minusX);
  code.f32x4Const(1);
  emitExp(code, minusX, s);
  return code.f32x4Const(1).f32x4Add().f32x4Div();
}

/**
 * sigmoid(local x) in the form XNNPACK (tfjs's wasm Sigmoid) uses: f = e/(1 + e) with e = exp(−|x|),
 * then f for x < 0 and 1 − f otherwise, so large x give 1 − ε (0.99999994 …) rather than 1 exactly;
 * the dense stack's head uses it, keeping the layers model's ties (and so AUCs) on wasm.
 */
export function emitSigmoidSymmetric(code: WasmCode, x: number, s: MathScratch, spare: number): WasmCode {
  code.localGet(x).f32x4Abs().f32x4Neg().localSet(spare);
  emitExp(code, spare, s).localSet(spare);
  code.localGet(spare).localGet(spare).f32x4Const(1).f32x4Add().f32x4Div().localSet(spare); // f
  code.localGet(spare).f32x4Const(1).localGet(spare).f32x4Sub();
  code.localGet(x).f32x4Const(0).f32x4Lt();
  return code.v128Bitselect();
}

/** clip(0.2·x + 0.5, 0, 1) with the operations in tfjs-layers' order, so the results are bit-identical. */
export function emitHardSigmoid(code: WasmCode, x: number): WasmCode {
  return code.localGet(x).f32x4Const(0.2).f32x4Mul().f32x4Const(0.5).f32x4Add().f32x4Const(0).f32x4Pmax().f32x4Const(1).f32x4Pmin();
}
