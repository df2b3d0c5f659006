import type { Plugin } from 'vite';

export interface Precompressed {
  file: string;
  bytes: number;
  raw: number;
}
export function precompressDir(dir: string): Precompressed[];
export function precompress(): Plugin;
