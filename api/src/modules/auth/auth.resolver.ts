import { regionLevelOf, startsLikeFormula } from '@fupin/schema';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { crudResolvers, inTransaction, mustFind, removeAndReturn } from '../../common/crud';
import { AppError, registerDetails, registerFieldLabels } from '../../common/errors';
import { and, BaseFilter, intId, likeEscape } from '../../common/list';
import { DateTime } from '../../common/scalars';
import { Region } from '../region/region.entity';
import { RegionService, withinRegion } from '../region/region.service';
import { Access, type Role } from './access';
import type { UserDuty } from '@fupin/schema';
import { UserDutyEnum, UserRoleEnum } from './auth.enums';
import { normalizeUsername } from './auth.service';
import { checkPassword, hashPassword } from './password';
import { User } from './user.entity';

registerFieldLabels({
  username: { zh: '登录名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  displayName: { zh: '姓名', en: 'Display name' },
  role: { zh: '角色', en: 'Role' },
  scopeRegionCode: { zh: '管辖区域', en: 'Region of work' },
  duty: { zh: '职责', en: 'Duty' },
});
registerDetails({
  BAD_CREDENTIALS: { zh: '用户名或密码错误', en: 'wrong user name or password' },
  LOCKED: { zh: '登录失败次数过多，请稍后再试', en: 'too many failed sign-ins, try again later' },
  PASSWORD_LENGTH: { zh: '应为10到128个字符', en: 'must be 10 to 128 characters' },
  USERNAME: { zh: '应为3到32位小写字母、数字、点、横线或下划线，以字母或数字开头', en: 'must be 3 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit' },
  SCOPE_REQUIRED: { zh: '经办人员必须指定县、乡镇或村', en: 'an operator needs a county, township or village' },
  SCOPE_LEVEL: { zh: '应为县、乡镇或村', en: 'must be a county, township or village' },
  SCOPE_ADMIN: { zh: '市级管理员不限区域', en: 'a city administrator has no region' },
  DUTY_COUNTY: { zh: '财务职责只适用于县级经办人员', en: 'the finance duty is for county operators only' },
  SELF: { zh: '不能停用、降级或删除自己的账号', en: 'you cannot deactivate, demote or delete yourself' },
});

@ObjectType({ description: 'A signed-in session: the token to send as `Authorization: Bearer <token>` (the admin uses the HttpOnly cookie set with it).' })
@Access('PUBLIC')
class Session {
  @Field({ description: 'Session token; keep it secret. Sent once, never stored in clear by the hub.' })
  token!: string;

  @Field(() => DateTime, { description: 'When the session ends.' })
  expiresAt!: Date;

  @Access('PUBLIC')
  @Field(() => User, { description: 'The signed-in user.' })
  user!: User;
}

@InputType({ description: 'Filter of the user list; all given conditions must hold.' })
class UserFilter extends BaseFilter {
  @Field({ nullable: true, description: 'Text search on the user name and display name.' })
  q?: string;
  @Field(() => UserRoleEnum, { nullable: true, description: 'Only this role.' })
  role?: Role;
  @Field({ nullable: true, description: 'Only active (true) or deactivated (false) users.' })
  active?: boolean;
  @Field(() => ID, { nullable: true, description: 'Only users whose region lies in the subtree of this region code.' })
  regionCode?: string;
}

@ArgsType()
class CreateUserArgs {
  @Field({ description: 'Sign-in name; stored in lower case.' })
  username!: string;
  @Field({ description: 'Name shown in the admin and the audit trail.' })
  displayName!: string;
  @Field({ description: 'First password, 10 to 128 characters.' })
  password!: string;
  @Field(() => UserRoleEnum, { description: 'Role.' })
  role!: Role;
  @Field(() => ID, { nullable: true, description: 'County or township code; required for operators, optional for analysts and viewers, none for administrators.' })
  scopeRegionCode?: string | null;
  @Field({ nullable: true, description: 'Whether the user may sign in (default true).' })
  active?: boolean;
  @Field(() => UserDutyEnum, { nullable: true, description: 'FINANCE for a county operator who pays subsidies; none by default.' })
  duty?: UserDuty | null;
}

@ArgsType()
class UpdateUserArgs {
  @Field(() => ID, { description: 'User id.' })
  id!: string;
  @Field({ nullable: true, description: 'Name shown in the admin and the audit trail.' })
  displayName?: string;
  @Field(() => UserRoleEnum, { nullable: true, description: 'Role.' })
  role?: Role;
  @Field(() => ID, { nullable: true, description: 'County or township code; null clears it.' })
  scopeRegionCode?: string | null;
  @Field({ nullable: true, description: 'Whether the user may sign in; false ends their sessions.' })
  active?: boolean;
  @Field(() => UserDutyEnum, { nullable: true, description: 'FINANCE for a county operator who pays subsidies; null clears it.' })
  duty?: UserDuty | null;
}

function checkUsername(raw: string): string {
  const v = normalizeUsername(raw);
  if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(v)) throw new AppError('VALIDATION_FAILED', 'username', { detail: 'USERNAME' });
  return v;
}

function checkDisplayName(raw: string | undefined | null): string {
  const v = (raw ?? '').trim();
  if (!v) throw new AppError('REQUIRED', 'displayName');
  if (v.length > 64) throw new AppError('VALIDATION_FAILED', 'displayName', { detail: 'TOO_LONG' });
  if (startsLikeFormula(v)) throw new AppError('VALIDATION_FAILED', 'displayName', { detail: 'FORMULA' });
  return v;
}

/** The role decides the scope: operators need a county or township, administrators have none. */
async function checkScope(ctx: Context, role: Role, code: string | null | undefined): Promise<Region | null> {
  if (!code) {
    if (role === 'OPERATOR') throw new AppError('REQUIRED', 'scopeRegionCode', { detail: 'SCOPE_REQUIRED' });
    return null;
  }
  if (role === 'CITY_ADMIN') throw new AppError('VALIDATION_FAILED', 'scopeRegionCode', { detail: 'SCOPE_ADMIN' });
  const region = /^\d{12}$/.test(code) ? await ctx.em.findOne(Region, code) : null;
  if (!region) throw new AppError('INVALID_REFERENCE', 'scopeRegionCode');
  if (!['COUNTY', 'TOWNSHIP', 'VILLAGE'].includes(regionLevelOf(code))) throw new AppError('VALIDATION_FAILED', 'scopeRegionCode', { detail: 'SCOPE_LEVEL' });
  return region;
}

/** FINANCE is a duty of county operators only (they pay what the county approved for its townships). */
function checkDuty(role: Role, scope: Region | null, duty: UserDuty | null | undefined): UserDuty | null {
  if (!duty) return null;
  if (role !== 'OPERATOR' || !scope || regionLevelOf(scope.code) !== 'COUNTY') throw new AppError('VALIDATION_FAILED', 'duty', { detail: 'DUTY_COUNTY' });
  return duty;
}

function userWhere(f?: UserFilter): FilterQuery<User> {
  if (!f) return {};
  const w: Record<string, unknown>[] = [];
  if (f.ids) w.push({ id: { $in: f.ids.map((i) => intId(i, 'ids')) } });
  if (f.q) w.push({ $or: [{ username: { $like: `%${likeEscape(f.q.toLowerCase())}%` } }, { displayName: { $like: `%${likeEscape(f.q)}%` } }] });
  if (f.role) w.push({ role: f.role });
  if (f.active !== undefined && f.active !== null) w.push({ active: f.active });
  if (f.regionCode) w.push({ scopeRegion: withinRegion(f.regionCode, 'regionCode') });
  return and<User>(w);
}

const userCrud = crudResolvers<User, UserFilter>({
  name: 'User',
  type: User,
  entity: User,
  filter: UserFilter,
  where: userWhere,
  sortable: { id: 'id', username: 'username', displayName: 'displayName', role: 'role', active: 'active', createdAt: 'createdAt' },
  access: { read: 'ADMIN', write: 'ADMIN' },
  create: {
    args: CreateUserArgs,
    async run(ctx, a: CreateUserArgs) {
      const username = checkUsername(a.username);
      const displayName = checkDisplayName(a.displayName);
      const password = checkPassword(a.password);
      const scope = await checkScope(ctx, a.role, a.scopeRegionCode);
      if (await ctx.em.findOne(User, { username }, { fields: ['id'] })) throw new AppError('DUPLICATE', 'username');
      const duty = checkDuty(a.role, scope, a.duty);
      const user = ctx.em.create(User, { username, displayName, passwordHash: await hashPassword(password), role: a.role, scopeRegion: scope, active: a.active ?? true, duty } as never);
      await ctx.em.flush();
      return user;
    },
  },
  update: {
    args: UpdateUserArgs,
    async run(ctx, a: UpdateUserArgs) {
      const user = await mustFind(ctx, User, intId(a.id));
      const self = user.id === ctx.principal?.userId;
      if (a.displayName !== undefined && a.displayName !== null) user.displayName = checkDisplayName(a.displayName);
      const role = a.role ?? user.role;
      if (self && (role !== 'CITY_ADMIN' || a.active === false)) throw new AppError('CONFLICT', 'id', { detail: 'SELF' });
      const code = a.scopeRegionCode !== undefined ? a.scopeRegionCode : role === 'CITY_ADMIN' ? null : user.scopeRegionCode;
      const scope = await checkScope(ctx, role, code);
      // A new role or region the kept duty no longer fits drops it; a duty given must fit.
      const keep = a.duty === undefined && user.duty && role === 'OPERATOR' && scope && regionLevelOf(scope.code) === 'COUNTY';
      user.duty = a.duty === undefined ? (keep ? user.duty : null) : checkDuty(role, scope, a.duty);
      user.role = role;
      user.scopeRegion = scope ? ctx.em.getReference(Region, scope.code, { wrapped: true }) : null;
      if (a.active !== undefined && a.active !== null) user.active = a.active;
      await ctx.em.flush();
      if (!user.active) await ctx.auth?.endSessions(user.id);
      // A new role or scope applies to the user's next request here; other instances hear it by NOTIFY at commit.
      ctx.auth?.forgetUser(user.id);
      return user;
    },
  },
  async remove(ctx, id) {
    const user = await mustFind(ctx, User, id);
    if (user.id === ctx.principal?.userId) throw new AppError('CONFLICT', 'id', { detail: 'SELF' });
    ctx.auth?.forgetUser(user.id);
    return removeAndReturn(ctx, user);
  },
});

@Resolver(() => User)
class UserFieldResolver {
  @FieldResolver(() => Region, { nullable: true, description: 'The county or township the user is limited to; null for the whole city.' })
  scopeRegion(@Root() u: User, @Ctx() ctx: Context): Promise<Region | null> | null {
    return u.scopeRegionCode ? new RegionService(ctx.em, ctx.loaders).byCode(u.scopeRegionCode) : null;
  }
}

@Resolver()
class AuthResolver {
  @Access('PUBLIC')
  @Mutation(() => Session, { description: 'Signs in: opens a session, sets it as an HttpOnly cookie and returns its token (for `Authorization: Bearer`). A wrong name or password is UNAUTHENTICATED; so is a name with too many recent failures.' })
  async signIn(
    @Arg('username', { description: 'Sign-in name (case does not matter).' }) username: string,
    @Arg('password', { description: 'Password.' }) password: string,
    @Ctx() ctx: Context,
  ): Promise<Session> {
    const s = await ctx.auth!.signIn(username, password, ctx.http?.req.ip ?? 'local');
    if (ctx.http) ctx.auth!.setCookie(ctx.http.req, ctx.http.res, s.token, s.expiresAt);
    return s;
  }

  @Access('SIGNED_IN')
  @Mutation(() => Boolean, { description: 'Signs out: ends the session of this request and clears the cookie. Always true.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    await ctx.auth!.signOut(ctx.http?.token);
    if (ctx.http) ctx.auth!.clearCookie(ctx.http.req, ctx.http.res);
    return true;
  }

  @Access('SIGNED_IN')
  @Query(() => User, { description: 'The signed-in user (role and region decide what the admin shows).' })
  async me(@Ctx() ctx: Context): Promise<User> {
    const user = await ctx.auth!.userById(ctx.principal!.userId);
    if (!user) throw new AppError('UNAUTHENTICATED');
    return user;
  }

  @Access('SIGNED_IN')
  @Mutation(() => Boolean, { description: "Changes the signed-in user's own password after checking the current one; their other sessions end. Audited." })
  async changePassword(
    @Arg('currentPassword', { description: 'The current password.' }) currentPassword: string,
    @Arg('newPassword', { description: 'The new password, 10 to 128 characters.' }) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    checkPassword(newPassword);
    await ctx.auth!.changeOwnPassword(ctx.principal!, currentPassword, newPassword);
    return true;
  }

  @Access('ADMIN')
  @Mutation(() => User, { description: "Sets a user's password (administrators); the user's sessions end. Audited without the password." })
  setPassword(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Arg('password', { description: 'New password, 10 to 128 characters.' }) password: string,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return inTransaction(ctx, async (tx) => {
      const user = await mustFind(tx, User, intId(id));
      user.passwordHash = await hashPassword(checkPassword(password));
      await tx.em.flush();
      await ctx.auth!.endSessions(user.id, user.id === ctx.principal?.userId ? ctx.principal.sessionId : undefined);
      return user;
    });
  }
}

export const authResolvers = [AuthResolver, ...userCrud, UserFieldResolver];
