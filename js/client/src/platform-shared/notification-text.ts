import type { QueueEvent } from '../ports.js';

/** A notification's title and body. */
export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

/** The default texts: one when an upload is done, one when it failed with why; none for the rest. */
export function defaultNotificationText(event: QueueEvent): NotificationText | undefined {
  switch (event.type) {
    case 'completed':
      return { title: 'Upload complete', body: `${event.item.filename} was uploaded.` };
    case 'failed':
      return { title: 'Upload failed', body: `${event.item.filename} was not uploaded: ${event.message}` };
    default:
      return undefined;
  }
}
