import { buildConsole } from './build-console.js';

// `npm run build:console`: builds the console (or reuses the build of the same inputs) and prints where.
const result = await buildConsole();
console.log(`${result.built ? 'built' : 'reused'} ${result.dir}`);
