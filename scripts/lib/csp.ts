/**
 * The one Content-Security-Policy of the app: vite.config.ts writes it into the built index.html
 * as a meta tag, and scripts/serve.ts sends it as a header on every response (a worker's or service
 * worker's policy comes from its own response, not from the page's meta tag). Only this origin:
 * the file being analysed can never be sent anywhere else.
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "connect-src 'self'",
  // tfjs-backend-wasm compiles its .wasm binaries: WebAssembly needs 'wasm-unsafe-eval' (no JS eval).
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  // Svelte sets style attributes (positions in the virtualised table, bar widths).
  "style-src 'self' 'unsafe-inline'",
  // The PNG chart export draws the chart's SVG, from a blob: URL made on the page, onto a canvas.
  "img-src 'self' blob:",
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');
