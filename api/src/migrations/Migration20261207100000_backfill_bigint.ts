import { Migration } from '@mikro-orm/migrations';
import { LIFECYCLE_BACKFILL } from './Migration20261201040000_lifecycle';

/*
 * The demo registration day multiplied a household id by 7919 in int4: past id 271,000 (scale 3 and up)
 * the demo load failed with "integer out of range". The day is now computed in bigint (the same days below
 * that id, so scale 1 and its figures are unchanged). Databases made before take the corrected function.
 */
export class Migration20261207100000_backfill_bigint extends Migration {
  override async up(): Promise<void> {
    this.addSql(LIFECYCLE_BACKFILL);
  }
}
