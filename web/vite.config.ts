import { defineConfig } from 'vitest/config';

// No @vitejs/plugin-react: the built-in transformer compiles JSX with React's automatic runtime.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    // /rest carries the OAuth2 callback (n8n's path), which the provider redirects the browser to.
    proxy: { '/api': process.env.TESSERA_API ?? 'http://127.0.0.1:5678', '/rest': process.env.TESSERA_API ?? 'http://127.0.0.1:5678' },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // @xyflow/react marks itself "use client" for React Server Components; irrelevant in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], environment: 'node' },
});
