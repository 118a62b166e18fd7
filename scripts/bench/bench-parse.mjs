// The baseline process of `npm run bench`: reads the files listed (one absolute path a line) in the file given and
// parses each with tree-sitter on one thread, as a whole process (start, grammar load, reads), and nothing else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { loadParser } = require('../../dist/analysis.js');

const parser = await loadParser();
for (const path of readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) parser.parse(readFileSync(path, 'utf8'))?.delete();
