import { defineConfig } from 'vitest/config';

// Unit tests live beside their source; cross-cutting suites under tests/ (e2e excluded: Playwright runs those).
export default defineConfig({
  test: {
    include: ['sandbox/**/*.test.ts', 'src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // fast-check's seed: fixed in CI, new locally (tests/properties/seed.ts).
    setupFiles: ['tests/properties/seed.ts'],
  },
});
