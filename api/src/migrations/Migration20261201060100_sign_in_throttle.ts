import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in throttling shared by every hub instance on the database: failures per client address, per
 * user name and per client and name (see auth/throttle.ts), and the audit actions for failed sign-ins
 * and lock-outs.
 */
export class Migration20261201060100_sign_in_throttle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type audit_action add value if not exists 'SIGN_IN_FAILED'`);
    this.addSql(`alter type audit_action add value if not exists 'SIGN_IN_LOCKED'`);
    this.addSql(`create table sign_in_throttle (
      key varchar(200) collate "C" primary key,
      failures integer not null check (failures > 0),
      last_at timestamptz not null
    )`);
    this.addSql(`create index sign_in_throttle_last_at_idx on sign_in_throttle (last_at)`);
    this.addSql(`comment on table sign_in_throttle is 'Recent failed sign-ins by client, name and client+name; a row is forgotten after a quiet window'`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sign_in_throttle');
  }
}
