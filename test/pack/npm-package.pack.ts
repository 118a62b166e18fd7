// The published package as a user gets it: `npm pack`, then `npm install -g --prefix <tmp> <tarball>`
// and `npm install --save-dev <tarball>` in a copy of examples/shop; `otp-advisor check` run from
// outside the repository, `npx otp-advisor check`, and `mix otp_advisor` with Debian's Elixir.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const FINDING = /^lib\/shop\/\S+\.ex:\d+:\d+ (error|warning|information) OTP\d{3} /;
/** examples/shop's findings in the GREEN phase, by rule, as the text report lists them. */
const SHOP_RULES = ['OTP023', 'OTP004', 'OTP007', 'OTP020', 'OTP001', 'OTP010', 'OTP003', 'OTP002'];

let tmp: string;
let tarball: string;
let prefix: string;
/** PATH with the global install first. */
let pathWithCli: string;

function run(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', timeout: 170_000, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The PATH without the folders holding any of `names`. */
const pathWithout = (...names: string[]) =>
  (process.env.PATH ?? '')
    .split(':')
    .filter((d) => !names.some((n) => existsSync(join(d, n))))
    .join(':');

const rulesIn = (stdout: string) => stdout.split('\n').filter((l) => FINDING.test(l)).map((l) => l.split(' ')[2]);

/** A copy of examples/shop outside the repository. */
function shopCopy(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(REPO, 'examples/shop'), dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'otp-advisor-pack-'));
  // `npm pack` runs `prepare`, which builds dist/.
  const name = execFileSync('npm', ['pack', '--pack-destination', tmp, '--silent'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop()!;
  tarball = join(tmp, name);
  prefix = join(tmp, 'prefix');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, tarball, '--no-audit', '--no-fund'], { cwd: tmp, stdio: 'pipe' });
  pathWithCli = `${join(prefix, 'bin')}:${process.env.PATH}`;
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the CLI bundle, its extraction worker, both wasm files, the config schema, README and licence, and nothing else', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual(
      ['LICENSE', 'README.md', 'package.json', 'dist/cli.js', 'dist/extract-worker.js', 'dist/tree-sitter-elixir.wasm', 'dist/web-tree-sitter.wasm', 'schemas/otp-advisor.schema.json'].map((f) => `package/${f}`).sort(),
    );
    const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(packed.private).toBeUndefined();
    expect(packed.bin).toEqual({ 'otp-advisor': 'dist/cli.js' });
    // Everything is bundled into dist/cli.js and its worker: installing it fetches nothing else.
    expect(packed.dependencies).toBeUndefined();
  });

  it('installs globally as a working `otp-advisor` that finds its wasm files beside itself', () => {
    expect(readdirSync(join(prefix, 'lib/node_modules/otp-advisor'))).not.toContain('node_modules');
    const shop = shopCopy('global');
    // From a folder that is neither the repository nor the project.
    const r = run('otp-advisor', ['check', shop], { cwd: tmp, env: { PATH: pathWithCli } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(rulesIn(r.stdout)).toEqual(SHOP_RULES);
    expect(r.stdout).toMatch(/\n8 findings \(1 error, 6 warnings, 1 information\) in \d+ files, \d+ ms\.\n$/);
    expect(run('otp-advisor', ['--version'], { cwd: tmp, env: { PATH: pathWithCli } }).stdout).toBe(`${pkg.version}\n`);
  });

  it('runs as `npx otp-advisor check` once installed in the project', () => {
    const shop = shopCopy('local');
    execFileSync('npm', ['install', '--save-dev', tarball, '--no-audit', '--no-fund'], { cwd: shop, stdio: 'pipe' });
    const r = run('npx', ['--no-install', 'otp-advisor', 'check'], { cwd: shop });
    expect(r.code).toBe(1);
    expect(rulesIn(r.stdout)).toEqual(SHOP_RULES);
  });
});

describe('mix otp_advisor', () => {
  const hasMix = spawnSync('mix', ['--version'], { encoding: 'utf8' }).status === 0;

  /** A copy of examples/shop with a path dependency on integrations/mix, as the README shows it. */
  function mixShop(name: string): string {
    const shop = shopCopy(name);
    const mixExs = join(shop, 'mix.exs');
    const dep = `{:otp_advisor, path: ${JSON.stringify(join(REPO, 'integrations/mix'))}, only: [:dev, :test], runtime: false}`;
    writeFileSync(mixExs, readFileSync(mixExs, 'utf8').replace('deps: []', `deps: [${dep}]`));
    return shop;
  }

  it('has Debian\'s Elixir to run with', () => {
    expect(hasMix, 'mix is not installed (apt-get install elixir)').toBe(true);
  });

  it.runIf(hasMix)('runs the CLI on the PATH on the project, passing flags and the exit code through', () => {
    const shop = mixShop('mix-global');
    const env = { PATH: pathWithCli, MIX_ENV: 'dev' };
    const all = run('mix', ['otp_advisor'], { cwd: shop, env });
    expect(all.code).toBe(1);
    expect(rulesIn(all.stdout)).toEqual(SHOP_RULES);
    expect(all.stdout).toMatch(/\n8 findings \(1 error, 6 warnings, 1 information\) in \d+ files, \d+ ms\.\n$/);

    const only = run('mix', ['otp_advisor', '--only', 'OTP001', '--fail-on', 'never'], { cwd: shop, env });
    expect(only.code).toBe(0);
    expect(rulesIn(only.stdout)).toEqual(['OTP001']);

    const usage = run('mix', ['otp_advisor', '--phase', 'blue'], { cwd: shop, env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--phase must be one of red, green, refactor');

    const explain = run('mix', ['otp_advisor', 'explain', 'lib/shop/cart.ex:23'], { cwd: shop, env });
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('OTP023 genserver-self-call');
  });

  it.runIf(hasMix)('finds node_modules/.bin/otp-advisor in the project, and a configured path', () => {
    const shop = mixShop('mix-local');
    execFileSync('npm', ['install', '--save-dev', tarball, '--no-audit', '--no-fund'], { cwd: shop, stdio: 'pipe' });
    // No otp-advisor on this PATH: the project's node_modules/.bin is the only one.
    const local = run('mix', ['otp_advisor', '--format', 'json'], { cwd: shop, env: { PATH: pathWithout('otp-advisor') } });
    expect(local.code).toBe(1);
    expect(JSON.parse(local.stdout.slice(local.stdout.indexOf('{'))).findings).toHaveLength(8);

    // OTP_ADVISOR_CLI wins over node_modules/.bin: a wrong one is an error, not a fallback.
    const wrong = run('mix', ['otp_advisor'], { cwd: shop, env: { OTP_ADVISOR_CLI: join(tmp, 'nope.js') } });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toContain(`the configured CLI ${join(tmp, 'nope.js')} does not exist`);

    rmSync(join(shop, 'node_modules'), { recursive: true });
    const cliJs = join(prefix, 'lib/node_modules/otp-advisor/dist/cli.js');
    const byEnv = run('mix', ['otp_advisor', '--only', 'OTP023'], { cwd: shop, env: { OTP_ADVISOR_CLI: cliJs, PATH: pathWithout('otp-advisor') } });
    expect(byEnv.code).toBe(1);
    expect(rulesIn(byEnv.stdout)).toEqual(['OTP023']);

    mkdirSync(join(shop, 'config'));
    writeFileSync(join(shop, 'config/config.exs'), `import Config\nconfig :otp_advisor, cli: ${JSON.stringify(cliJs)}\n`);
    const byConfig = run('mix', ['otp_advisor', '--only', 'OTP004'], { cwd: shop, env: { PATH: pathWithout('otp-advisor') } });
    expect(byConfig.code).toBe(1);
    expect(rulesIn(byConfig.stdout)).toEqual(['OTP004']);
  });

  it.runIf(hasMix)('says what to install when Node is missing', () => {
    const shop = mixShop('mix-no-node');
    // Every command of the system's PATH except Node's.
    const bin = join(tmp, 'bin-without-node');
    mkdirSync(bin);
    for (const dir of (process.env.PATH ?? '').split(':').filter((d) => existsSync(d) && !d.startsWith(prefix))) {
      for (const name of readdirSync(dir)) {
        if (!['node', 'npm', 'npx', 'corepack', 'otp-advisor'].includes(name) && !existsSync(join(bin, name))) symlinkSync(join(dir, name), join(bin, name));
      }
    }
    const r = run('mix', ['otp_advisor'], { cwd: shop, env: { PATH: bin } });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('OTP Advisor needs Node.js 18 or later, and `node` is not on the PATH.');
    expect(r.stdout + r.stderr).toContain('npm install -g otp-advisor');
  });
});
