import { defineConfig } from 'vitest/config';

// No @vitejs/plugin-react: the built-in transformer compiles JSX with React's automatic runtime.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    proxy: { '/api': process.env.TESSERA_API ?? 'http://127.0.0.1:5678' },
  },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1200 },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
