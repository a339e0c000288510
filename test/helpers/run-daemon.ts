// Starts the daemon in the foreground for tests, with every path given as JSON in argv[2].
import { runDaemon } from '../../src/daemon/main.js';

const options = JSON.parse(process.argv[2]);
runDaemon(options).then((code) => process.exit(code));
