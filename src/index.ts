/** `npm run dev`: the assistant from the TypeScript sources (`npm start` runs the same main() from the bundle in dist/). */
import { main } from './main.js';

await main();
