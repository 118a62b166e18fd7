// The sentence a finding ends with: which test would justify the process, and which tests exercise it without doing so.
import type { TestKind } from './facts/types';
import type { ProjectIndex } from './project-index';

const KIND_LABEL: Record<TestKind, string> = {
  restart: 'crash or restart behaviour',
  concurrency: 'concurrent use by several processes',
  timers: 'its timers',
  multinode: 'several nodes',
};

export function justificationNote(index: ProjectIndex, subjects: string[], kinds: TestKind[]): string {
  const want = kinds.map((k) => KIND_LABEL[k]).join(' or ');
  const files = [...new Set(subjects.flatMap((s) => index.testsExercising(s).map((t) => t.file)))];
  if (!files.length) return `No test refers to it; a test that verifies ${want} would justify it.`;
  const shown = files.slice(0, 2).join(', ') + (files.length > 2 ? ` and ${files.length - 2} more` : '');
  return `Its tests (${shown}) do not verify ${want}, which would justify it.`;
}
