// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { AssetCache, AssetgateClient, CachedAsset } from '../src/index.js';
import { placeholderDataUrl } from '../src/index.js';
import { ClientProvider, useCachedAsset } from '../src/react/index.js';

// A hash the server made (a red left half, a blue right half).
const HASH = { kind: 'thumbhash', value: 'l7YCtJ6I0Ll1d3iHiHd/ePiIiA==' } as const;

/** A cache whose download the test finishes when it wants: what loading looks like on a slow network. */
function slowCache() {
  let finish!: (entry: CachedAsset) => void;
  const cache = { get: () => new Promise<CachedAsset>((resolve) => { finish = resolve; }) } as unknown as AssetCache;
  return { cache, finish: (entry: CachedAsset) => finish(entry) };
}

describe('useCachedAsset placeholder (jsdom)', () => {
  it('gives the decoded placeholder while the image loads, and keeps it beside the loaded uri', async () => {
    const { cache, finish } = slowCache();
    const wrapper = ({ children }: { children?: ReactNode }) =>
      createElement(ClientProvider, { client: {} as AssetgateClient, cache }, children);
    const { result } = renderHook(() => useCachedAsset('a1', { variant: 'preview', placeholder: HASH }), { wrapper });

    expect(result.current.loading).toBe(true);
    expect(result.current.uri).toBeUndefined();
    expect(result.current.placeholder).toBe(placeholderDataUrl(HASH));
    expect(result.current.placeholder).toMatch(/^data:image\/png;base64,/);

    await act(async () => {
      finish({ key: 'a1:preview', uri: 'blob:preview', contentType: 'image/webp', size: 10, storedAt: 0, usedAt: 0,
        expiresAt: Date.now() + 60_000, stale: false } as CachedAsset);
    });
    expect(result.current.loading).toBe(false);
    expect(result.current.uri).toBe('blob:preview');
  });

  it('has no placeholder when the asset has none', () => {
    const { cache } = slowCache();
    const wrapper = ({ children }: { children?: ReactNode }) =>
      createElement(ClientProvider, { client: {} as AssetgateClient, cache }, children);
    const { result } = renderHook(() => useCachedAsset('a2', { placeholder: null }), { wrapper });
    expect(result.current.loading).toBe(true);
    expect(result.current.placeholder).toBeUndefined();
  });
});
