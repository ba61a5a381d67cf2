import { BasePlugin, type Body, type Meta, type PluginOpts, type Uppy, type UppyFile } from '@uppy/core';
import { AssetgateError, type Asset, type AssetgateClient } from '@assetgate/client';
import { fileSource } from '@assetgate/client/browser';

export interface AssetgateUploaderOptions extends PluginOpts {
  /** The SDK client (server and sign-in) the files go through. */
  readonly client: AssetgateClient;
  /** Files uploaded at once; each MULTIPART file also sends its parts in parallel. Default 3. */
  readonly limit?: number;
}

/** What an uploaded file's `response.body` holds: the Asset the server made of it. */
export interface AssetgateBody extends Body {
  asset?: Asset;
}

/**
 * An Uppy plugin of type `uploader`: it registers with `uppy.addUploader`, uploads each file
 * through Assetgate, and reports `upload-progress`, `upload-success` (with the Asset as
 * `response.body.asset`) and `upload-error` (the server's code as `details`). Removing a file
 * or cancelling all aborts its upload on the server too.
 */
export class AssetgateUploader<M extends Meta, B extends AssetgateBody> extends BasePlugin<AssetgateUploaderOptions, M, B> {
  private readonly running = new Map<string, AbortController>();

  constructor(uppy: Uppy<M, B>, opts: AssetgateUploaderOptions) {
    super(uppy, opts);
    if (!opts?.client) throw new TypeError('AssetgateUploader needs { client } from @assetgate/client\'s createClient.');
    this.id = opts.id ?? 'AssetgateUploader';
    this.type = 'uploader';
  }

  override install(): void {
    this.uppy.addUploader(this.upload);
    this.uppy.on('file-removed', this.onRemoved);
    this.uppy.on('cancel-all', this.onCancelAll);
  }

  override uninstall(): void {
    this.uppy.removeUploader(this.upload);
    this.uppy.off('file-removed', this.onRemoved);
    this.uppy.off('cancel-all', this.onCancelAll);
    this.onCancelAll();
  }

  private readonly upload = async (fileIDs: string[]): Promise<void> => {
    const files = this.uppy.getFilesByIds(fileIDs).filter((f) => !f.progress.uploadComplete && !f.error);
    if (files.length === 0) return;
    this.uppy.emit('upload-start', files);
    const waiting = [...files];
    const worker = async () => {
      for (let file = waiting.shift(); file; file = waiting.shift()) {
        if (this.uppy.getFile(file.id)) await this.uploadOne(file);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.opts.limit ?? 3) }, worker));
  };

  private async uploadOne(file: UppyFile<M, B>): Promise<void> {
    if (!(file.data instanceof Blob)) {
      this.uppy.emit('upload-error', file, { name: 'AssetgateError', message: 'Only local files can be uploaded.' });
      return;
    }
    const controller = new AbortController();
    this.running.set(file.id, controller);
    const uploadStarted = Date.now();
    try {
      const source = fileSource(file.data, { name: file.name ?? 'file', type: file.type || undefined });
      const asset = await this.opts.client.upload(source, {
        signal: controller.signal,
        onProgress: (bytesUploaded, bytesTotal) => {
          const current = this.uppy.getFile(file.id);
          if (!current) return;
          this.uppy.emit('upload-progress', current, { uploadStarted, bytesUploaded, bytesTotal });
        },
      });
      const current = this.uppy.getFile(file.id);
      if (current) {
        this.uppy.emit('upload-success', current, { status: 200, body: { asset } as B, uploadURL: asset.url ?? undefined });
      }
    } catch (e) {
      if (controller.signal.aborted) return; // removed or cancelled: not a failure
      const error = e instanceof AssetgateError ? e : new AssetgateError('INTERNAL', String((e as Error)?.message ?? e));
      const current = this.uppy.getFile(file.id);
      if (current) this.uppy.emit('upload-error', current, { name: error.name, message: error.message, details: error.code });
    } finally {
      this.running.delete(file.id);
    }
  }

  private readonly onRemoved = (file: UppyFile<M, B>): void => {
    this.running.get(file.id)?.abort();
  };

  private readonly onCancelAll = (): void => {
    for (const controller of this.running.values()) controller.abort();
  };
}
