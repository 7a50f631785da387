// Entry of the evidence writer thread: Padu runs its TypeScript through tsx, and a worker thread
// does not inherit the loader the main thread registered, so it registers it for itself.
import { register } from 'tsx/esm/api';

register();
await import('./writer-thread.ts');
