/**
 * Compiled only: `assetsQueryOptions` fits react-query's own `useInfiniteQuery` types (this
 * package does not import react-query), and the pages come out typed.
 */
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AssetgateClient, AssetPage } from '../../src/index.js';
import { assetsQueryOptions } from '../../src/react/index.js';

export function useGallery(client: AssetgateClient): AssetPage[] | undefined {
  const query = useInfiniteQuery(assetsQueryOptions(client, { kind: 'image', limit: 30 }));
  return query.data?.pages;
}

export const asNamedOptions = (client: AssetgateClient) => infiniteQueryOptions(assetsQueryOptions(client));
