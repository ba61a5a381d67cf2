import { formatBytes } from './format.js';
import type { UploadPolicy } from './config.js';

/** What went wrong, in words a person can act on, from an SDK error's code and status. */
export function plainMessage(error: { code?: string; status?: number; message?: string }, policy?: UploadPolicy): string {
  const code = error.code ?? '';
  switch (code) {
    case 'NETWORK':
      return navigator.onLine
        ? 'The server could not be reached. The file waits and goes out when the connection works again.'
        : 'You are offline. The file waits and goes out when you are back online.';
    case 'TIMEOUT':
      return 'The connection stalled. The file will be tried again.';
    case 'UNAUTHENTICATED':
      return 'Your session expired. Sign in again: your files stay in the queue.';
    case 'FORBIDDEN':
      return 'Your account may not upload here. Ask an administrator for write access.';
    case 'CONTENT_TYPE_NOT_ALLOWED':
      return `Not allowed: this server does not accept this type of file.${detail(error)}`;
    case 'UPLOAD_TOO_LARGE':
      return policy
        ? `Too large: this server accepts files up to ${formatBytes(policy.maxSize)}.`
        : `Too large for this server.${detail(error)}`;
    case 'QUOTA_EXCEEDED':
      return 'Your storage is full. Delete some files and try again.';
    case 'RATE_LIMITED':
      return 'Too many uploads at once. The file will be tried again shortly.';
    case 'INTEGRITY_MISMATCH':
      return 'The file changed or was damaged on the way. Choose it again.';
    case 'UPLOAD_EXPIRED':
      return 'This upload waited too long and expired. Choose the file again.';
    case 'STORAGE_UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return 'The server is unavailable right now. The file will be tried again.';
    case 'ABORTED':
      return 'Cancelled.';
    case 'FILE_UNREADABLE':
      return 'The file can no longer be read (moved or changed since it was chosen). Choose it again.';
    default:
      if ((error.status ?? 0) >= 500) return 'The server is unavailable right now. The file will be tried again.';
      return error.message || 'The upload failed.';
  }
}

function detail(error: { message?: string }): string {
  return error.message ? ` (${error.message})` : '';
}
