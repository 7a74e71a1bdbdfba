import { expect } from 'vitest';
import { CaptureReader, type CaptureReaderOptions, type CaptureSummary, type DecodedPacket } from '../../../../src/lib/ingest/pcap/index.ts';

/** A decoded packet with its payload copied out (the reader's view is only valid in the callback). */
export type ReadPacket = Omit<DecodedPacket, 'payload'> & { payload: number[] };

export interface ReadResult {
  packets: ReadPacket[];
  summary: CaptureSummary;
}

/**
 * Reads `file` through a CaptureReader, in one chunk or in the given chunk sizes (cycled), and checks
 * the invariant framesRead = framesUsed + framesSkipped on every read.
 */
export function readCapture(
  file: Uint8Array,
  chunkSizes?: number[],
  options: Omit<CaptureReaderOptions, 'onPacket'> = {},
): ReadResult {
  const packets: ReadPacket[] = [];
  const reader = new CaptureReader({ ...options, onPacket: (p) => packets.push({ ...p, payload: Array.from(p.payload) }) });
  if (chunkSizes === undefined) reader.push(file);
  else {
    let at = 0;
    for (let i = 0; at < file.length; i++) {
      const size = chunkSizes[i % chunkSizes.length];
      // Copy each chunk into its own buffer, as a File stream would deliver it.
      reader.push(file.slice(at, at + size));
      at += size;
    }
  }
  const summary = reader.finish();
  expect(summary.framesRead).toBe(summary.framesUsed + summary.framesSkipped);
  return { packets, summary };
}

/** A deterministic pseudo-random sequence of chunk sizes in [1, max]. */
export function randomChunkSizes(count: number, max: number, seed = 7): number[] {
  let state = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(1 + (state % max));
  }
  return out;
}

export const text = (bytes: number[]) => String.fromCharCode(...bytes);
