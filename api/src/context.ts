import type { EntityManager } from '@mikro-orm/postgresql';
import type { Lang } from './common/errors';
import { Loaders } from './common/loaders';

/** What every resolver gets: its own EntityManager fork and DataLoaders, both living for one request. */
export interface Context {
  em: EntityManager;
  lang: Lang;
  loaders: Loaders;
}

export function createContext(em: EntityManager, lang: Lang): Context {
  return { em: em.fork(), lang, loaders: new Loaders() };
}
