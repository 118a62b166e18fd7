// Setup file of the e2e suite: a failing scenario leaves a marker in the artifacts folder, so the next
// run keeps that folder (global-setup moves it to test-artifacts/e2e-last-failure) instead of wiping it.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach } from 'vitest';
import { FAILED_MARKER } from './artifacts';
import { e2eEnv } from './env';

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => appendFileSync(join(e2eEnv().artifactsDir, FAILED_MARKER), `${task.file.name} › ${task.name}\n`));
});
