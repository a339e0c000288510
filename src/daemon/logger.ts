/** The daemon's own diagnostics on stderr (the journal under systemd). Events go to the EventLog. */
export const logger = {
  info(message: string): void {
    process.stderr.write(`taskmasterd: ${message}\n`);
  },
  error(message: string): void {
    process.stderr.write(`taskmasterd: error: ${message}\n`);
  },
};
