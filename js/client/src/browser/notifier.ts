import type { Notifier, QueueEvent } from '../ports.js';
import { defaultNotificationText, type NotificationText } from '../platform-shared/notification-text.js';

export { defaultNotificationText, type NotificationText };

/** Options of {@link browserNotifier}. */
export interface BrowserNotifierOptions {
  /**
   * The text for an event, or `undefined` for no notification. Default: a notification when an
   * upload is done or has failed (with the reason); none for `queued` and `progress`.
   */
  readonly text?: (event: QueueEvent) => NotificationText | undefined;
  /** Notify only while the page is hidden (the user is elsewhere). Default `false`. */
  readonly onlyWhenHidden?: boolean;
  /** An icon URL for the notifications. */
  readonly icon?: string;
  /** The Notifications API; default the page's `Notification` (tests pass their own). */
  readonly Notification?: NotificationApi;
}

/** The part of the Notifications API this notifier uses. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { onclick: ((this: unknown, event: Event) => unknown) | null };
}

/** A {@link Notifier} that also asks for the permission to notify. */
export interface BrowserNotifier extends Notifier {
  /**
   * Asks the user for permission, once. Call it from a click handler (browsers ignore or
   * penalise a prompt that no gesture caused), for instance when the user queues an upload.
   * Answers whether notifications may be shown.
   */
  requestPermission(): Promise<boolean>;
}

/**
 * Tells the user, through browser notifications, that a queued upload is done or failed.
 * It never prompts by itself: without permission (see {@link BrowserNotifier.requestPermission})
 * or without the Notifications API it stays silent. One notification per item (the item id is
 * the tag), so a retried upload replaces its earlier "failed" notification. A click on one
 * brings the page to the front.
 */
export function browserNotifier(options: BrowserNotifierOptions = {}): BrowserNotifier {
  const api = options.Notification ?? (globalThis as { Notification?: NotificationApi }).Notification;
  const text = options.text ?? defaultNotificationText;
  return {
    async requestPermission() {
      if (!api) return false;
      if (api.permission !== 'default') return api.permission === 'granted';
      return (await api.requestPermission()) === 'granted';
    },
    notify(event) {
      if (!api || api.permission !== 'granted') return;
      if (options.onlyWhenHidden && globalThis.document?.visibilityState !== 'hidden') return;
      const shown = text(event);
      if (!shown) return;
      const notification = new api(shown.title, { body: shown.body, tag: event.item.id, icon: options.icon });
      // A click brings the user back to the page that did the upload.
      notification.onclick = () => globalThis.focus?.();
    },
  };
}
