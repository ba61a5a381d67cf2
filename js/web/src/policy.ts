import type { UploadPolicy } from './config.js';
import { formatBytes } from './format.js';

/** Why a file is refused before anything is sent, in the server's terms. */
export interface Refusal {
  readonly code: 'CONTENT_TYPE_NOT_ALLOWED' | 'UPLOAD_TOO_LARGE' | 'EMPTY_FILE';
  readonly message: string;
}

// Some browsers give no type for HEIC and a few video containers; the name still tells.
const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', tif: 'image/tiff', tiff: 'image/tiff',
  mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska', '3gp': 'video/3gpp',
};

/** The content type declared for `file`: the browser's, else one known from its extension. */
export function contentTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type.toLowerCase();
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/** The refusal the server would give, or null when the file may go. */
export function refusal(file: { name: string; type: string; size: number }, policy: UploadPolicy): Refusal | null {
  const type = contentTypeOf(file);
  if (!policy.allowedTypes.includes(type)) {
    return {
      code: 'CONTENT_TYPE_NOT_ALLOWED',
      message: `Not allowed: this server does not accept ${describeType(type)} files. It accepts ${acceptedKinds(policy)}.`,
    };
  }
  if (file.size > policy.maxSize) {
    return {
      code: 'UPLOAD_TOO_LARGE',
      message: `Too large: ${formatBytes(file.size)}, and this server accepts files up to ${formatBytes(policy.maxSize)}.`,
    };
  }
  if (file.size === 0) return { code: 'EMPTY_FILE', message: 'This file is empty.' };
  return null;
}

/** The `accept` attribute of the file picker: what the server takes. */
export function acceptAttribute(policy: UploadPolicy): string {
  return policy.allowedTypes.join(',');
}

function describeType(type: string): string {
  return type === 'application/octet-stream' ? 'this kind of' : type;
}

function acceptedKinds(policy: UploadPolicy): string {
  const names = policy.allowedTypes.map((t) => t.split('/')[1]?.replace(/^x-/, '').toUpperCase() ?? t);
  return names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
}
