import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchDetached, ProcessLedger, signal, stopTree, type Command } from '../processes.js';
import type { ProgramSpec } from '../programs.js';
import type { LaunchedPeer, Peer } from './peer.js';

function programSection(program: ProgramSpec): string {
  const lines = [
    `[program:${program.name}]`,
    `command=${program.argv.join(' ')}`,
    `startsecs=${program.startSeconds}`,
    `autorestart=${program.autorestart ? 'true' : 'false'}`,
    // No rotation: S5 counts every byte in one file.
    'stdout_logfile_maxbytes=0',
    'stderr_logfile_maxbytes=0',
  ];
  if (program.stdoutPath) lines.push(`stdout_logfile=${program.stdoutPath}`);
  return lines.join('\n') + '\n';
}

function supervisordFiles(workDir: string): { config: string; programsDir: string } {
  return { config: join(workDir, 'supervisord.conf'), programsDir: join(workDir, 'programs') };
}

function writeProgram(programsDir: string, program: ProgramSpec): void {
  writeFileSync(join(programsDir, `${program.name}.conf`), programSection(program));
}

/** supervisord from the Debian package, run in the foreground with everything in the work dir. */
export class SupervisordPeer implements Peer {
  readonly name = 'supervisord' as const;

  unavailableReason(): string | null {
    const probe = spawnSync('supervisord', ['--version'], { stdio: 'ignore' });
    return probe.status === 0 ? null : 'supervisord not installed (apt-get install supervisor)';
  }

  version(): string {
    return spawnSync('supervisord', ['--version'], { encoding: 'utf8' }).stdout.trim();
  }

  configure(programs: ProgramSpec[], workDir: string): void {
    const { config, programsDir } = supervisordFiles(workDir);
    const logDir = join(workDir, 'logs');
    mkdirSync(programsDir, { recursive: true });
    mkdirSync(logDir, { recursive: true });
    const socket = join(workDir, 'supervisor.sock');
    writeFileSync(
      config,
      [
        '[unix_http_server]',
        `file=${socket}`,
        '[supervisord]',
        `logfile=${join(workDir, 'supervisord.log')}`,
        `pidfile=${join(workDir, 'supervisord.pid')}`,
        `childlogdir=${logDir}`,
        'nodaemon=true',
        // Each program holds pipes and log files; the default 1024 descriptors is too few for 500.
        'minfds=16384',
        '[rpcinterface:supervisor]',
        'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
        '[supervisorctl]',
        `serverurl=unix://${socket}`,
        '[include]',
        `files = ${programsDir}/*.conf`,
        '',
      ].join('\n'),
    );
    for (const program of programs) writeProgram(programsDir, program);
  }

  launch(workDir: string): LaunchedPeer {
    const { config, programsDir } = supervisordFiles(workDir);
    const pid = launchDetached({ argv: ['supervisord', '-n', '-c', config] }, join(workDir, 'supervisord.out'));
    const ledger = new ProcessLedger();
    ledger.record(pid);
    const supervisorctl = (args: string) => `supervisorctl -c ${config} ${args}`;
    return {
      rootPid: () => pid,
      statusCommand: () => ({ argv: ['supervisorctl', '-c', config, 'status'] }),
      rewriteForReloadCommand: (program): Command => {
        writeProgram(programsDir, program);
        return { argv: ['sh', '-c', `${supervisorctl('reread')} && ${supervisorctl('update')}`] };
      },
      stop: () => stopTree(pid, ledger, () => signal(pid, 'SIGTERM')),
    };
  }
}
