// The analysis as a library (bundled to dist/analysis.js): what scripts and embedders need to run it.
export { loadParser, type Parser, type Tree } from './parse/parser';
export { Project, type Analysis, type Finding } from './engine';
export { isElixirPath, isInTestFolder, isTestScript } from './project-paths';
export { loadProjects, type LoadedProject } from './workspace';
export { RULES, RULE_IDS, ruleById } from './rules';
export { PHASES, type Phase, type Severity } from './phases';
export { extractAll, defaultThreads } from './parallel/extract-pool';
