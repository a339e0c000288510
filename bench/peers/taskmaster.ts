import { existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Client } from '../../src/client/client.js';
import { now } from '../clock.js';
import { compiledRoot, findCheckout } from '../locations.js';
import { launchDetached, ProcessLedger, signal, stopTree, type Command } from '../processes.js';
import type { ProgramSpec } from '../programs.js';
import type { LaunchedPeer, Peer } from './peer.js';

function unitFile(program: ProgramSpec): string {
  const lines = [
    `command = ${JSON.stringify(program.argv)}`,
    `start-seconds = ${program.startSeconds}`,
    `restart = "${program.autorestart ? 'always' : 'never'}"`,
  ];
  if (program.stdoutPath) lines.push(`stdout = ${JSON.stringify(program.stdoutPath)}`);
  return lines.join('\n') + '\n';
}

/**
 * The watched units directory, and hard links to its files outside it: writing through them
 * changes a unit without waking the watcher, so `reload` can be timed on its own.
 */
function unitDirectories(workDir: string): { unitsDir: string; unwatchedDir: string } {
  return { unitsDir: join(workDir, 'units'), unwatchedDir: join(workDir, 'units-unwatched') };
}

/** Taskmaster itself, from the checkout's bin/ running the compiled tree this harness belongs to. */
export class TaskmasterPeer implements Peer {
  readonly name = 'taskmaster' as const;
  private readonly checkout = findCheckout();
  private readonly env = { TASKMASTER_DIST: compiledRoot, NO_COLOR: '1' };

  unavailableReason(): string | null {
    if (!existsSync(join(compiledRoot, 'src', 'daemon', 'main.js'))) return `no compiled daemon in ${compiledRoot}`;
    try {
      // A build outside the checkout (tsc --outDir /tmp/...) finds its packages only through a node_modules link.
      createRequire(join(compiledRoot, 'src', 'cli', 'main.js')).resolve('commander');
      return null;
    } catch {
      return `${compiledRoot} cannot resolve its dependencies: ln -s ${join(this.checkout, 'node_modules')} ${compiledRoot}/`;
    }
  }

  version(): string {
    return JSON.parse(readFileSync(join(this.checkout, 'package.json'), 'utf8')).version;
  }

  cli(args: string[]): Command {
    return { argv: [process.execPath, join(this.checkout, 'bin', 'taskmaster.js'), ...args], env: this.env };
  }

  configure(programs: ProgramSpec[], workDir: string): void {
    const { unitsDir, unwatchedDir } = unitDirectories(workDir);
    mkdirSync(unitsDir, { recursive: true });
    mkdirSync(unwatchedDir, { recursive: true });
    for (const program of programs) {
      writeFileSync(join(unitsDir, `${program.name}.toml`), unitFile(program));
      linkSync(join(unitsDir, `${program.name}.toml`), join(unwatchedDir, `${program.name}.toml`));
    }
  }

  launch(workDir: string): LaunchedPeer {
    const { unitsDir, unwatchedDir } = unitDirectories(workDir);
    const socket = join(workDir, 'taskmaster.sock');
    const daemon: Command = {
      argv: [
        process.execPath,
        ...(process.env.BENCH_DAEMON_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
        join(this.checkout, 'bin', 'taskmasterd.js'),
        '--units', unitsDir,
        '--socket', socket,
        '--log-dir', join(workDir, 'logs'),
        '--state-dir', join(workDir, 'state'),
      ],
      env: this.env,
    };
    const pid = launchDetached(daemon, join(workDir, 'taskmasterd.out'));
    const ledger = new ProcessLedger();
    ledger.record(pid);
    return {
      rootPid: () => pid,
      statusCommand: () => this.cli(['--socket', socket, 'status', '--json']),
      protocolRoundTrips: async (count) => {
        const { client } = await Client.connect(socket, 'bench');
        const latencies: number[] = [];
        try {
          for (let i = 0; i < count; i++) {
            const started = now();
            await client.request('status', {});
            latencies.push(now() - started);
          }
        } finally {
          client.close();
        }
        return latencies;
      },
      rewriteForReloadCommand: (program) => {
        writeFileSync(join(unwatchedDir, `${program.name}.toml`), unitFile(program));
        return this.cli(['--socket', socket, 'reload']);
      },
      rewriteForWatcher: (program) => {
        writeFileSync(join(unitsDir, `${program.name}.toml`), unitFile(program));
      },
      // SIGTERM is the documented shutdown: every instance stopped, then exit.
      stop: () => stopTree(pid, ledger, () => signal(pid, 'SIGTERM')),
    };
  }
}
