/**
 * Compiled only (`tsc -p test/types`), never run: proves that the real modules, as their own
 * type definitions describe them, fit what the React Native adapter takes.
 */
import * as RNFS from 'react-native-fs';
import ReactNativeBlobUtil from 'react-native-blob-util';
import AsyncStorage, { createAsyncStorage } from '@react-native-async-storage/async-storage';
import NetInfo from '@react-native-community/netinfo';
import { asyncStorageQueueStore, blobUtilFiles, netInfoNetwork, rnFsFiles } from '../../src/react-native/index.js';

export const withRnFs = rnFsFiles(RNFS);
export const withBlobUtil = blobUtilFiles(ReactNativeBlobUtil);
export const queueOnV3Default = asyncStorageQueueStore(AsyncStorage, { key: 'uploads' });
export const queueOnV3Named = asyncStorageQueueStore(createAsyncStorage('assetgate'));
export const network = netInfoNetwork(NetInfo);
