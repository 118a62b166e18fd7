// Used by action.yml: makes a SARIF log's file URIs relative to the repository root. The CLI writes
// them relative to the mix project's root (%SRCROOT%); code scanning reads them as repository paths,
// so a project in a subfolder (apps/shop) needs its folder in front of every URI.
// Usage: node sarif-to-repo-root.mjs FILE REPO_ROOT
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function toRepoRoot(log, repoRoot) {
  for (const run of log.runs) {
    const base = run.originalUriBaseIds?.['%SRCROOT%']?.uri;
    if (!base) continue;
    const folder = relative(repoRoot, fileURLToPath(base)).split(sep).join('/');
    if (folder.startsWith('..')) throw new Error(`the project ${fileURLToPath(base)} is outside the repository ${repoRoot}`);
    if (!folder) continue;
    const prefix = folder.split('/').map(encodeURIComponent).join('/') + '/';
    const locations = (run.results ?? []).flatMap((r) => [...(r.locations ?? []), ...(r.relatedLocations ?? [])]);
    for (const l of locations) {
      const a = l.physicalLocation?.artifactLocation;
      if (a?.uriBaseId === '%SRCROOT%') a.uri = prefix + a.uri;
    }
    run.originalUriBaseIds['%SRCROOT%'] = { uri: pathToFileURL(repoRoot.endsWith(sep) ? repoRoot : repoRoot + sep).href };
  }
  return log;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, repoRoot] = process.argv.slice(2);
  writeFileSync(file, JSON.stringify(toRepoRoot(JSON.parse(readFileSync(file, 'utf8')), repoRoot), null, 2) + '\n');
}
