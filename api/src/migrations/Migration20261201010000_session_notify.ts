import { Migration } from '@mikro-orm/migrations';

/*
 * Hub instances cache sessions for a few seconds (modules/auth/session-cache.ts). Whatever ends a session
 * or changes what a user may do tells every instance, by NOTIFY on `fupin_sessions` from these triggers:
 * the notification goes out when the writing transaction commits (never for a rolled-back one), from
 * whichever path wrote it (a resolver, a script, psql).
 */
export class Migration20261201010000_session_notify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function notify_session_users() returns trigger language plpgsql as $$
      begin
        perform pg_notify('fupin_sessions', 'user:' || t.user_id) from (select distinct user_id from old_rows) t;
        return null;
      end $$`);
    this.addSql(`create trigger user_session_notify_delete after delete on user_session referencing old table as old_rows for each statement execute function notify_session_users()`);
    this.addSql(`create trigger user_session_notify_update after update on user_session referencing old table as old_rows for each statement execute function notify_session_users()`);
    this.addSql(`create function notify_sessions_all() returns trigger language plpgsql as $$
      begin
        perform pg_notify('fupin_sessions', 'all');
        return null;
      end $$`);
    this.addSql(`create trigger user_session_notify_truncate after truncate on user_session for each statement execute function notify_sessions_all()`);
    this.addSql(`create trigger app_user_notify_truncate after truncate on app_user for each statement execute function notify_sessions_all()`);
    // A change of who the user is or may be (name, role, scope, active, password), or the user's deletion.
    this.addSql(`create function notify_app_user() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' or (old.username, old.role, old.scope_region_code, old.active, old.password_hash)
            is distinct from (new.username, new.role, new.scope_region_code, new.active, new.password_hash) then
          perform pg_notify('fupin_sessions', 'user:' || old.id);
        end if;
        return null;
      end $$`);
    this.addSql(`create trigger app_user_notify after update or delete on app_user for each row execute function notify_app_user()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists app_user_notify on app_user');
    this.addSql('drop trigger if exists app_user_notify_truncate on app_user');
    this.addSql('drop trigger if exists user_session_notify_truncate on user_session');
    this.addSql('drop trigger if exists user_session_notify_update on user_session');
    this.addSql('drop trigger if exists user_session_notify_delete on user_session');
    this.addSql('drop function if exists notify_app_user(), notify_sessions_all(), notify_session_users()');
  }
}
