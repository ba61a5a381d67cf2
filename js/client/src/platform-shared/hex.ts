import { bytesToBase64 } from '../base64.js';

/** A hex digest (what react-native-fs and react-native-blob-util answer) as base64, the server's form. */
export function hexToBase64(hex: string): string {
  const clean = hex.trim();
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) {
    throw new Error(`not a hex digest: ${clean}`);
  }
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  }
  return bytesToBase64(bytes);
}
