// Worker thread bootstrap for parallel feature extraction (model-store.ts readExamplesParallel):
// registers tsx so the TypeScript worker body loads the same way in `lianxin`, tsx and vitest.
import { register } from 'tsx/esm/api';
register();
await import('./featurize-worker.ts');
