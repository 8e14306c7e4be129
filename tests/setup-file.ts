import { beforeAll } from 'vitest';
import { clock } from '../src/lib/clock.js';

// Test files of one worker share its modules: each starts on the real clock, whatever the file before it did.
beforeAll(() => clock.reset());
