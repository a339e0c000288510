/**
 * zod for the protocol's schemas: its "mini" build, which loads in a third of the time of the
 * classic one, with the English messages the classic build would set up (mini sets none).
 * Import it as a namespace (`import * as z`), so that bundles keep only what the schemas use.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
