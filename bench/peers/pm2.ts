import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findExecutable } from '../locations.js';
import { pollSync } from '../clock.js';
import { launchDetached, ProcessLedger, stopTree, timeCommand, type Command } from '../processes.js';
import { isAlive } from '../proc.js';
import type { ProgramSpec } from '../programs.js';
import type { LaunchedPeer, Peer } from './peer.js';

function appEntry(program: ProgramSpec) {
  return {
    name: program.name,
    script: program.argv[0],
    args: program.argv.slice(1).join(' '),
    interpreter: 'none',
    exec_mode: 'fork',
    autorestart: program.autorestart,
    min_uptime: program.startSeconds * 1000,
    ...(program.stdoutPath ? { out_file: program.stdoutPath } : {}),
  };
}

function pm2Files(workDir: string): { home: string; ecosystem: string } {
  return { home: join(workDir, 'pm2-home'), ecosystem: join(workDir, 'ecosystem.json') };
}

function writeEcosystem(workDir: string, programs: ProgramSpec[]): void {
  writeFileSync(pm2Files(workDir).ecosystem, JSON.stringify({ apps: programs.map(appEntry) }));
}

/** PM2 with its own PM2_HOME in the work dir; its daemon (God) is started by its CLI. */
export class Pm2Peer implements Peer {
  readonly name = 'pm2' as const;

  unavailableReason(): string | null {
    try {
      findExecutable('pm2');
      return null;
    } catch {
      return 'pm2 not installed (npm install -g pm2)';
    }
  }

  /** Read from its package.json: `pm2 --version` would start a daemon in the default PM2_HOME. */
  version(): string {
    const manifest = join(dirname(dirname(realpathSync(findExecutable('pm2')))), 'package.json');
    return JSON.parse(readFileSync(manifest, 'utf8')).version;
  }

  configure(programs: ProgramSpec[], workDir: string): void {
    mkdirSync(pm2Files(workDir).home, { recursive: true });
    writeEcosystem(workDir, programs);
  }

  launch(workDir: string, programs: ProgramSpec[]): LaunchedPeer {
    const { home, ecosystem } = pm2Files(workDir);
    const env = { PM2_HOME: home };
    const current = new Map(programs.map((program) => [program.name, program]));
    const cli = (args: string[]): Command => ({ argv: ['pm2', ...args], env, cwd: workDir });
    // The CLI spawns God and asks it to start the apps, then exits: time runs from this launch.
    const launcher = launchDetached(cli(['start', ecosystem]), join(workDir, 'pm2-start.out'));
    const ledger = new ProcessLedger();
    ledger.record(launcher);
    const pidFile = join(home, 'pm2.pid');
    let godPid: number | null = null;
    const rootPid = () => {
      godPid ??= pollSync(
        () => {
          if (!existsSync(pidFile)) return undefined;
          const pid = Number(readFileSync(pidFile, 'utf8').trim());
          return pid > 0 && isAlive(pid) ? pid : undefined;
        },
        { what: 'the PM2 daemon pid file', timeoutMs: 30_000, intervalMs: 2 },
      );
      ledger.record(godPid);
      return godPid;
    };
    return {
      rootPid,
      statusCommand: () => cli(['jlist']),
      rewriteForReloadCommand: (program) => {
        current.set(program.name, program);
        writeEcosystem(workDir, [...current.values()]);
        return cli(['restart', ecosystem, '--only', program.name]);
      },
      stop: () => {
        const root = rootPid();
        stopTree(root, ledger, () => timeCommand(cli(['kill'])));
        ledger.killAll();
      },
    };
  }
}
