/**
 * The abort and message helpers every layer shares (page, bridge, readers). Here in src/lib, the
 * lowest layer, so the readers need nothing above them; pure, no DOM beyond DOMException.
 */

/** What a cancelled operation rejects with, the same shape `fetch` and streams use for an abort. */
export function abortError(): DOMException {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The text to show for a thrown value (not every throw is an Error). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Some browser failures (a WebGPU error, a DOMException from another realm) are objects with a message.
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
