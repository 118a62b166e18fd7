// `otp-advisor fix` run as a process: --dry-run prints a patch and writes nothing, a fix is idempotent, and the
// exit code says whether anything could be fixed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, statelessGenServer, tempProject } from '../helpers/cli';

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));
function project(files: Record<string, string | null>): string {
  const p = tempProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

const REPORTS = `defmodule Demo.Reports do
  def monthly(month) do
    task = Task.async(fn -> load(month) end)
    rows = Task.await(task)
    Enum.sum(rows)
  end

  defp load(_month), do: [10, 20, 30]
end
`;

describe('otp-advisor fix', () => {
  it('--dry-run prints a unified diff from the project root, reports on stderr and changes nothing', () => {
    const dir = project({ 'lib/reports.ex': REPORTS });
    const { code, stdout, stderr } = runCli(['fix', '--dry-run', '.'], dir);
    expect(code).toBe(0);
    expect(stdout).toBe(`--- a/lib/reports.ex
+++ b/lib/reports.ex
@@ -1,8 +1,7 @@
 defmodule Demo.Reports do
   def monthly(month) do
-    task = Task.async(fn -> load(month) end)
-    rows = Task.await(task)
+    rows = load(month)
     Enum.sum(rows)
   end
 
   defp load(_month), do: [10, 20, 30]
`);
    expect(stderr).toBe('lib/reports.ex:3: OTP007 would be fixed: Call the work directly instead of awaiting a task\nWould fix 1 finding; 0 left for a person.\n');
    expect(readFileSync(join(dir, 'lib/reports.ex'), 'utf8')).toBe(REPORTS);
  });

  it('writes the fix, and a second run changes nothing', () => {
    const dir = project({ 'lib/reports.ex': REPORTS });
    const first = runCli(['fix'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Fixed 1 finding; 0 left for a person.');
    const fixed = readFileSync(join(dir, 'lib/reports.ex'), 'utf8');
    expect(fixed).toContain('    rows = load(month)\n    Enum.sum(rows)\n');
    const second = runCli(['fix'], dir);
    expect(second.stdout).toBe('Nothing to fix.\n');
    expect(second.code).toBe(0);
    expect(readFileSync(join(dir, 'lib/reports.ex'), 'utf8')).toBe(fixed);
  });

  it('exits 1 and names what it left when nothing could be fixed safely', () => {
    const byPid = statelessGenServer().replace('def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})', 'def add(pid, a, b), do: GenServer.call(pid, {:add, a, b})');
    const dir = project({ 'lib/calc.ex': byPid, 'lib/reports.ex': REPORTS.replace('    Enum.sum(rows)\n', '    {Enum.sum(rows), task}\n') });
    const { code, stdout } = runCli(['fix', '.'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('lib/calc.ex:2: OTP001 left for a person: add/3 reaches the process other than by one GenServer.call/cast as its last statement');
    expect(stdout).toContain('lib/reports.ex:3: OTP007 left for a person: `task` is used by more than the await right after it');
    expect(stdout).toContain('Fixed 0 findings; 2 left for a person.');
  });

  it('--rule narrows the fixes, and refuses a rule it cannot rewrite', () => {
    const dir = project({ 'lib/reports.ex': REPORTS });
    const other = runCli(['fix', '--rule', 'OTP008', '.'], dir);
    expect(other.stdout).toBe('Nothing to fix.\n');
    expect(readFileSync(join(dir, 'lib/reports.ex'), 'utf8')).toBe(REPORTS);
    const unknown = runCli(['fix', '--rule', 'OTP002', '.'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--rule OTP002: no automatic rewrite; fix rewrites OTP001, OTP003, OTP007, OTP008');
  });
});
