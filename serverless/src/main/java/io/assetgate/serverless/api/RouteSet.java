package io.assetgate.serverless.api;

/**
 * The routes of one feature, the serverless counterpart of its controller: each feature
 * package registers its own ({@code upload.UploadRoutes}, {@code asset.AssetRoutes}), so that the
 * routes use the feature's internals as its controller does, and nothing of it is copied.
 */
public interface RouteSet {

    void register(Routes routes);
}
