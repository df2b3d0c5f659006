import type { Plugin } from 'vite';

export function languagePreload(): Plugin;
