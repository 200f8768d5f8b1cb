import { defineConfig } from 'vite';

/**
 * Cross-origin isolation lets the audio ring buffer and frame buffer be SharedArrayBuffers
 * (notes/browser-and-tooling.md §3: without these headers SharedArrayBuffer is undefined).
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
