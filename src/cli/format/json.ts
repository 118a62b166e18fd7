// The JSON report: 1-based lines and columns, paths relative to the project root with `/`.
import type { Finding } from '../../analysis/engine';
import type { RunResult } from '../run';

function toJsonFinding(f: Finding) {
  return {
    rule: f.rule,
    name: f.name,
    severity: f.severity,
    file: f.file,
    range: {
      start: { line: f.range.line + 1, column: f.range.col + 1 },
      end: { line: f.range.endLine + 1, column: f.range.endCol + 1 },
    },
    message: f.message,
    module: f.module ?? null,
    // Other places that name the same thing (OTP015: the loop a spawn runs), as SARIF's relatedLocations.
    related: f.related.map((r) => ({ file: r.file, line: r.span.line + 1, column: r.span.col + 1, message: r.message })),
  };
}

export function formatJson(result: RunResult): string {
  return (
    JSON.stringify(
      {
        version: 1,
        phase: result.phase,
        findings: result.findings.map(toJsonFinding),
        stats: {
          files: result.stats.files,
          lines: result.stats.lines,
          justified: result.stats.justified,
          parseErrors: result.stats.parseErrors.length,
          parseErrorFiles: result.stats.parseErrors.map((p) => p.file),
          ms: result.stats.ms,
        },
      },
      null,
      2,
    ) + '\n'
  );
}
