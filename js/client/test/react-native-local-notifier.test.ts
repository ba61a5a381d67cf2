import { describe, expect, it } from 'vitest';
import { localNotifier, type LocalNotification } from '../src/react-native/index.js';
import type { StoredQueueItem } from '../src/ports.js';

const item = { id: 'item-7', filename: 'IMG_0007.jpg' } as StoredQueueItem;

describe('localNotifier (over the app\'s notification library)', () => {
  it('shows done and failed with why, under the item\'s id, and nothing for queued or progress', async () => {
    const shown: LocalNotification[] = [];
    const notifier = localNotifier((n) => void shown.push(n));
    await notifier.notify({ type: 'queued', item });
    await notifier.notify({ type: 'progress', item, sent: 1, total: 2 });
    await notifier.notify({ type: 'failed', item, code: 'UPLOAD_TOO_LARGE', message: 'The file is over the server\'s maximum size.' });
    await notifier.notify({ type: 'completed', item, assetId: 'a' });
    expect(shown).toEqual([
      { id: 'item-7', title: 'Upload failed', body: 'IMG_0007.jpg was not uploaded: The file is over the server\'s maximum size.' },
      { id: 'item-7', title: 'Upload complete', body: 'IMG_0007.jpg was uploaded.' },
    ]);
  });

  it('never fails because the library did (a refused permission)', async () => {
    const notifier = localNotifier(async () => {
      throw new Error('permission denied');
    });
    await expect(notifier.notify({ type: 'completed', item, assetId: 'a' })).resolves.toBeUndefined();
  });
});
