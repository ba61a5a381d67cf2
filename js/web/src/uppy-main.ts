import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import './styles.css';
import { createClient } from '@assetgate/client';
import { AssetgateUploader } from '@assetgate/uppy';
import { loadConfig } from './config.js';
import { SessionAuth, signIn } from './auth.js';
import { byId, el } from './ui/dom.js';

/*
 * The second page: the same server behind Uppy's Dashboard, through @assetgate/uppy. Uppy's
 * restrictions come from the server's policy, so refused files never leave the browser.
 */
async function start(): Promise<void> {
  const config = await loadConfig();
  const auth = new SessionAuth(config, () => (byId('signed-out').hidden = false));
  byId('sign-in').addEventListener('click', () => void signIn(config));
  if (!(await auth.start())) {
    byId('signed-out').hidden = false;
    return;
  }
  const client = createClient({ server: config.server, auth });
  const uppy = new Uppy({
    restrictions: { allowedFileTypes: [...config.upload.allowedTypes], maxFileSize: config.upload.maxSize },
  })
    .use(Dashboard, { inline: true, target: '#dashboard', proudlyDisplayPoweredByUppy: false, height: 420, width: '100%' })
    .use(AssetgateUploader, { client });
  uppy.on('upload-success', (file, response) => {
    const asset = (response.body as { asset?: { id: string; state: string } } | undefined)?.asset;
    if (!file || !asset) return;
    byId('uploaded').append(el('li', { 'data-asset-id': asset.id, 'data-state': asset.state }, `${file.name}: ${asset.state}`));
  });
}

start().catch((e: unknown) => console.error(e));
