/**
 * The service worker (vite-plugin-pwa, registerType 'prompt') as page state: whether the app is
 * cached for offline use, and whether a new version is waiting. A waiting version takes over only
 * when the user presses reload, never by itself, so a running analysis is never swapped out.
 */
import { registerSW } from 'virtual:pwa-register';

class OfflineState {
  /** The app shell, worker, WASM binaries and models are cached: it works without a network. */
  ready = $state(false);
  /** A newer build is installed and waiting for the user to reload. */
  updateWaiting = $state(false);
  #activateUpdate: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    if (!('serviceWorker' in navigator) || this.#activateUpdate) return;
    this.#activateUpdate = registerSW({
      immediate: true,
      // First install finished.
      onOfflineReady: () => (this.ready = true),
      // Later visits: the worker installed on an earlier one already serves the app.
      onRegisteredSW: (_url, registration) => {
        if (registration?.active) this.ready = true;
      },
      onNeedRefresh: () => (this.updateWaiting = true),
    });
  }

  /** Lets the waiting service worker take over; the page reloads once it controls it. */
  reload(): void {
    void this.#activateUpdate?.(true);
  }
}

export const offline = new OfflineState();
