import { Migration20261125000000_registry } from './Migration20261125000000_registry';
import { Migration20261125010000_programmes } from './Migration20261125010000_programmes';

/** The committed migrations, in order. A new one is generated with `npm run migration:create` and listed here. */
export const migrationsList = [
  { name: 'Migration20261125000000_registry', class: Migration20261125000000_registry },
  { name: 'Migration20261125010000_programmes', class: Migration20261125010000_programmes },
];
