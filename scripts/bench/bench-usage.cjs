// Preloaded into a benchmarked process (node --require): at exit, writes its CPU time (all threads) and peak
// resident set size to the file named by BENCH_USAGE_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }));
});
