import './styles.css';
import { createClient } from '@assetgate/client';
import { loadConfig } from './config.js';
import { SessionAuth, signIn } from './auth.js';
import { Uploads } from './uploads.js';
import { Gallery, forgetGallery } from './gallery.js';
import { acceptAttribute } from './policy.js';
import { formatBytes } from './format.js';
import { byId } from './ui/dom.js';

/*
 * The page's start: read the server's settings, show the queue kept from earlier visits, then
 * finish or restore the sign-in and run the queue and the gallery.
 */
async function start(): Promise<void> {
  const config = await loadConfig();
  const auth = new SessionAuth(config, () => signedOut('Your session expired. Sign in again: your files stay in the queue.'));
  const client = createClient({ server: config.server, auth });
  const uploads = new Uploads(client, config);
  const gallery = new Gallery(client);
  uploads.onAsset((asset) => gallery.upsert(asset));

  function signedOut(reason: string): void {
    byId('signed-out').hidden = false;
    byId('signed-out-reason').textContent = reason;
    byId('sign-out').hidden = true;
    gallery.stop();
    void uploads.pause();
  }

  byId('policy').textContent = `Up to ${formatBytes(config.upload.maxSize)} per file.`;
  byId('sign-in').addEventListener('click', () => void signIn(config));
  byId('sign-out').addEventListener('click', () => {
    auth.signOut();
    forgetGallery();
    location.reload();
  });
  await uploads.open(acceptAttribute(config.upload));

  try {
    if (!(await auth.start())) {
      signedOut('');
      return;
    }
  } catch (e) {
    signedOut(`Signing in did not work: ${(e as Error).message}`);
    return;
  }
  byId('sign-out').hidden = false;
  await uploads.resume();
  await gallery.start();
}

// The app shell for offline visits (public/sw.js); the page works without it.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => undefined);

start().catch((e: unknown) => {
  byId('connection').textContent = `The uploader could not start: ${(e as Error).message}`;
  console.error(e);
});
