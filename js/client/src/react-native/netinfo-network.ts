import type { NetworkMonitor } from '../ports.js';

/** The part of `@react-native-community/netinfo` this monitor uses (pass its default export). */
export interface NetInfoLike {
  fetch(): Promise<NetInfoStateLike>;
  addEventListener(listener: (state: NetInfoStateLike) => void): () => void;
}

/** The fields of a NetInfo state that decide "online". */
export interface NetInfoStateLike {
  readonly isConnected: boolean | null;
  readonly isInternetReachable?: boolean | null;
}

/**
 * The queue's {@link NetworkMonitor} on NetInfo. Online means connected and the internet not
 * known to be unreachable: `isInternetReachable` is `null` until NetInfo has checked, and
 * waiting for that check would hold uploads back for nothing.
 */
export function netInfoNetwork(NetInfo: NetInfoLike): NetworkMonitor {
  return {
    isOnline: async () => isOnline(await NetInfo.fetch()),
    subscribe(listener) {
      let last: boolean | undefined;
      return NetInfo.addEventListener((state) => {
        const online = isOnline(state);
        // NetInfo reports every detail change (Wi-Fi strength, cell type); pass on real changes only.
        if (online === last) return;
        last = online;
        listener(online);
      });
    },
  };
}

function isOnline(state: NetInfoStateLike): boolean {
  return state.isConnected === true && state.isInternetReachable !== false;
}
