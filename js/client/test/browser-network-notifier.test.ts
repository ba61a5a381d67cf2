import { describe, expect, it, vi } from 'vitest';
import { browserNetwork } from '../src/browser/network.js';
import { browserNotifier, type NotificationApi } from '../src/browser/notifier.js';
import type { QueueEvent, StoredQueueItem } from '../src/ports.js';

describe('browserNetwork', () => {
  it('reads navigator.onLine and reports online/offline events until unsubscribed', () => {
    const nav = { onLine: false };
    const events = new EventTarget();
    const network = browserNetwork({ navigator: nav, events });
    expect(network.isOnline()).toBe(false);

    const seen: boolean[] = [];
    const unsubscribe = network.subscribe((online) => seen.push(online));
    events.dispatchEvent(new Event('online'));
    events.dispatchEvent(new Event('offline'));
    unsubscribe();
    events.dispatchEvent(new Event('online'));
    expect(seen).toEqual([true, false]);
  });
});

const item = { id: 'item-1', filename: 'IMG_0001.jpg' } as StoredQueueItem;

/** A stand-in for the browser's Notification class that records what would be shown. */
function notificationApi(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  const instances: { onclick: (() => unknown) | null }[] = [];
  const api = class {
    onclick: (() => unknown) | null = null;
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      api.permission = answer;
      return answer;
    });
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
      instances.push(this);
    }
  };
  return { api: api as unknown as NotificationApi & { requestPermission: ReturnType<typeof vi.fn> }, shown, instances };
}

describe('browserNotifier', () => {
  it('notifies done and failed (with the reason), one notification per item, and nothing for queued or progress', () => {
    const { api, shown } = notificationApi('granted');
    const notifier = browserNotifier({ Notification: api });
    const events: QueueEvent[] = [
      { type: 'queued', item },
      { type: 'progress', item, sent: 1, total: 2 },
      { type: 'failed', item, code: 'QUOTA_EXCEEDED', message: 'The storage quota is used up.' },
      { type: 'completed', item, assetId: 'asset-1' },
    ];
    events.forEach((event) => notifier.notify(event));
    expect(shown).toEqual([
      { title: 'Upload failed', options: { body: 'IMG_0001.jpg was not uploaded: The storage quota is used up.', tag: 'item-1', icon: undefined } },
      { title: 'Upload complete', options: { body: 'IMG_0001.jpg was uploaded.', tag: 'item-1', icon: undefined } },
    ]);
  });

  it('brings the page to the front when a notification is clicked', () => {
    const { api, instances } = notificationApi('granted');
    const focus = vi.fn();
    vi.stubGlobal('focus', focus);
    try {
      browserNotifier({ Notification: api }).notify({ type: 'completed', item, assetId: 'a' });
      instances[0]!.onclick!();
      expect(focus).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('never prompts by itself, and stays silent without permission', () => {
    const { api, shown } = notificationApi('default');
    browserNotifier({ Notification: api }).notify({ type: 'completed', item, assetId: 'a' });
    expect(api.requestPermission).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('asks once when the app asks it to, and notifies once granted', async () => {
    const { api, shown } = notificationApi('default', 'granted');
    const notifier = browserNotifier({ Notification: api });
    expect(await notifier.requestPermission()).toBe(true);
    expect(await notifier.requestPermission()).toBe(true);
    expect(api.requestPermission).toHaveBeenCalledTimes(1);
    notifier.notify({ type: 'completed', item, assetId: 'a' });
    expect(shown).toHaveLength(1);
  });

  it('answers false, without prompting, once the user has denied', async () => {
    const { api } = notificationApi('denied');
    expect(await browserNotifier({ Notification: api }).requestPermission()).toBe(false);
    expect(api.requestPermission).not.toHaveBeenCalled();
  });

  it('uses the app\'s texts when given', () => {
    const { api, shown } = notificationApi('granted');
    const notifier = browserNotifier({
      Notification: api,
      text: (event) => (event.type === 'queued' ? { title: 'Will upload when online', body: event.item.filename } : undefined),
    });
    notifier.notify({ type: 'queued', item });
    notifier.notify({ type: 'completed', item, assetId: 'a' });
    expect(shown.map((n) => n.title)).toEqual(['Will upload when online']);
  });
});
