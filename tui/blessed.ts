import { createRequire } from 'node:module';
import type * as BlessedModule from 'blessed';

// blessed loads its widgets with `require('./widgets/' + name)`, which an ESM import cannot follow.
const require = createRequire(import.meta.url);
export const blessed: typeof BlessedModule = require('blessed');
export type { Widgets } from 'blessed';
