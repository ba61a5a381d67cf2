/** Base64 helpers the adapters share; `btoa` exists in browsers, React Native (Hermes) and Node. */

/** The bytes as standard base64 (the form the server's `sha256:` checksums use). */
export function bytesToBase64(bytes: Uint8Array): string {
  // btoa takes a "binary string"; build it in chunks so a 16 MB part does not blow the call stack.
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** A hex digest (what react-native-fs and react-native-blob-util answer) as base64. */
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
