/**
 * A stand-in for @react-native-async-storage/async-storage (v3 API, which keeps v2's
 * getItem/setItem/removeItem/getAllKeys) that persists to a JSON file with Node's fs, so a test
 * can "restart the app" by making a new instance over the same file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AsyncStorage } from '@react-native-async-storage/async-storage';

export function asyncStorageStandIn(file: string): AsyncStorage {
  const read = (): Record<string, string> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {});
  const write = (all: Record<string, string>) => writeFileSync(file, JSON.stringify(all));
  return {
    getItem: async (key) => read()[key] ?? null,
    setItem: async (key, value) => write({ ...read(), [key]: value }),
    removeItem: async (key) => {
      const { [key]: _gone, ...rest } = read();
      write(rest);
    },
    getMany: async (keys) => Object.fromEntries(keys.map((k) => [k, read()[k] ?? null])),
    setMany: async (entries) => write({ ...read(), ...entries }),
    removeMany: async (keys) => write(Object.fromEntries(Object.entries(read()).filter(([k]) => !keys.includes(k)))),
    getAllKeys: async () => Object.keys(read()),
    clear: async () => write({}),
  };
}
