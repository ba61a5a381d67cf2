/**
 * `@assetgate/uppy`: Assetgate as the backend of Uppy.
 *
 * ```ts
 * const uppy = new Uppy().use(Dashboard, { inline: true, target: '#dashboard' })
 *   .use(AssetgateUploader, { client: createClient({ server, auth }) });
 * ```
 *
 * Uppy's own S3 plugin signs S3 requests in the browser (or through Companion); Assetgate signs
 * on the server, after checking the declaration against its policy, and keys objects itself.
 * So this plugin hands each file to the SDK's `client.upload`, which creates the upload, sends
 * one signed PUT or the parts in parallel (asking for fresh part URLs as they expire), and
 * completes it; the plugin turns that into Uppy's upload events.
 */
export { AssetgateUploader, type AssetgateUploaderOptions } from './uploader.js';
