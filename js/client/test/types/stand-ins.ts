/** Compiled only: the test stand-ins keep to the real modules' type definitions. */
export * from '../stand-ins/react-native-fs.js';
export * from '../stand-ins/react-native-blob-util.js';
export * from '../stand-ins/async-storage.js';
