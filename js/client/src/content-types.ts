/** The content type of a file from its extension, for sources that do not know their own. */
const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
  heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', tif: 'image/tiff', tiff: 'image/tiff',
  bmp: 'image/bmp', svg: 'image/svg+xml', mp4: 'video/mp4', m4v: 'video/x-m4v', mov: 'video/quicktime',
  webm: 'video/webm', mkv: 'video/x-matroska', avi: 'video/x-msvideo', '3gp': 'video/3gpp',
  pdf: 'application/pdf', txt: 'text/plain', json: 'application/json', zip: 'application/zip',
};

export function guessContentType(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return (dot >= 0 && BY_EXTENSION[filename.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
