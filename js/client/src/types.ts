/** The JSON shapes of the API (docs/api.md), as the server sends them. */

export type AssetState = 'PENDING' | 'AVAILABLE' | 'READY' | 'QUARANTINED' | 'FAILED';

export interface AssetVariant {
  readonly url?: string;
  readonly width?: number;
  readonly height?: number;
  readonly contentType?: string;
}

export interface Asset {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly checksum?: string | null;
  readonly state: AssetState;
  readonly createdAt: string;
  readonly completedAt?: string | null;
  /** A short-lived download URL: never cache by it (the cache keys by id and variant). */
  readonly url?: string | null;
  readonly urlExpiresAt?: string | null;
  readonly variants?: Record<string, AssetVariant>;
  readonly metadata?: {
    readonly width?: number | null;
    readonly height?: number | null;
    readonly capturedAt?: string | null;
    readonly durationMs?: number | null;
    readonly placeholder?: { readonly kind: 'thumbhash' | 'blurhash'; readonly value: string } | null;
  } | null;
  readonly [field: string]: unknown;
}

/** A signed request: send exactly these headers. */
export interface SignedTarget {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly expiresAt?: string;
  readonly partNumber?: number;
}

export type UploadState = 'PENDING' | 'COMPLETED' | 'FAILED' | 'ABORTED' | 'EXPIRED';

/** An upload as `POST /v1/uploads` and `GET /v1/uploads/{id}` answer it. */
export interface UploadInfo {
  readonly uploadId: string;
  readonly assetId: string;
  readonly state: UploadState;
  readonly mode: 'SINGLE' | 'MULTIPART' | 'EXISTING';
  readonly filename?: string;
  readonly contentType?: string;
  readonly size?: number;
  readonly checksum?: string;
  readonly expiresAt?: string;
  readonly target?: SignedTarget;
  readonly partSize?: number;
  readonly partCount?: number;
  /** The parts the store already holds (GET only). */
  readonly parts?: readonly { readonly partNumber: number; readonly etag: string; readonly size: number }[];
  /** The checksum the store computes itself while bytes arrive. */
  readonly checksumAlgorithm?: string;
}

/** One page of `GET /v1/assets`. */
export interface AssetPage {
  readonly items: Asset[];
  readonly nextCursor: string | null;
}
