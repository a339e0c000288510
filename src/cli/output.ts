/**
 * Where commands write. Commands never touch process.stdout directly, so the shell and tests can
 * hand them another sink, and colour is decided once per run.
 */
export interface Output {
  /** True when ANSI colour may be used on `out`. */
  readonly color: boolean;
  /** Writes text to standard output exactly as given (no newline added). */
  out(text: string): void;
  /** Writes text to standard error exactly as given. */
  err(text: string): void;
}

/** NO_COLOR (any non-empty value) always wins; otherwise colour only on a terminal, or when FORCE_COLOR asks. */
export function shouldUseColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY === true && env.TERM !== 'dumb';
}

export function processOutput(env: NodeJS.ProcessEnv = process.env): Output {
  return {
    color: shouldUseColor(process.stdout.isTTY, env),
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  };
}

/** Collects everything written; used by tests and for measuring output before printing it. */
export class BufferedOutput implements Output {
  stdout = '';
  stderr = '';
  constructor(readonly color = false) {}
  out(text: string): void {
    this.stdout += text;
  }
  err(text: string): void {
    this.stderr += text;
  }
}
