import type { FileSource } from '../ports.js';

export type StoreChecksum = 'sha256' | 'md5';

/** The checksum the store computes itself (`checksumAlgorithm`), when the client can compute it too. */
export function storeAlgorithm(name: string | undefined): StoreChecksum | undefined {
  return name === 'sha256' || name === 'md5' ? name : undefined;
}

/** `algorithm:base64`, the server's checksum notation. */
export function tagged(algorithm: StoreChecksum, base64: string | undefined): string | undefined {
  return base64 === undefined ? undefined : `${algorithm}:${base64}`;
}

/** Reads a range again for its checksum (bytes an earlier process sent); undefined when the platform cannot. */
export async function rangeChecksum(file: FileSource, algorithm: StoreChecksum | undefined, start: number, end: number, signal?: AbortSignal): Promise<string | undefined> {
  if (algorithm === 'sha256') return file.sha256(start, end, signal);
  if (algorithm === 'md5' && file.md5) return file.md5(start, end, signal);
  return undefined;
}
