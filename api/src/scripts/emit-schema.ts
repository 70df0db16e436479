import 'reflect-metadata';
import fs from 'node:fs';
import { printSdl, SDL_PATH } from '../schema-sdl';

// Writes schema/schema.graphql from the code; `npm test` fails while the committed file differs.
printSdl().then((sdl) => {
  fs.writeFileSync(SDL_PATH, sdl);
  console.log(`wrote ${SDL_PATH}`);
});
