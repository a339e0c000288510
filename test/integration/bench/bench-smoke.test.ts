import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArgv, readStat, isAlive } from '../../../bench/proc.js';

/** The compiled harness of the same build as this test: <outDir>/bench/run.js. */
const runScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bench', 'run.js');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Processes of the kind the benchmark starts (its sleeps and its log writer), started since `sinceTicks`. */
function leftovers(sinceTicks: number): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !isAlive(pid)) continue;
    const stat = readStat(pid);
    const argv = readArgv(pid);
    if (!stat || !argv || stat.startTicks < sinceTicks) continue;
    const command = argv.join(' ');
    if (/\bsleep 30\d{5}$/.test(command) || /\bhead -c \d+ \/dev\/zero$/.test(command)) found.push(`${pid} ${command}`);
  }
  return found;
}

// Benchmarks are not tests: this only keeps the harness from rotting (small N, one repetition).
describe('bench: --quick smoke run', function () {
  this.timeout(90_000);
  let resultsDir: string;

  before(() => {
    resultsDir = mkdtempSync(join(tmpdir(), 'tm-bench-smoke-'));
  });
  after(() => rmSync(resultsDir, { recursive: true, force: true }));

  it('measures every scenario for taskmaster and the floor, writes the JSON and leaves no process behind', async () => {
    const startTicks = readStat(process.pid)!.startTicks;
    const { code, stdout, stderr } = await run(['--quick', '--peers', 'taskmaster,floor', '--results', resultsDir]);
    expect(code, `${stdout}\n${stderr}`).to.equal(0);
    for (const scenario of ['S1 cold start', 'S2 RSS', 'S2 idle CPU', 'S3 respawn', 'S4 CLI status', 'S4 protocol round trip', 'S5 log throughput', 'S6 reload command', 'S6 file write']) {
      expect(stdout).to.contain(scenario);
    }
    const files = readdirSync(resultsDir).filter((name) => name.endsWith('.json'));
    expect(files).to.have.length(1);
    const results = JSON.parse(readFileSync(join(resultsDir, files[0]), 'utf8'));
    const subjects = new Set(results.samples.map((sample: { subject: string }) => sample.subject));
    expect([...subjects]).to.include.members(['taskmaster', 'floor', 'reference']);
    expect(results.failures).to.deep.equal([]);
    expect(leftovers(startTicks)).to.deep.equal([]);
  });
});
