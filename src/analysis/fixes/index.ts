// The rewrites, by rule, and the loop that applies them to a project one at a time, keeping a rewrite only
// when the result parses as cleanly as before and the analysis finds the finding gone and nothing new.
import type { Finding, Project } from '../engine';
import { fingerprints } from '../fingerprint';
import type { Phase } from '../phases';
import { genServerToFunctions } from './otp001-genserver-to-functions';
import { agentToValue } from './otp003-agent-to-value';
import { inlineAwaitedTask } from './otp007-inline-awaited-task';
import { receiveToCase } from './otp008-receive-to-case';
import { applyEdits } from './text';
import type { Fix, Rewrite } from './types';

export type { Fix } from './types';

const REWRITES: readonly Rewrite[] = [genServerToFunctions, agentToValue, inlineAwaitedTask, receiveToCase];

export const FIXABLE_RULES = new Set(REWRITES.map((r) => r.rule));

/** A project's files as the rewrites see them: project-relative path → text. */
export type Texts = Map<string, string>;

/** The rewrite's fix for a finding, or why there is none. Nothing is checked yet (see `checkFix`). */
export function fixFor(project: Project, texts: Texts, finding: Finding): Fix | { skip: string } {
  const rewrite = REWRITES.find((r) => r.rule === finding.rule);
  if (!rewrite) return { skip: 'no automatic rewrite for this rule' };
  const mod = project.facts(finding.file)?.modules.find((m) => m.name === finding.module);
  if (!mod) return { skip: 'the flagged code was not found' };
  try {
    return rewrite.fix(finding, { mod, text: (f) => texts.get(f), modules: project.linked().modules, files: [...texts.keys()] });
  } catch (e) {
    return { skip: `the rewrite failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The texts after a fix, for the files it edits. */
function fixedTexts(texts: Texts, fix: Fix): Texts {
  const out: Texts = new Map();
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    out.set(file, applyEdits(texts.get(file) ?? '', fix.edits.filter((e) => e.file === file)));
  }
  return out;
}

const key = (f: Finding) => `${f.rule}\0${f.file}\0${f.module ?? ''}\0${f.messageId}`;

function counts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(key(f), (out.get(key(f)) ?? 0) + 1);
  return out;
}

/**
 * Loads the fixed texts into `project` and keeps them when no edited file gained a parse error, the finding
 * is gone and no other appeared; otherwise puts the old texts back. Returns why a fix was refused.
 */
export function checkFix(project: Project, texts: Texts, phase: Phase, finding: Finding, fix: Fix, before: readonly Finding[]): string | undefined {
  const changed = fixedTexts(texts, fix);
  const restore = () => {
    for (const file of changed.keys()) project.addFile(file, texts.get(file) ?? '');
  };
  for (const [file, text] of changed) {
    const hadError = !!project.facts(file)?.parseError;
    project.addFile(file, text);
    if (!hadError && project.facts(file)?.parseError) {
      restore();
      return `the rewritten ${file} would not parse`;
    }
  }
  const after = counts(project.analyze(phase).findings);
  const was = counts(before);
  const added = [...after].find(([k, n]) => n > (was.get(k) ?? 0) - (k === key(finding) ? 1 : 0));
  if (added) {
    restore();
    return added[0] === key(finding) ? 'the finding would remain' : `the rewrite would bring a new ${added[0].split('\0')[0]} finding`;
  }
  for (const [file, text] of changed) texts.set(file, text);
  return undefined;
}

export interface FixReport {
  applied: { finding: Finding; fix: Fix }[];
  /** Findings in scope left for a person, with the reason. */
  left: { finding: Finding; reason: string }[];
}

/**
 * Fixes what it safely can among the findings `wanted` picks, one at a time (each fix moves the code the
 * next one points at, so the project is analysed again after each). `texts` and `project` end up fixed.
 */
export function fixProject(project: Project, texts: Texts, phase: Phase, wanted: (f: Finding) => boolean): FixReport {
  const applied: FixReport['applied'] = [];
  // By fingerprint: a finding refused once is not tried again after other fixes moved it.
  const left = new Map<string, FixReport['left'][number]>();
  for (;;) {
    const findings = project.analyze(phase).findings;
    const prints = fingerprints(findings, (file) => texts.get(file));
    let progressed = false;
    for (const [i, finding] of findings.entries()) {
      if (!wanted(finding) || left.has(prints[i])) continue;
      const fix = fixFor(project, texts, finding);
      const reason = 'skip' in fix ? fix.skip : checkFix(project, texts, phase, finding, fix, findings);
      if ('skip' in fix || reason !== undefined) {
        left.set(prints[i], { finding, reason: reason ?? 'refused' });
        continue;
      }
      applied.push({ finding, fix });
      progressed = true;
      break;
    }
    if (!progressed) return { applied, left: [...left.values()] };
  }
}
