import type { NetworkMonitor } from '../ports.js';

/** Where the browser network monitor reads its state; default the page's `navigator` and `window`. */
export interface BrowserNetworkOptions {
  readonly navigator?: { readonly onLine: boolean };
  readonly events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/**
 * The queue's {@link NetworkMonitor} in a browser: `navigator.onLine` and the `online` and
 * `offline` events. `onLine === false` is reliable (no network at all); `true` only means a
 * network interface is up, so the queue still treats failed requests as retryable.
 */
export function browserNetwork(options: BrowserNetworkOptions = {}): NetworkMonitor {
  const nav = options.navigator ?? globalThis.navigator;
  const events = options.events ?? globalThis;
  return {
    // No navigator (an unusual worker): assume online and let requests tell.
    isOnline: () => nav?.onLine ?? true,
    subscribe(listener) {
      const online = () => listener(true);
      const offline = () => listener(false);
      events.addEventListener('online', online);
      events.addEventListener('offline', offline);
      return () => {
        events.removeEventListener('online', online);
        events.removeEventListener('offline', offline);
      };
    },
  };
}
