import type { Notifier, QueueEvent } from '../ports.js';
import { defaultNotificationText, type NotificationText } from '../platform-shared/notification-text.js';

/** A notification to show: its text, and the queue item's id (to replace an earlier one of the same item). */
export interface LocalNotification extends NotificationText {
  readonly id: string;
}

/** Options of {@link localNotifier}. */
export interface LocalNotifierOptions {
  /** The text for an event, or `undefined` for none. Default: done, and failed with why. */
  readonly text?: (event: QueueEvent) => NotificationText | undefined;
}

/**
 * The queue's {@link Notifier} over the app's local notification library, which `show` calls
 * (this package depends on none). With notifee:
 *
 * ```ts
 * const notifier = localNotifier(async ({ id, title, body }) => {
 *   const channelId = await notifee.createChannel({ id: 'uploads', name: 'Uploads' });
 *   await notifee.displayNotification({ id, title, body, android: { channelId } });
 * });
 * ```
 *
 * A failure to show is swallowed: a notification must never fail an upload.
 */
export function localNotifier(show: (notification: LocalNotification) => void | Promise<void>, options: LocalNotifierOptions = {}): Notifier {
  const text = options.text ?? defaultNotificationText;
  return {
    async notify(event) {
      const shown = text(event);
      if (!shown) return;
      try {
        await show({ id: event.item.id, title: shown.title, body: shown.body });
      } catch {
        // (the permission was refused, or the library is not set up)
      }
    },
  };
}
